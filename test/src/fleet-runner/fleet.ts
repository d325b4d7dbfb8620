import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentStatus } from '@outpost/agent';
import type { AppStatus } from '@outpost/shared';
import { freePort, onCleanup, startGitServer, tempDir } from '../fixtures/index.ts';
import type { FileMap, GitRepo, GitServer } from '../fixtures/index.ts';
import { KubeDouble } from '../kube-double/index.ts';
import { HubProcess } from './hub-process.ts';
import { startAgentProcess, startInProcessAgent } from './agent-handle.ts';
import type { AgentHandle, AgentSpec } from './agent-handle.ts';
import { writeDoubleKubeconfig } from './kube-access.ts';
import { waitFor } from './wait-for.ts';
import type { WaitForOptions } from './wait-for.ts';

/** Options of {@link startFleet}. */
export interface FleetOptions {
  /** Names of the spoke clusters (each gets its own Kubernetes API double). */
  clusters: string[];
  /** The config repository's first commit. */
  files: FileMap;
  /** ApplicationSet/Application YAML files for the hub's `--appset`, given the repository URL. */
  appsets: (repoUrl: string) => Record<string, string>;
}

/**
 * A whole fleet for end-to-end tests, the demo and benchmarks: a git server with one
 * config repository, `outpost principal` as a child process with the clusters registered,
 * one Kubernetes API double per cluster, and agents (in-process or `outpost agent`
 * processes) that enroll with the hub. Everything is cleaned up with the test.
 */
export class Fleet {
  readonly git: GitServer;
  readonly repo: GitRepo;
  readonly hub: HubProcess;
  readonly clusters = new Map<string, KubeDouble>();
  readonly kubeconfigs = new Map<string, string>();
  readonly tokens: Record<string, string>;
  readonly dir: string;
  private agentSeq = 0;

  private constructor(parts: {
    git: GitServer;
    repo: GitRepo;
    hub: HubProcess;
    tokens: Record<string, string>;
    dir: string;
  }) {
    this.git = parts.git;
    this.repo = parts.repo;
    this.hub = parts.hub;
    this.tokens = parts.tokens;
    this.dir = parts.dir;
  }

  /** Starts git, the clusters and the hub. */
  static async start(options: FleetOptions): Promise<Fleet> {
    const dir = await tempDir({ prefix: 'outpost-fleet-' });
    const git = await startGitServer();
    const repo = await git.createRepo('config', options.files);
    const appsetDir = join(dir, 'appsets');
    await mkdir(appsetDir, { recursive: true });
    for (const [name, text] of Object.entries(options.appsets(git.repoUrl('config'))))
      await writeFile(join(appsetDir, name), text);
    const hub = new HubProcess({
      dataDir: join(dir, 'hub'),
      grpcPort: await freePort(),
      httpPort: await freePort(),
      appsetPaths: [appsetDir],
    });
    const tokens = await hub.register(options.clusters);
    const fleet = new Fleet({ git, repo, hub, tokens, dir });
    for (const name of options.clusters) {
      const double = await KubeDouble.start({ name, crdEstablishDelayMs: 50 });
      fleet.clusters.set(name, double);
      fleet.kubeconfigs.set(name, await writeDoubleKubeconfig(dir, double.url, name));
    }
    onCleanup(() => fleet.close());
    await hub.start();
    return fleet;
  }

  /** Stops the hub and the simulated clusters (agents are stopped by their own cleanup). */
  async close(): Promise<void> {
    await this.hub.stop();
    for (const d of this.clusters.values()) await d.close();
    this.clusters.clear();
  }

  /** The simulated cluster `name`. */
  cluster(name: string): KubeDouble {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`no cluster ${name}`);
    return c;
  }

  /** An agent spec for `cluster` with its own state dir (pass `stateDir` to reuse one). */
  agentSpec(cluster: string, overrides: Partial<AgentSpec> = {}): AgentSpec {
    const n = ++this.agentSeq;
    return {
      cluster,
      hub: this.hub.address,
      stateDir: join(this.dir, `agent-${cluster}-${n}`),
      kubeconfig: this.kubeconfigs.get(cluster)!,
      bootstrapToken: this.tokens[cluster],
      caFingerprint: this.hub.caFingerprint,
      instanceId: `${cluster}-agent-${n}`,
      ...overrides,
    };
  }

  /** Starts an agent in this process. */
  startAgent(spec: AgentSpec): Promise<AgentHandle> {
    return trackAgent(startInProcessAgent(spec));
  }

  /** Starts `outpost agent` as a child process. */
  async startAgentProcess(spec: AgentSpec): Promise<AgentHandle> {
    return trackAgent(startAgentProcess(spec, await freePort()));
  }

  /** Commits to the config repository (the hub polls it). */
  commit(files: FileMap, message = 'change'): Promise<string> {
    return this.repo.commit(files, { message });
  }
}

async function trackAgent(p: Promise<AgentHandle>): Promise<AgentHandle> {
  const handle = await p;
  onCleanup(() => handle.stop());
  return handle;
}

/** Waits until the agent reports an app status matching `predicate`; returns it. */
export function waitForApp(
  agent: AgentHandle,
  app: string,
  predicate: (s: AppStatus, agent: AgentStatus) => boolean,
  options?: WaitForOptions,
): Promise<AppStatus> {
  return waitFor(
    `app ${app} on ${agent.spec.instanceId}`,
    async () => {
      const st = await agent.status();
      const s = st.apps.find((a) => a.name === app);
      return s && predicate(s, st) ? s : undefined;
    },
    { timeoutMs: 30_000, ...options },
  );
}

/**
 * Waits until the agent applied a generation newer than `generation` and the hub
 * acknowledged every status it sent; returns that status.
 */
export function waitForAppliedAfter(
  agent: AgentHandle,
  generation: number,
  options?: WaitForOptions,
): Promise<AgentStatus> {
  return waitFor(
    `a generation after ${generation} applied and its status acknowledged on ${agent.spec.instanceId}`,
    async () => {
      const s = await agent.status();
      return s.appliedGeneration > generation && s.link?.unacknowledgedStatus === 0 ? s : undefined;
    },
    { timeoutMs: 30_000, ...options },
  );
}

/** Convenience: a config map manifest as YAML text. */
export function configMapYaml(
  name: string,
  data: Record<string, string>,
  annotations?: Record<string, string>,
): string {
  const ann = annotations
    ? `  annotations:\n${Object.entries(annotations)
        .map(([k, v]) => `    ${k}: "${v}"`)
        .join('\n')}\n`
    : '';
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ann}data:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n')}\n`;
}
