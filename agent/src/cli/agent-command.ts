import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ErrorCodes, OutpostError, createLogger, parseDuration } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import { Agent } from '../agent.ts';
import type { AgentOptions } from '../agent-options.ts';
import { loadClusterEndpoint } from '../kube/kube-config.ts';
import { RestKubeClient } from '../kube/rest-kube-client.ts';
import { tokenCredentials } from '../link/credentials.ts';
import type { LinkCredentials } from '../link/credentials.ts';
import { EnrolledCredentials, secretIdentityStore } from '../link/enroll-index.ts';
import type { IdentityStore } from '../link/enroll-index.ts';

/** Parsed `outpost agent` flags. */
export interface AgentFlags {
  hub?: string;
  cluster?: string;
  token?: string;
  bootstrapToken?: string;
  caFingerprint?: string;
  caFile?: string;
  kubeconfig?: string;
  context?: string;
  stateDir: string;
  namespace: string;
  httpListen?: string;
  qps: string;
  burst: string;
  instanceId?: string;
  leaseDuration?: string;
  leaderElection: boolean;
  tlsServerName?: string;
  /** Period of the full resync, a duration (`3m`, `90s`, `0` = off). */
  fullResync?: string;
  /** The Secret holding the shared enrolled identity; `none` keeps it in the state dir. */
  identitySecret?: string;
}

/** The Secret the DaemonSet's pods share their enrolled identity through, by default. */
export const DEFAULT_IDENTITY_SECRET = 'outpost-agent-identity';

/**
 * The Secret (in `--namespace`) that holds the enrolled identity, or undefined for the state
 * dir. `--identity-secret NAME` selects it; `none` (or empty) turns it off. By default it is on
 * in-cluster (no `--kubeconfig`): every pod of the DaemonSet must share the one identity the
 * one-time token buys, or only the first pod could enroll.
 */
export function identitySecretName(
  flags: Pick<AgentFlags, 'identitySecret' | 'kubeconfig'>,
): string | undefined {
  const named = flags.identitySecret?.trim();
  if (named !== undefined) return named === '' || named === 'none' ? undefined : named;
  return flags.kubeconfig ? undefined : DEFAULT_IDENTITY_SECRET;
}

/** The store of the enrolled identity: the shared Secret ({@link identitySecretName}) or the state dir. */
export function agentIdentityStore(flags: AgentFlags, logger: Logger): IdentityStore | undefined {
  const name = identitySecretName(flags);
  if (!name) return undefined;
  const endpoint = loadClusterEndpoint({
    ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context ? { context: flags.context } : {}),
  });
  return secretIdentityStore(new RestKubeClient(endpoint, logger), flags.namespace, name);
}

/**
 * Builds the agent's credentials: a bearer token (`--token`, for hubs that authenticate
 * agents by token) or the enrolled mTLS identity, kept in the shared Secret
 * ({@link agentIdentityStore}) or in `--state-dir` (enrolling first with `--bootstrap-token`
 * when there is none).
 */
export async function agentCredentials(flags: AgentFlags, logger: Logger): Promise<LinkCredentials> {
  if (flags.token) {
    const caPem = flags.caFile ? await readCaFile(flags.caFile) : undefined;
    return tokenCredentials({ token: flags.token, ...(caPem ? { caPem } : {}) });
  }
  const caPem = flags.caFile ? (await readCaFile(flags.caFile)).toString('utf8') : undefined;
  const store = agentIdentityStore(flags, logger);
  return EnrolledCredentials.ensure(
    flags.stateDir,
    {
      hub: flags.hub!.replace(/^(https?|grpcs?):\/\//, ''),
      cluster: flags.cluster!,
      ...(flags.bootstrapToken ? { token: flags.bootstrapToken } : {}),
      ...(flags.caFingerprint ? { caFingerprint: flags.caFingerprint } : {}),
      ...(caPem ? { caPem } : {}),
    },
    logger,
    store ? { store } : {},
  );
}

/** Turns flags into {@link AgentOptions}. @throws OutpostError CONFIG_INVALID. */
export function agentOptions(flags: AgentFlags, credentials: LinkCredentials, logger: Logger): AgentOptions {
  const number = (v: string | undefined, flag: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new OutpostError(ErrorCodes.CONFIG_INVALID, `${flag} must be a non-negative number, got "${v}"`);
    return n;
  };
  return {
    hub: flags.hub!,
    cluster: flags.cluster!,
    credentials,
    kube: {
      ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context ? { context: flags.context } : {}),
    },
    stateDir: flags.stateDir,
    namespace: flags.namespace,
    ...(flags.httpListen ? { httpListen: flags.httpListen } : {}),
    qps: number(flags.qps, '--qps'),
    burst: number(flags.burst, '--burst'),
    ...(flags.instanceId ? { instanceId: flags.instanceId } : {}),
    ...(flags.leaseDuration ? { leaseDurationMs: number(flags.leaseDuration, '--lease-duration-ms') } : {}),
    leaderElection: flags.leaderElection,
    ...(flags.tlsServerName ? { tlsServerName: flags.tlsServerName } : {}),
    ...(flags.fullResync !== undefined
      ? { fullResyncMs: durationMs(flags.fullResync, '--full-resync') }
      : {}),
    logger,
  };
}

function durationMs(v: string, flag: string): number {
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  try {
    return parseDuration(v);
  } catch {
    throw new OutpostError(
      ErrorCodes.CONFIG_INVALID,
      `${flag} must be a duration such as 3m or 90s (0 turns it off), got "${v}"`,
    );
  }
}

async function readCaFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new OutpostError(
      ErrorCodes.CONFIG_INVALID,
      `cannot read --ca-file ${path}: ${(err as Error).message}`,
      { location: { file: path } },
    );
  }
}

/** Adds `outpost agent` to a program: see {@link configureAgentCommand}. */
export function agentCommand(program: Command): void {
  configureAgentCommand(program.command('agent'));
}

/**
 * Gives `command` the agent's flags and action: run the agent of one spoke cluster until
 * SIGTERM. Used by `outpost agent` and as the whole of the `outpost-agent` program.
 */
export function configureAgentCommand(command: Command): Command {
  const opt = (flags: string, description: string, env: string) => new Option(flags, description).env(env);
  return command
    .description(
      'run the agent of one cluster: pull its assignment from the hub and keep the cluster in sync',
    )
    .addOption(
      opt(
        '--hub <url>',
        'hub gRPC address (https://host:port or host:port)',
        'OUTPOST_HUB',
      ).makeOptionMandatory(),
    )
    .addOption(
      opt('--cluster <name>', 'the registered name of this cluster', 'OUTPOST_CLUSTER').makeOptionMandatory(),
    )
    .addOption(
      opt('--token <token>', 'per-cluster bearer token (instead of the enrolled identity)', 'OUTPOST_TOKEN'),
    )
    .addOption(
      opt(
        '--bootstrap-token <token>',
        'one-time token to enroll when the state dir has no identity',
        'OUTPOST_BOOTSTRAP_TOKEN',
      ),
    )
    .addOption(
      opt('--ca-fingerprint <sha256>', 'pinned hub CA fingerprint for enrollment', 'OUTPOST_CA_FINGERPRINT'),
    )
    .addOption(opt('--ca-file <file>', 'PEM of the hub CA', 'OUTPOST_CA_FILE'))
    .addOption(
      opt(
        '--kubeconfig <file>',
        'kubeconfig of the cluster (default: in-cluster service account)',
        'OUTPOST_KUBECONFIG',
      ),
    )
    .addOption(opt('--context <name>', 'kubeconfig context', 'OUTPOST_CONTEXT'))
    .addOption(
      opt('--state-dir <dir>', 'persisted assignment, blobs and identity', 'OUTPOST_STATE_DIR').default(
        './outpost-agent',
      ),
    )
    .addOption(
      opt('--namespace <ns>', "namespace of the agent's Lease and inventories", 'OUTPOST_NAMESPACE').default(
        'outpost-system',
      ),
    )
    .addOption(
      opt('--http-listen <host:port>', '/healthz, /readyz, /metrics and /status', 'OUTPOST_HTTP_LISTEN'),
    )
    .addOption(
      opt('--qps <n>', 'API server requests per second (0 = unlimited)', 'OUTPOST_QPS').default('20'),
    )
    .addOption(opt('--burst <n>', 'API server request burst', 'OUTPOST_BURST').default('40'))
    .addOption(
      opt(
        '--instance-id <id>',
        'identity of this pod for the lease (default hostname-pid)',
        'OUTPOST_INSTANCE_ID',
      ),
    )
    .addOption(opt('--lease-duration-ms <ms>', 'leader lease duration', 'OUTPOST_LEASE_DURATION_MS'))
    .addOption(
      new Option('--no-leader-election', 'run without a Lease (one agent per cluster)').env(
        'OUTPOST_NO_LEADER_ELECTION',
      ),
    )
    .addOption(
      opt(
        '--identity-secret <name>',
        `Secret in --namespace sharing the enrolled identity between pods ("none": the state dir; default ${DEFAULT_IDENTITY_SECRET} in-cluster, the state dir with --kubeconfig)`,
        'OUTPOST_IDENTITY_SECRET',
      ),
    )
    .addOption(
      opt(
        '--full-resync <duration>',
        'period of the full resync: every object of every selfHeal app re-applied (0 = off)',
        'OUTPOST_FULL_RESYNC',
      ).default('3m'),
    )
    .addOption(
      opt('--tls-server-name <name>', "name to verify on the hub's certificate", 'OUTPOST_TLS_SERVER_NAME'),
    )
    .action(async (raw: Record<string, unknown>) => {
      const flags = { ...raw, leaseDuration: raw.leaseDurationMs } as unknown as AgentFlags;
      const logger = createLogger();
      const credentials = await agentCredentials(flags, logger);
      const agent = await Agent.create(agentOptions(flags, credentials, logger));
      const stop = () => void agent.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const address = agent.httpAddress();
      process.stdout.write(
        `outpost agent: cluster ${flags.cluster}, hub ${flags.hub}${address ? `, http on ${address}` : ''}\n`,
      );
      const renew = new AbortController();
      if (credentials instanceof EnrolledCredentials)
        void credentials.renewLoop(flags.hub!.replace(/^(https?|grpcs?):\/\//, ''), renew.signal, logger);
      try {
        await agent.start();
      } finally {
        renew.abort();
      }
    });
}
