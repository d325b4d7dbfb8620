/**
 * An agent run as its own program (the bundled `outpost-agent`, as the DaemonSet runs it),
 * seen by an agent worker like an in-process `Agent`: a cached status (polled from the
 * agent's `/status` endpoint) and a graceful stop. The bench's solo agent runs this way, so
 * its RSS and CPU are those of the shipped program and nothing else.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_NODE_ENV } from '@outpost/agent';
import type { AgentStatus } from '@outpost/agent';
import { writeDoubleKubeconfig } from '../fleet-runner/kube-access.ts';

/** What {@link AgentProcess.start} needs. */
export interface AgentProcessSpec {
  /** The program and its leading arguments, e.g. `[AGENT_BUNDLE]`. */
  program: string[];
  nodeFlags: string[];
  hub: string;
  caPem: string;
  cluster: string;
  /** The state dir, already holding the enrolled identity. */
  stateDir: string;
  /** The cluster's API server URL. */
  server: string;
  leaderElection: boolean;
  logFile: string;
}

/** A status older than this is read again when asked for (never polled while nobody asks). */
const STATUS_MAX_AGE_MS = 200;

/** Builds `agent/dist/outpost-agent.cjs` from the current sources (about a second). */
export function buildAgentBundle(): void {
  const script = fileURLToPath(new URL('../../../scripts/build-agent.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The Node flags and environment the DaemonSet runs the agent with (docs/decisions/agent-footprint.md). */
export { AGENT_NODE_ENV, AGENT_NODE_FLAGS } from '@outpost/agent';

export class AgentProcess {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly url: string;
  private last: AgentStatus | undefined;
  private readAt = 0;
  private reading: Promise<void> | undefined;

  private constructor(child: ChildProcess, url: string) {
    this.child = child;
    this.pid = child.pid!;
    this.url = url;
  }

  /** Starts the program and resolves once it serves `/status`. */
  static async start(spec: AgentProcessSpec): Promise<AgentProcess> {
    // Beside the log, not in the state dir (the bench empties state dirs but the identity).
    const caFile = join(dirname(spec.logFile), `${spec.cluster}-hub-ca.pem`);
    await writeFile(caFile, spec.caPem);
    const kubeconfig = await writeDoubleKubeconfig(dirname(spec.logFile), spec.server, spec.cluster);
    const args = [
      ...spec.nodeFlags,
      ...spec.program,
      ...['--hub', spec.hub, '--cluster', spec.cluster, '--state-dir', spec.stateDir],
      ...['--kubeconfig', kubeconfig, '--ca-file', caFile, '--identity-secret', 'none'],
      ...['--instance-id', `bench-${spec.cluster}`, '--http-listen', '127.0.0.1:0'],
      ...(spec.leaderElection ? [] : ['--no-leader-election']),
    ];
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The DaemonSet's allocator settings (MALLOC_*), as for the agent in a pod.
      env: {
        ...process.env,
        ...AGENT_NODE_ENV,
        OUTPOST_LOG_LEVEL: process.env.OUTPOST_AGENT_LOG_LEVEL ?? 'warn',
      },
    });
    child.stderr!.pipe(log);
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /http on (\S+)/.exec(out);
        if (m) {
          child.stdout!.off('data', onData);
          child.stdout!.pipe(log);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) =>
        reject(
          new Error(`agent ${spec.cluster} exited (${code ?? signal}) before serving; see ${spec.logFile}`),
        ),
      );
    });
    const agent = new AgentProcess(child, `http://${address}/status`);
    await agent.refresh();
    return agent;
  }

  /**
   * The last status read (undefined before the first answer); reads it again in the
   * background when it is stale, so the idle agent is not woken by the harness.
   */
  status(): AgentStatus | undefined {
    if (Date.now() - this.readAt > STATUS_MAX_AGE_MS) this.reading ??= this.refresh();
    return this.last;
  }

  /** SIGTERM (the agent releases its lease), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await this.reading;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private async refresh(): Promise<void> {
    try {
      const res = await fetch(this.url);
      this.last = (await res.json()) as AgentStatus;
      this.readAt = Date.now();
    } catch {
      // not answering right now (starting, stopping): keep the last status
    } finally {
      this.reading = undefined;
    }
  }
}
