/**
 * A hub for OPS end-to-end tests, run as the operator runs it: `outpost principal` as a child
 * process with a real git server behind it, driven with the `outpost` CLI (child processes)
 * and the HTTP API; agents are started from the join command the CLI prints.
 */
import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnTracked, startGitServer, tempDir } from '../fixtures/index.ts';
import { KubeDouble, writeKubeconfigFile } from '../kube-double/index.ts';

const run = promisify(execFile);
/** The `outpost` CLI entry point. */
export const MAIN = resolve(import.meta.dirname, '../../../principal/src/cli/main.ts');

/** A ConfigMap manifest. */
export function configMap(name: string, value: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
}

/** Runs `outpost ARGS`; never throws on a non-zero exit. */
export async function outpost(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], {
      env: { ...childEnv(), OUTPOST_LOG_LEVEL: 'warn', ...env },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
    };
  }
}

/** This process's environment without vitest's variables (a child is not a test worker). */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
}

/** Waits for a condition (polling), with a message naming what it waited for. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The `base` ApplicationSet: `base/` of `repoUrl` (branch main) to namespace `demo` of every
 * registered cluster (the clusters generator), as Application `base-<cluster>`, automated.
 */
export function baseAppset(repoUrl: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: base }
spec:
  generators: [ { clusters: {} } ]
  template:
    metadata: { name: 'base-{{name}}' }
    spec:
      project: default
      source: { repoURL: '${repoUrl}', targetRevision: main, path: base }
      destination: { name: '{{name}}', namespace: demo }
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }
`;
}

export interface OpsHub {
  dataDir: string;
  grpcAddress: string;
  httpUrl: string;
  repoUrl: string;
  dir: string;
  webhookSecret: string;
  process: ChildProcess;
  /** Commits files to the `fleet` repository. */
  commit(files: Record<string, string | null>): Promise<string>;
  /** `outpost ARGS --data-dir DATA` (the hub-host way to reach the hub). */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * Starts a git server with a `fleet` repository (`base/cm.yaml`) and `outpost principal` with
 * an ApplicationSet deploying it to every registered cluster (the clusters generator).
 */
export async function startOpsHub(
  options: { files?: Record<string, string>; extraArgs?: (repoUrl: string) => string[] } = {},
): Promise<OpsHub> {
  const dir = await tempDir({ prefix: 'outpost-ops-e2e-' });
  const git = await startGitServer();
  const repo = await git.createRepo('fleet', { 'base/cm.yaml': configMap('base', 'v1'), ...options.files });
  const appset = join(dir, 'base.yaml');
  await writeFile(appset, baseAppset(repo.url));
  const dataDir = join(dir, 'hub');
  const grpcAddress = `127.0.0.1:${await freePort()}`;
  const webhookSecret = 'e2e-webhook-secret';
  const child = spawnTracked(
    process.execPath,
    [
      MAIN,
      'principal',
      '--data-dir',
      dataDir,
      '--grpc-listen',
      grpcAddress,
      '--http-listen',
      '127.0.0.1:0',
      '--appset',
      appset,
      '--repo-poll-interval',
      '1s',
      '--webhook-secret',
      webhookSecret,
      ...(options.extraArgs?.(repo.url) ?? []),
    ],
    { env: { ...process.env, OUTPOST_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const httpUrl = await until(
    'the hub to print its status API URL',
    async () => {
      if (child.exitCode !== null) throw new Error(`hub exited: ${err}`);
      return /status API at (http:\/\/\S+)\/api\/v1\/summary/.exec(out)?.[1];
    },
    60_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\nhub stderr:\n${err}`);
  });
  return {
    dataDir,
    grpcAddress,
    httpUrl,
    repoUrl: repo.url,
    dir,
    webhookSecret,
    process: child,
    commit: (files) => repo.commit(files, { message: 'change' }),
    cli: (args) => outpost([...args, '--data-dir', dataDir]),
  };
}

/** A simulated cluster and its kubeconfig. */
export async function simulatedCluster(
  name: string,
  dir: string,
): Promise<{ double: KubeDouble; kubeconfig: string }> {
  const double = await KubeDouble.start({ name });
  const kubeconfig = await writeKubeconfigFile(double.url, name, join(dir, `${name}.kubeconfig`));
  return { double, kubeconfig };
}

/** The `outpost agent ...` line of `cluster register` output, as argv (without `outpost`). */
export function joinArgs(registerOutput: string): string[] {
  const line = registerOutput.split('\n').find((l) => l.trim().startsWith('outpost agent '));
  if (!line) throw new Error(`no join command in:\n${registerOutput}`);
  return line.trim().split(/\s+/).slice(1);
}

/** Starts `outpost agent` from a join command plus the operator's additions. */
export async function startAgent(
  join: string[],
  extra: string[],
): Promise<{ child: ChildProcess; httpUrl: string; output: () => string }> {
  const port = await freePort();
  const child = spawnTracked(
    process.execPath,
    [MAIN, ...join, ...extra, '--http-listen', `127.0.0.1:${port}`],
    {
      env: { ...process.env, OUTPOST_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, httpUrl: `http://127.0.0.1:${port}`, output: () => output };
}

/** Runs an agent join command to its end (for refusals); returns its exit code and output. */
export async function runAgentToExit(
  join: string[],
  extra: string[],
): Promise<{ code: number; output: string }> {
  const r = await outpost([...join, ...extra]);
  return { code: r.code, output: r.stdout + r.stderr };
}
