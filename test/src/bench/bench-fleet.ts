/**
 * The simulated fleet under benchmark: a git server with the config repository, one hub
 * process, and agent worker processes hosting the simulated clusters and their agents. It
 * knows how to (re)start each part and how far the fleet is; the scenarios drive it.
 */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setPriority } from 'node:os';
import { freePort, startGitServer, type GitRepo, type GitServer } from '../fixtures/index.ts';
import { AGENT_BUNDLE } from '../fleet-runner/index.ts';
import { AGENT_NODE_FLAGS } from './agent-process.ts';
import { ChildHandle } from './child-handle.ts';
import { appsetFiles, fleetClusterNames, groupOf, initialRepoFiles } from './fleet-files.ts';
import { fleetProgress, type AgentStates, type FleetProgress } from './fleet-progress.ts';
import type { ClusterToRegister, HubCounters, HubProcessConfig } from './hub-process.ts';
import type { AgentWorkerConfig, MarkerSpec } from './agent-worker.ts';

const HERE = import.meta.dirname;

/** Options of {@link BenchFleet.create}. */
export interface BenchFleetOptions {
  /** Fleet clusters (plus the one `solo` cluster). */
  agents: number;
  /** Agents per worker process. */
  agentsPerWorker: number;
  /** Cluster groups (one app per group). */
  groups: number;
  leaderElection: boolean;
  /** Root of all files; removed by {@link BenchFleet.close}. */
  workDir: string;
  /** Parent of the agents' state dirs (a tmpfs or the work dir: see `--agent-state`). */
  agentStateRoot: string;
  /** Extra Node flags for the hub (profiling). */
  hubNodeFlags: string[];
  /** Environment for the hub process only. */
  hubEnv?: Record<string, string>;
  /** Extra Node flags for the agent workers (profiling). */
  workerNodeFlags: string[];
  /** Niceness of the fleet's worker processes (not the solo agent's); 0 leaves it. */
  workerNice?: number;
  log: (line: string) => void;
}

type Hub = ChildHandle<{ port: number; caPem: string; pid: number }>;
type Worker = ChildHandle<{ pid: number; kubeBaseUrl: string }>;

/** Readiness of the hub process started by {@link BenchFleet.startHub}. */
export interface HubStart {
  /** Fork to `ready` (store, PKI, first reconcile pass done), ms. */
  readyMs: number;
  /** RSS right after `ready`, before any agent connects, bytes. */
  rssBytes: number;
}

export class BenchFleet {
  readonly options: BenchFleetOptions;
  readonly clusters: string[];
  readonly soloCluster = 'solo';
  readonly git: GitServer;
  readonly repo: GitRepo;
  private readonly grpcPort: number;
  private readonly appsetDir: string;
  private readonly templateDir: string;
  private hubDir: string;
  private hubSeq = 0;
  hub: Hub | undefined;
  workers: Worker[] = [];
  soloWorker: Worker | undefined;
  private tokens: Record<string, string> = {};
  private caPem = '';

  private constructor(options: BenchFleetOptions, git: GitServer, repo: GitRepo, grpcPort: number) {
    this.options = options;
    this.git = git;
    this.repo = repo;
    this.grpcPort = grpcPort;
    this.clusters = fleetClusterNames(options.agents);
    this.appsetDir = join(options.workDir, 'appsets');
    this.templateDir = join(options.workDir, 'hub-template');
    this.hubDir = this.templateDir;
  }

  /** Starts git with the config repository and writes the ApplicationSets. */
  static async create(options: BenchFleetOptions): Promise<BenchFleet> {
    await mkdir(options.workDir, { recursive: true });
    const git = await startGitServer();
    const repo = await git.createRepo('fleet', initialRepoFiles(options.groups));
    const fleet = new BenchFleet(options, git, repo, await freePort());
    await mkdir(fleet.appsetDir, { recursive: true });
    for (const [name, text] of Object.entries(appsetFiles(git.repoUrl('fleet'), options.groups)))
      await writeFile(join(fleet.appsetDir, name), text);
    return fleet;
  }

  get hubAddress(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  get repoUrl(): string {
    return this.git.repoUrl('fleet');
  }

  /** Process id of the solo agent (its own program, started by the solo worker). */
  async soloAgentPid(): Promise<number> {
    const [pid] = await this.soloWorker!.call<number[]>('agent-pids');
    if (!pid) throw new Error('the solo agent is not running');
    return pid;
  }

  /** Every cluster an agent runs for: the fleet and `solo`. */
  get allClusters(): string[] {
    return [...this.clusters, this.soloCluster];
  }

  /**
   * Registers every cluster on a hub without ApplicationSets, starts the workers (each
   * agent enrolls with its one-time token over the real Enroll RPC), waits until every agent
   * is connected, stops that hub and keeps its data dir as the template of a fresh hub: a
   * registry with enrolled clusters, no Git cache, no assignments.
   */
  async enroll(): Promise<number> {
    const t0 = performance.now();
    await rm(this.templateDir, { recursive: true, force: true });
    await this.startHub({ dataDir: this.templateDir, appsets: false });
    const clusters: ClusterToRegister[] = this.clusters.map((name, i) => ({
      name,
      labels: { bench: 'fleet', group: groupOf(i, this.options.groups) },
    }));
    clusters.push({ name: this.soloCluster, labels: { bench: 'solo' } });
    for (let i = 0; i < clusters.length; i += 500)
      Object.assign(this.tokens, await this.hub!.call('register', { clusters: clusters.slice(i, i + 500) }));
    await this.startWorkers();
    await this.waitFor('every agent enrolled and connected', 600_000, (p) => p.connected === p.clusters);
    await this.stopAll();
    // Keep only the identities: the first cold start begins from empty agent state too.
    const root = this.options.agentStateRoot;
    for (const cluster of await readdir(root))
      for (const entry of await readdir(join(root, cluster)))
        if (entry !== 'identity') await rm(join(root, cluster, entry), { recursive: true, force: true });
    return performance.now() - t0;
  }

  /** Starts a hub process on `dataDir` (default: the current hub dir) at the fixed gRPC port. */
  async startHub(o: { dataDir?: string; appsets?: boolean } = {}): Promise<HubStart> {
    if (o.dataDir) this.hubDir = o.dataDir;
    const config: HubProcessConfig = {
      dataDir: this.hubDir,
      grpcListen: this.hubAddress,
      appsetFiles: o.appsets === false ? [] : [this.appsetDir],
    };
    const t0 = performance.now();
    this.hub = await ChildHandle.start({
      module: join(HERE, 'hub-process.ts'),
      config,
      logFile: join(this.options.workDir, 'hub.log'),
      nodeFlags: ['--max-old-space-size=8192', ...this.options.hubNodeFlags],
      env: this.options.hubEnv ?? {},
      label: 'hub',
    });
    this.caPem = this.hub.ready.caPem;
    return { readyMs: performance.now() - t0, rssBytes: this.hub.stats().rssBytes };
  }

  /** A fresh hub: a copy of the enrollment template in a new data dir. */
  async startFreshHub(): Promise<HubStart> {
    const dir = join(this.options.workDir, `hub-${++this.hubSeq}`);
    await rm(dir, { recursive: true, force: true });
    await cp(this.templateDir, dir, { recursive: true });
    if (this.hubSeq > 1)
      await rm(join(this.options.workDir, `hub-${this.hubSeq - 1}`), { recursive: true, force: true });
    return this.startHub({ dataDir: dir });
  }

  private async startWorkers(): Promise<void> {
    const per = this.options.agentsPerWorker;
    const chunks: string[][] = [];
    for (let i = 0; i < this.clusters.length; i += per) chunks.push(this.clusters.slice(i, i + per));
    const start = (id: number, names: string[], extra: Partial<AgentWorkerConfig> = {}) =>
      ChildHandle.start<{ pid: number; kubeBaseUrl: string }>({
        module: join(HERE, 'agent-worker.ts'),
        config: {
          workerId: id,
          hub: this.hubAddress,
          caPem: this.caPem,
          stateRoot: this.options.agentStateRoot,
          clusters: names.map((name) => ({ name, token: this.tokens[name]! })),
          hostOnly: [],
          leaderElection: this.options.leaderElection,
          ...extra,
        } satisfies AgentWorkerConfig,
        logFile: join(this.options.workDir, `worker-${id}.log`),
        nodeFlags: [
          // The solo worker holds one agent; a fleet worker's young generation is sized for 250
          // (see docs/decisions/benchmark.md, "One heap for many agents").
          ...(id === 0 ? ['--expose-gc'] : ['--max-old-space-size=8192', '--max-semi-space-size=32']),
          ...this.options.workerNodeFlags,
        ],
        label: `agent worker ${id}`,
      });
    // Worker 1 also hosts the solo cluster, so the solo agent's process holds the agent only.
    this.workers = await Promise.all(
      chunks.map((names, i) => start(i + 1, names, i === 0 ? { hostOnly: [this.soloCluster] } : {})),
    );
    const nice = this.options.workerNice ?? 0;
    if (nice > 0) for (const w of this.workers) setPriority(w.ready.pid, nice);
    // The solo agent is the shipped program (the bundle), in its own process.
    this.soloWorker = await start(0, [this.soloCluster], {
      kubeBaseUrl: this.workers[0]!.ready.kubeBaseUrl,
      agentProgram: {
        program: [AGENT_BUNDLE],
        nodeFlags: [...AGENT_NODE_FLAGS, ...this.options.workerNodeFlags],
        logFile: join(this.options.workDir, 'solo-agent.log'),
      },
    });
    await Promise.all([...this.workers, this.soloWorker].map((w) => w.call('start-agents')));
  }

  /** Stops every agent (the workers and their clusters stay). */
  async stopAgents(): Promise<void> {
    await Promise.all(this.allWorkers().map((w) => w.call('stop-agents')));
  }

  /** Empties every cluster and agent state dir but the identities (agents stopped). */
  async resetAgents(): Promise<void> {
    await Promise.all(this.allWorkers().map((w) => w.call('reset')));
  }

  /** Starts every agent (workers started on first use). */
  async startAgents(): Promise<void> {
    if (this.workers.length === 0) await this.startWorkers();
    else await Promise.all(this.allWorkers().map((w) => w.call('start-agents')));
  }

  allWorkers(): Worker[] {
    return this.soloWorker ? [...this.workers, this.soloWorker] : [...this.workers];
  }

  /** Every agent's [held, applied, connected]. */
  async states(): Promise<AgentStates> {
    const parts = await Promise.all(this.allWorkers().map((w) => w.call<AgentStates>('states')));
    return Object.assign({}, ...parts) as AgentStates;
  }

  async progress(): Promise<FleetProgress> {
    const [gens, states] = await Promise.all([
      this.hub!.call<Record<string, number>>('generations'),
      this.states(),
    ]);
    return fleetProgress(this.allClusters, gens, states);
  }

  /** Polls {@link progress} until `done`; returns ms waited. Fails naming clusters behind. */
  async waitFor(
    what: string,
    timeoutMs: number,
    done: (p: FleetProgress) => boolean,
    intervalMs = Math.max(100, this.allClusters.length / 4),
  ): Promise<number> {
    const t0 = performance.now();
    let last: FleetProgress | undefined;
    let lastLog = t0;
    for (;;) {
      last = await this.progress();
      if (done(last)) return performance.now() - t0;
      const now = performance.now();
      if (now - t0 > timeoutMs)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}: ${last.connected}/${last.clusters} connected, ` +
            `${last.current} current; behind: ${last.behind.join(', ')}`,
        );
      if (now - lastLog > 10_000) {
        lastLog = now;
        this.options.log(
          `  … ${what}: ${last.connected}/${last.clusters} connected, ${last.holding} hold the hub generation, ${last.current} applied it`,
        );
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Waits until every agent is connected and has applied the hub's generation. */
  waitSynced(timeoutMs: number): Promise<number> {
    return this.waitFor(
      'every agent connected and current',
      timeoutMs,
      (p) => p.current === p.clusters && p.connected === p.clusters,
    );
  }

  async counters(): Promise<HubCounters> {
    return this.hub!.call<HubCounters>('counters');
  }

  /** Arms a marker in every fleet worker. */
  async armMarker(m: MarkerSpec): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call('arm-marker', m)));
  }

  async collectMarker(id: string): Promise<Record<string, number>> {
    const parts = await Promise.all(
      this.workers.map((w) => w.call<Record<string, number>>('collect-marker', { id })),
    );
    return Object.assign({}, ...parts) as Record<string, number>;
  }

  /** Starts recording when the hub pushes a new assignment to each cluster. */
  async armPushes(): Promise<void> {
    await this.hub!.call('arm-pushes');
  }

  /** cluster → when the hub pushed its new assignment (ms since epoch), since {@link armPushes}. */
  async collectPushes(): Promise<Record<string, number>> {
    return this.hub!.call<Record<string, number>>('collect-pushes');
  }

  /** Commits files to the config repository. */
  commit(files: Record<string, string>, message: string): Promise<string> {
    return this.repo.commit(files, { message });
  }

  /** Tells the hub to fetch the repository now (the webhook's job); resolves when fetched. */
  async refresh(): Promise<void> {
    await this.hub!.call('refresh', { url: this.repoUrl });
  }

  /** Stops the hub and every worker. */
  async stopAll(): Promise<void> {
    await Promise.all(this.allWorkers().map((w) => w.stop()));
    this.workers = [];
    this.soloWorker = undefined;
    await this.hub?.stop();
    this.hub = undefined;
  }

  async close(): Promise<void> {
    await this.stopAll().catch(() => undefined);
    await this.git.close();
  }
}
