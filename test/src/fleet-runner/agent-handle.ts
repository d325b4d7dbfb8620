import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, EnrolledCredentials } from '@outpost/agent';
import type { AgentOptions, AgentStatus, LinkCredentials } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { spawnTracked, stopProcess } from '../fixtures/index.ts';
import { OUTPOST_MAIN } from './hub-process.ts';

/** Where an agent runs and how it reaches its hub and cluster. */
export interface AgentSpec {
  cluster: string;
  hub: string;
  stateDir: string;
  kubeconfig: string;
  /** Bootstrap token (used only when the state dir holds no identity yet). */
  bootstrapToken?: string;
  caFingerprint?: string;
  instanceId: string;
  /** Namespace for the lease and inventories. Default `outpost-system`. */
  namespace?: string;
  leaseDurationMs?: number;
  /** In-process agents: use these credentials instead of the enrolled identity. */
  credentials?: LinkCredentials;
  /** Extra Agent options for in-process agents (short intervals in tests). */
  tuning?: Partial<AgentOptions>;
  /**
   * Agent processes: the program and its leading arguments. Default the `outpost agent`
   * command from the sources; {@link AGENT_BUNDLE} is the bundled `outpost-agent`.
   */
  program?: string[];
  /** Agent processes: extra Node flags. */
  nodeFlags?: string[];
}

/** The bundled agent program (`pnpm build:agent`), the one the DaemonSet runs. */
export const AGENT_BUNDLE = fileURLToPath(new URL('../../../agent/dist/outpost-agent.cjs', import.meta.url));

/** A running agent, in-process or child process, seen through its status. */
export interface AgentHandle {
  readonly spec: AgentSpec;
  /** The process id of an agent process (undefined in-process). */
  readonly pid?: number;
  status(): Promise<AgentStatus>;
  /** Graceful stop (the lease is released). */
  stop(): Promise<void>;
  /** Abrupt end: SIGKILL for a child process; for an in-process agent, a stop without releasing is not possible, so it stops. */
  kill(): Promise<void>;
}

/** Runs an agent in this process (fast; used where kill -9 is not needed). */
export async function startInProcessAgent(spec: AgentSpec): Promise<AgentHandle> {
  const logger = silentLogger();
  const credentials =
    spec.credentials ??
    (await EnrolledCredentials.ensure(
      spec.stateDir,
      { hub: spec.hub, cluster: spec.cluster, token: spec.bootstrapToken, caFingerprint: spec.caFingerprint },
      logger,
    ));
  const agent = await Agent.create({
    hub: spec.hub,
    cluster: spec.cluster,
    credentials,
    kube: { kubeconfig: spec.kubeconfig },
    stateDir: spec.stateDir,
    namespace: spec.namespace ?? 'outpost-system',
    instanceId: spec.instanceId,
    leaseDurationMs: spec.leaseDurationMs ?? 2000,
    qps: 0,
    reconnectInitialMs: 100,
    reconnectMaxMs: 1000,
    retryInitialMs: 100,
    retryMaxMs: 1000,
    healInitialMs: 20,
    healMaxMs: 1000,
    logger,
    ...spec.tuning,
  });
  const running = agent.start().catch(() => undefined);
  const stop = async () => {
    await agent.stop();
    await running;
  };
  return { spec, status: async () => agent.status(), stop, kill: stop };
}

/** Runs `outpost agent` as a child process; its status is read from its /status endpoint. */
export async function startAgentProcess(spec: AgentSpec, httpPort: number): Promise<AgentHandle> {
  const args = [
    ...(spec.nodeFlags ?? []),
    ...(spec.program ?? [OUTPOST_MAIN, 'agent']),
    '--hub',
    spec.hub,
    '--cluster',
    spec.cluster,
    '--state-dir',
    spec.stateDir,
    '--kubeconfig',
    spec.kubeconfig,
    '--namespace',
    spec.namespace ?? 'outpost-system',
    '--instance-id',
    spec.instanceId,
    '--http-listen',
    `127.0.0.1:${httpPort}`,
    '--lease-duration-ms',
    String(spec.leaseDurationMs ?? 2000),
    '--qps',
    '0',
    ...(spec.bootstrapToken ? ['--bootstrap-token', spec.bootstrapToken] : []),
    ...(spec.caFingerprint ? ['--ca-fingerprint', spec.caFingerprint] : []),
  ];
  const child: ChildProcess = spawnTracked(process.execPath, args, {
    env: { ...process.env, OUTPOST_LOG_LEVEL: process.env.OUTPOST_AGENT_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    killAfterMs: 2000,
  });
  const url = `http://127.0.0.1:${httpPort}/status`;
  return {
    spec,
    pid: child.pid,
    status: async () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`agent ${spec.instanceId} exited (${child.exitCode ?? child.signalCode})`);
      const res = await fetch(url);
      return (await res.json()) as AgentStatus;
    },
    stop: () => stopProcess(child, { signal: 'SIGTERM', killAfterMs: 3000 }),
    kill: () => stopProcess(child, { signal: 'SIGKILL' }),
  };
}
