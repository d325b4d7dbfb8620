import { ErrorCodes, OutpostError, type Logger, silentLogger } from '@outpost/shared';
import { compileCredentials, type RepoCredential } from './credentials.ts';
import { compileUrlRewrites, type UrlRewrite } from './url-rewrites.ts';

/** Argo CD's default repository poll interval: 3 minutes. */
export const DEFAULT_POLL_INTERVAL_MS = 180_000;

/** A poll interval for every repository whose repoURL (as written) starts with `prefix`; longest prefix wins. */
export interface PollIntervalRule {
  readonly prefix: string;
  readonly intervalMs: number;
}

/** Options for {@link GitSources}. */
export interface GitSourcesOptions {
  /** The hub's data dir; repository caches live in `<dataDir>/repos`. Required. */
  dataDir: string;
  /** Poll interval for repositories without a rule. Default 3 minutes (`--repo-poll-interval`). */
  pollIntervalMs?: number;
  /** Per-repository poll intervals by repoURL prefix. Default none. */
  pollIntervals?: readonly PollIntervalRule[];
  /** URL rewrites, `FROM=TO` strings or objects; longest `from` wins (`--repo-rewrite`). Default none. */
  rewrites?: readonly (string | UrlRewrite)[];
  /** Credentials by prefix of the URL fetched (after rewrites); longest prefix wins. Default none. */
  credentials?: readonly RepoCredential[];
  /** Parsed trees kept in memory. Default 20 000. */
  maxCachedTrees?: number;
  /** Per-commit file lists kept in memory. Default 64. */
  maxCachedFileLists?: number;
  /** Bytes of file contents kept in memory by blob id. Default 64 MiB. */
  maxCachedBlobBytes?: number;
  /**
   * Packs a fetched repository's cache may hold before the small ones are merged into one
   * (every fetch adds a pack; see `PackCompactor`). Default 50, git's `gc.autoPackLimit`.
   */
  maxPacks?: number;
  /** Directory relative local paths are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** Logger, bound to the component by the caller or here. Default silent. */
  logger?: Logger;
}

/** {@link GitSourcesOptions} validated, with defaults filled. */
export interface CompiledGitSourcesOptions {
  readonly dataDir: string;
  readonly pollIntervalMs: number;
  readonly pollIntervals: readonly PollIntervalRule[];
  readonly rewrites: readonly UrlRewrite[];
  readonly credentials: readonly RepoCredential[];
  readonly maxCachedTrees: number;
  readonly maxCachedFileLists: number;
  readonly maxCachedBlobBytes: number;
  readonly maxPacks: number;
  readonly cwd: string;
  readonly logger: Logger;
}

/** Validates `options` and fills defaults. Throws `CONFIG_INVALID` on a bad value. */
export function compileGitSourcesOptions(options: GitSourcesOptions): CompiledGitSourcesOptions {
  if (!options.dataDir) throw invalid('git sources need a data dir');
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  checkInterval(pollIntervalMs, 'repository poll interval');
  const pollIntervals = options.pollIntervals ?? [];
  for (const rule of pollIntervals) {
    if (!rule.prefix) throw invalid('a repository poll interval rule has no prefix');
    checkInterval(rule.intervalMs, `poll interval for ${rule.prefix}`);
  }
  return {
    dataDir: options.dataDir,
    pollIntervalMs,
    pollIntervals,
    rewrites: compileUrlRewrites(options.rewrites ?? []),
    credentials: compileCredentials(options.credentials ?? []),
    maxCachedTrees: positive(options.maxCachedTrees ?? 20_000, 'maxCachedTrees'),
    maxCachedFileLists: positive(options.maxCachedFileLists ?? 64, 'maxCachedFileLists'),
    maxCachedBlobBytes: positive(options.maxCachedBlobBytes ?? 64 * 1024 * 1024, 'maxCachedBlobBytes'),
    maxPacks: positive(options.maxPacks ?? 50, 'maxPacks'),
    cwd: options.cwd ?? process.cwd(),
    logger: (options.logger ?? silentLogger()).child({ component: 'git-sources' }),
  };
}

/** The poll interval for `repoURL`: the longest matching rule, else the default. */
export function pollIntervalFor(repoURL: string, options: CompiledGitSourcesOptions): number {
  let best: PollIntervalRule | undefined;
  for (const rule of options.pollIntervals) {
    if (repoURL.startsWith(rule.prefix) && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best?.intervalMs ?? options.pollIntervalMs;
}

function checkInterval(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms < 100) throw invalid(`${what} must be at least 100 ms (got ${ms} ms)`);
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw invalid(`${what} must be a positive integer (got ${n})`);
  return n;
}

function invalid(message: string): OutpostError {
  return new OutpostError(ErrorCodes.CONFIG_INVALID, message);
}
