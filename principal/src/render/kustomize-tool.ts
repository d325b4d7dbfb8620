/**
 * Runs the real kustomize: `kustomize build DIR` when `kustomize` is on the search path,
 * else `kubectl kustomize DIR` (kubectl embeds kustomize). The child gets an environment
 * without proxies and with git limited to local protocols, so a build can never reach the
 * network.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';

/** The port the kustomize renderer builds through. */
export interface KustomizeTool {
  /** Builds the kustomization in `dir` and returns the YAML stream it prints. */
  build(dir: string): Promise<string>;
}

export interface KustomizeToolOptions {
  /** Directories searched for `kustomize`, then `kubectl`. Default: `PATH` of this process. */
  searchPath?: string;
  /** One build's time limit. Default 60 s. */
  timeoutMs?: number;
}

async function findExecutable(name: string, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const PROXY_VARS = /^(https?_proxy|all_proxy|no_proxy|ftp_proxy)$/i;

/** The child's environment: ours minus proxies, git restricted to local repositories. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!PROXY_VARS.test(k)) env[k] = v;
  env.GIT_ALLOW_PROTOCOL = 'file';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/**
 * Finds the binary and returns a {@link KustomizeTool}.
 *
 * @throws OutpostError RENDER_TOOL_MISSING when neither `kustomize` nor `kubectl` is found.
 */
export async function locateKustomize(options: KustomizeToolOptions = {}): Promise<KustomizeTool> {
  const dirs = (options.searchPath ?? process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const kustomize = await findExecutable('kustomize', dirs);
  const kubectl = kustomize ? undefined : await findExecutable('kubectl', dirs);
  const binary = kustomize ?? kubectl;
  if (!binary) {
    throw new OutpostError(
      ErrorCodes.RENDER_TOOL_MISSING,
      'neither kustomize nor kubectl was found on the PATH',
      {
        hint: 'install kustomize (or kubectl, which embeds it) on the hub to render Kustomize sources',
      },
    );
  }
  const args = kustomize ? ['build'] : ['kustomize'];
  const timeout = options.timeoutMs ?? 60_000;
  const env = offlineEnv();
  return {
    build: (dir) =>
      new Promise((resolve, reject) => {
        execFile(
          binary,
          [...args, dir],
          { env, timeout, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
          (error, stdout, stderr) => {
            if (!error) return resolve(stdout);
            const detail = (stderr || error.message).trim();
            reject(
              new OutpostError(
                ErrorCodes.RENDER_KUSTOMIZE_FAILED,
                error.killed ? `kustomize build timed out after ${timeout} ms` : detail,
                { cause: error },
              ),
            );
          },
        );
      }),
  };
}
