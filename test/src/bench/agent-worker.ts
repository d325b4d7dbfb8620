/**
 * An agent worker process: hosts many simulated clusters (the Kubernetes API double's
 * multi-cluster host, one HTTP port, clusters under `/clusters/<name>`) and one full
 * `Agent` per cluster, each with its own state dir, its own enrolled mTLS identity (Enroll
 * with the cluster's one-time bootstrap token on first start, the persisted certificate
 * after), its own gRPC channel and stream to the hub, and its own client to its cluster.
 *
 * The driver asks it over IPC for the agents' generations, arms "markers" (the first time a
 * given object content is written to each cluster, read from the double's store events: the
 * moment the agent's apply reached the API server) and waits for them without polling, and
 * restarts agents for the cold start.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { Agent, EnrolledCredentials, type ClusterEndpoint } from '@outpost/agent';
import { createLogger, type Logger } from '@outpost/shared';
import { doubleKubeConfig } from '../fleet-runner/kube-access.ts';
import { KubeClusterHost } from '../kube-double/index.ts';
import type { AgentStates } from './fleet-progress.ts';
import { IpcPeer, type IpcChannel } from './ipc-rpc.ts';
import { AgentProcess } from './agent-process.ts';
import { mapLimit } from './map-limit.ts';

/** The worker's configuration (first argument, JSON). */
export interface AgentWorkerConfig {
  workerId: number;
  /** Hub gRPC address `host:port`. */
  hub: string;
  /** The hub CA (as the install Secret carries it). */
  caPem: string;
  /** Parent of the agents' state dirs. */
  stateRoot: string;
  /** The agents this worker runs: cluster name and one-time bootstrap token. */
  clusters: { name: string; token: string }[];
  /** Clusters this worker hosts without running their agent (another worker does). */
  hostOnly: string[];
  /**
   * Where the agents' clusters are served (`http://host:port`, clusters under
   * `/clusters/<name>`). Default this worker's own host, which then hosts them.
   */
  kubeBaseUrl?: string;
  leaderElection: boolean;
  logLevel?: string;
  /**
   * Run each agent as its own program (the bundled `outpost-agent`) instead of in this
   * process; the solo agent does, so that its footprint is the shipped program's.
   */
  agentProgram?: { program: string[]; nodeFlags: string[]; logFile: string };
}

/** A marker: the object whose `data[key] === value` the driver waits for. */
export interface MarkerSpec {
  id: string;
  namespace: string;
  name: string;
  key: string;
  value: string;
}

/** An armed marker: when each cluster got it, how many clusters can, who waits for all. */
interface ArmedMarker {
  seen: Map<string, number>;
  expected: number;
  waiters: (() => void)[];
}

interface Slot {
  name: string;
  token: string;
  stateDir: string;
  agent?: Agent | AgentProcess;
  credentials?: EnrolledCredentials;
  renew?: AbortController;
}

class AgentWorker {
  private readonly config: AgentWorkerConfig;
  private readonly host: KubeClusterHost;
  private readonly logger: Logger;
  private readonly slots: Slot[];
  private readonly hosted: string[];
  private readonly markers = new Map<string, ArmedMarker>();
  private readonly unwatch: (() => void)[] = [];

  constructor(config: AgentWorkerConfig, host: KubeClusterHost, logger: Logger) {
    this.config = config;
    this.host = host;
    this.logger = logger;
    this.slots = config.clusters.map((c) => ({ ...c, stateDir: join(config.stateRoot, c.name) }));
    this.hosted = [...(config.kubeBaseUrl ? [] : this.slots.map((s) => s.name)), ...config.hostOnly];
    for (const name of this.hosted) host.addCluster(name);
  }

  /** Enrolls (first time) and starts every agent. */
  async startAgents(): Promise<void> {
    await mapLimit(this.slots, 16, (s) => this.startAgent(s));
  }

  private async startAgent(s: Slot): Promise<void> {
    await mkdir(s.stateDir, { recursive: true });
    const log = this.logger.child({ cluster: s.name });
    s.credentials ??= await EnrolledCredentials.ensure(
      s.stateDir,
      { hub: this.config.hub, cluster: s.name, token: s.token, caPem: this.config.caPem },
      log,
    );
    const program = this.config.agentProgram;
    if (program) {
      s.agent = await AgentProcess.start({
        ...program,
        hub: this.config.hub,
        caPem: this.config.caPem,
        cluster: s.name,
        stateDir: s.stateDir,
        server: this.clusterUrl(s.name),
        leaderElection: this.config.leaderElection,
      });
      return;
    }
    const agent = await Agent.create({
      hub: this.config.hub,
      cluster: s.name,
      credentials: s.credentials,
      kube: this.kubeConfig(s.name),
      stateDir: s.stateDir,
      instanceId: `bench-${s.name}`,
      leaderElection: this.config.leaderElection,
      logger: log,
    });
    s.agent = agent;
    s.renew = new AbortController();
    void s.credentials.renewLoop(this.config.hub, s.renew.signal, log);
    agent.start().catch((err: unknown) => log.error({ err: String(err) }, 'agent failed'));
  }

  /** Empties each cluster and each state dir but the identity (agents must be stopped). */
  async reset(): Promise<void> {
    if (this.slots.some((s) => s.agent)) throw new Error('reset: stop the agents first');
    for (const name of this.hosted) {
      this.host.removeCluster(name);
      this.host.addCluster(name);
    }
    for (const s of this.slots) {
      for (const entry of await readdir(s.stateDir)) {
        if (entry !== 'identity') await rm(join(s.stateDir, entry), { recursive: true, force: true });
      }
    }
    this.markers.clear();
  }

  async stopAgents(): Promise<void> {
    for (const u of this.unwatch.splice(0)) u();
    await mapLimit(this.slots, 64, async (s) => {
      s.renew?.abort();
      await s.agent?.stop();
      s.agent = undefined;
    });
  }

  states(): AgentStates {
    const out: AgentStates = {};
    for (const s of this.slots) {
      const st = s.agent?.status();
      out[s.name] = [
        st?.heldGeneration ?? 0,
        st?.appliedGeneration ?? 0,
        st?.link?.state === 'connected' ? 1 : 0,
      ];
    }
    return out;
  }

  /** One agent's full status snapshot (for diagnosing a slow agent). */
  agentStatus(cluster: string): unknown {
    return this.slots.find((s) => s.name === cluster)?.agent?.status();
  }

  /** Starts recording, per cluster, when the marker's content is first written. */
  armMarker(m: MarkerSpec): void {
    const armed: ArmedMarker = { seen: new Map(), expected: 0, waiters: [] };
    const { seen } = armed;
    this.markers.set(m.id, armed);
    for (const s of this.slots) {
      const cluster = this.host.cluster(s.name);
      if (!cluster) continue;
      armed.expected++;
      const stop = cluster.store.watchFrom(cluster.store.resourceVersion, (e) => {
        if (seen.has(s.name) || e.type === 'DELETED') return;
        const meta = (e.object['metadata'] ?? {}) as Record<string, unknown>;
        const data = (e.object['data'] ?? {}) as Record<string, unknown>;
        if (meta['name'] === m.name && e.namespace === m.namespace && data[m.key] === m.value) {
          seen.set(s.name, Date.now());
          stop();
          if (seen.size === armed.expected) for (const w of armed.waiters.splice(0)) w();
        }
      });
      this.unwatch.push(stop);
    }
  }

  /** Clusters that have the marker so far, with the time. */
  collectMarker(id: string): Record<string, number> {
    return Object.fromEntries(this.markers.get(id)?.seen ?? []);
  }

  /**
   * Resolves with {@link collectMarker} once every cluster of this worker has the marker, or
   * after `timeoutMs` with those that have it: one reply instead of the driver polling.
   */
  async awaitMarker(id: string, timeoutMs: number): Promise<Record<string, number>> {
    const armed = this.markers.get(id);
    if (!armed) throw new Error(`marker ${id} is not armed`);
    if (armed.seen.size < armed.expected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        armed.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.collectMarker(id);
  }

  /** Number of ConfigMaps in every cluster, for checks. */
  configMapCounts(): Record<string, number> {
    return Object.fromEntries(
      this.hosted.map((name) => [name, this.host.cluster(name)!.store.count('/configmaps')]),
    );
  }

  private kubeConfig(name: string): ClusterEndpoint {
    return doubleKubeConfig(this.clusterUrl(name), name);
  }

  private clusterUrl(name: string): string {
    return `${this.config.kubeBaseUrl ?? this.host.baseUrl}/clusters/${name}`;
  }

  /** Process ids of agents that run as their own program. */
  agentPids(): number[] {
    return this.slots.flatMap((s) => (s.agent instanceof AgentProcess ? [s.agent.pid] : []));
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as AgentWorkerConfig;
  const logger = createLogger({
    level: config.logLevel ?? process.env.OUTPOST_BENCH_LOG_LEVEL ?? 'error',
  }).child({ worker: config.workerId });
  const peer = new IpcPeer(process as unknown as IpcChannel);
  // The driver went away (killed, crashed): do not linger as an orphan.
  process.once('disconnect', () => process.exit(1));
  const host = await KubeClusterHost.start();
  const worker = new AgentWorker(config, host, logger);
  peer.handle('start-agents', () => worker.startAgents());
  peer.handle('stop-agents', () => worker.stopAgents());
  peer.handle('reset', () => worker.reset());
  peer.handle('states', () => worker.states());
  peer.handle('agent-status', (p: { cluster: string }) => worker.agentStatus(p.cluster));
  peer.handle('agent-pids', () => worker.agentPids());
  peer.handle('arm-marker', (m: MarkerSpec) => worker.armMarker(m));
  peer.handle('collect-marker', (p: { id: string }) => worker.collectMarker(p.id));
  peer.handle('await-marker', (p: { id: string; timeoutMs: number }) =>
    worker.awaitMarker(p.id, p.timeoutMs),
  );
  peer.handle('configmap-counts', () => worker.configMapCounts());
  peer.handle('memory', (p: { gc?: boolean }) => {
    if (p.gc) (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });
  peer.handle('heap-snapshot', (p: { path: string }) => writeHeapSnapshot(p.path));
  peer.handle('stop', async () => {
    await worker.stopAgents();
    await host.close();
    setImmediate(() => process.exit(0));
    return true;
  });
  peer.notify('ready', { pid: process.pid, kubeBaseUrl: host.baseUrl });
}

main().catch((err: unknown) => {
  process.stderr.write(`agent worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
