/**
 * The simulated parts of `outpost demo`: the example fleet repository served over smart HTTP
 * (`git http-backend`), one Kubernetes API double per cluster, and agents that enroll through
 * the real join flow. The git server and the API double are the project's test harness
 * (`test/src`), loaded at run time so the production CLI does not depend on them otherwise.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Agent } from '@outpost/agent';
import type { Logger } from '@outpost/shared';
import type { JoinInfo } from '../server/http/routes-admin.ts';
import { agentCredentials, agentOptions } from '@outpost/agent';
import type { AgentFlags } from '@outpost/agent';

/** The repository root (examples/ and the test harness live there). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

interface GitServerLike {
  repoUrl(name: string): string;
  createRepo(name: string, files: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}
interface KubeDoubleLike {
  url: string;
  close(): Promise<void>;
}

/** Reads every file under `dir` as `relative/path → text`. */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return out;
}

/** Serves `examples/fleet` as the repository `fleet` over smart HTTP; returns its URL and a stop function. */
export async function serveExampleRepo(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { GitServer } = (await import(join(REPO_ROOT, 'test/src/fixtures/index.ts'))) as {
    GitServer: { start(o: { root: string; scope: 'file' }): Promise<GitServerLike> };
  };
  const server = await GitServer.start({ root, scope: 'file' });
  await server.createRepo('fleet', await readTree(join(REPO_ROOT, 'examples/fleet')));
  return { url: server.repoUrl('fleet'), close: () => server.close() };
}

/** A simulated cluster: a Kubernetes API double whose workloads become ready after a moment. */
export async function startSimulatedCluster(
  name: string,
  dir: string,
): Promise<{ url: string; kubeconfig: string; close: () => Promise<void> }> {
  const kd = (await import(join(REPO_ROOT, 'test/src/kube-double/index.ts'))) as {
    KubeDouble: { start(o: object): Promise<KubeDoubleLike> };
    writeKubeconfigFile(server: string, name: string, path: string): Promise<string>;
  };
  const double = await kd.KubeDouble.start({ name, workloads: { readyAfterMs: 500 } });
  const kubeconfig = await kd.writeKubeconfigFile(double.url, name, join(dir, `${name}.kubeconfig`));
  return { url: double.url, kubeconfig, close: () => double.close() };
}

/**
 * Runs an agent in this process from the join material, exactly as the printed
 * `outpost agent ... --kubeconfig FILE` would: it enrolls (key made here, CSR + one-time token,
 * CA pinned by fingerprint) and then keeps its cluster in sync over mTLS.
 */
export async function startJoinedAgent(
  join: JoinInfo,
  kubeconfig: string,
  stateDir: string,
  logger: Logger,
): Promise<{ stop: () => Promise<void> }> {
  const flags: AgentFlags = {
    hub: join.grpcAddress,
    cluster: join.cluster,
    bootstrapToken: join.token,
    caFingerprint: join.caFingerprint,
    kubeconfig,
    stateDir,
    namespace: 'outpost-system',
    qps: '0',
    burst: '50',
    instanceId: `${join.cluster}-agent`,
    leaderElection: true,
  };
  const credentials = await agentCredentials(flags, logger);
  const agent = await Agent.create(agentOptions(flags, credentials, logger));
  const running = agent
    .start()
    .catch((e: unknown) => logger.error({ err: e, cluster: join.cluster }, 'agent stopped'));
  return {
    stop: async () => {
      await agent.stop();
      await running;
    },
  };
}
