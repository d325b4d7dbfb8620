import { ErrorCodes, OutpostError, parseDuration, type Logger, type WireLimits } from '@outpost/shared';
import type { GitFileGlobbing } from '../appsets/generators/generator-context.ts';
import type { ClusterDirectory } from '../fleet/cluster-directory.ts';
import type { AgentAuthenticator } from '../server/grpc/auth-mtls.ts';
import type { Store } from '../store/store.ts';

/** Options of {@link Hub.create}; each has an `outpost principal` flag and `OUTPOST_*` variable. */
export interface HubOptions {
  /** State: store, repository caches, PKI. Required (`--data-dir`). */
  dataDir: string;
  /** Agents' gRPC address. Default `0.0.0.0:8443` (`--grpc-listen`); port 0 picks one. */
  grpcListen?: string;
  /** HTTP API address, served by the HTTP module. Default `0.0.0.0:8080` (`--http-listen`). */
  httpListen?: string;
  /** `FROM=TO` repository URL rewrites (`--repo-rewrite`, repeatable). */
  repoRewrites?: readonly string[];
  /** Repository poll interval, a duration like `30s` or ms. Default `3m` (`--repo-poll-interval`). */
  repoPollInterval?: string | number;
  /** ApplicationSet / Application files or directories (`--appset`, repeatable). */
  appsetFiles?: readonly string[];
  /** Git files generator globbing. Default `legacy` (`--git-file-globbing`). */
  gitFileGlobbing?: GitFileGlobbing;
  /** Names and IPs of the hub's serving certificate. Default localhost, loopback and the host name. */
  tlsHosts?: readonly string[];
  /** Protocol limits. Defaults from `DEFAULT_WIRE_LIMITS`. */
  limits?: Partial<WireLimits>;
  /** Who an agent is. Default mTLS against the cluster registry (client certificate from Enroll). */
  authenticator?: AgentAuthenticator;
  /** The fleet's clusters. Default the cluster registry. */
  clusters?: ClusterDirectory;
  /** The store. Default the file store in `dataDir`. */
  store?: Store;
  /** Default a silent logger. */
  logger?: Logger;
}

/** {@link HubOptions} validated with defaults filled. */
export interface CompiledHubOptions extends HubOptions {
  grpcListen: string;
  httpListen: string;
  repoRewrites: readonly string[];
  repoPollIntervalMs: number;
  appsetFiles: readonly string[];
  gitFileGlobbing: GitFileGlobbing;
}

/** Validates and fills defaults. @throws OutpostError CONFIG_INVALID naming the option. */
export function compileHubOptions(options: HubOptions): CompiledHubOptions {
  const invalid = (m: string) => new OutpostError(ErrorCodes.CONFIG_INVALID, m);
  if (!options.dataDir) throw invalid('the hub needs a data dir (--data-dir or OUTPOST_DATA_DIR)');
  const grpcListen = options.grpcListen ?? '0.0.0.0:8443';
  const httpListen = options.httpListen ?? '0.0.0.0:8080';
  for (const [flag, v] of [
    ['--grpc-listen', grpcListen],
    ['--http-listen', httpListen],
  ] as const) {
    if (!/^.+:\d{1,5}$/.test(v)) throw invalid(`${flag} must be HOST:PORT, got ${JSON.stringify(v)}`);
  }
  const interval = options.repoPollInterval ?? '3m';
  const repoPollIntervalMs = typeof interval === 'number' ? interval : parseDuration(interval);
  if (!(repoPollIntervalMs > 0))
    throw invalid(`--repo-poll-interval must be positive, got ${JSON.stringify(interval)}`);
  const gitFileGlobbing = options.gitFileGlobbing ?? 'legacy';
  if (gitFileGlobbing !== 'legacy' && gitFileGlobbing !== 'doublestar') {
    throw invalid(`--git-file-globbing must be legacy or doublestar, got ${JSON.stringify(gitFileGlobbing)}`);
  }
  for (const r of options.repoRewrites ?? []) {
    if (!r.includes('=')) throw invalid(`--repo-rewrite must be FROM=TO, got ${JSON.stringify(r)}`);
  }
  return {
    ...options,
    grpcListen,
    httpListen,
    repoRewrites: options.repoRewrites ?? [],
    repoPollIntervalMs,
    appsetFiles: options.appsetFiles ?? [],
    gitFileGlobbing,
  };
}
