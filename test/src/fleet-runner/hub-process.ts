import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { spawnTracked, stopProcess } from '../fixtures/index.ts';
import { FileStore } from '@outpost/principal';
// principal/src/index.ts does not export the registry (owned by the lead); the runner
// registers clusters in the hub's store before the hub starts, as `outpost cluster register` would.
import { createRegistry } from '../../../principal/src/registry/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The `outpost` CLI entry point. */
export const OUTPOST_MAIN = join(ROOT, 'principal/src/cli/main.ts');

/** Options of {@link HubProcess.start}. */
export interface HubProcessOptions {
  dataDir: string;
  /** Port for agents; fixed so a restarted hub is found at the same address. */
  grpcPort: number;
  httpPort: number;
  /** `--appset` files or directories. */
  appsetPaths: string[];
  /** Git poll interval. Default `200ms`. */
  pollInterval?: string;
  /** Extra environment (e.g. OUTPOST_LOG_LEVEL). */
  env?: Record<string, string>;
}

/**
 * `outpost principal` as a child process (so tests can kill -9 it), started from the real
 * CLI. `start()` resolves once the hub printed that it serves agents.
 */
export class HubProcess {
  readonly options: HubProcessOptions;
  private child: ChildProcess | undefined;
  private stderrTail = '';
  /** The hub CA's fingerprint, as printed at start (agents pin it to enroll). */
  caFingerprint = '';

  constructor(options: HubProcessOptions) {
    this.options = options;
  }

  /** The agents' gRPC address. */
  get address(): string {
    return `127.0.0.1:${this.options.grpcPort}`;
  }

  /** True while the process runs. */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Registers clusters in the hub's store (the hub must not be running); returns their bootstrap tokens. */
  async register(clusters: string[]): Promise<Record<string, string>> {
    if (this.running) throw new Error('register clusters before the hub starts');
    const store = await FileStore.open({ dir: join(this.options.dataDir, 'store'), fsync: false });
    try {
      const registry = createRegistry(store);
      const tokens: Record<string, string> = {};
      for (const name of clusters) {
        const reg = await registry.clusters.register({ name, tokenTtlMs: 3_600_000 }, 'fleet-runner');
        tokens[name] = reg.token;
      }
      return tokens;
    } finally {
      await store.close();
    }
  }

  /** Starts the hub and waits until it serves agents. */
  async start(timeoutMs = 30_000): Promise<void> {
    const o = this.options;
    const args = [
      OUTPOST_MAIN,
      'principal',
      '--data-dir',
      o.dataDir,
      '--grpc-listen',
      this.address,
      '--http-listen',
      `127.0.0.1:${o.httpPort}`,
      '--repo-poll-interval',
      o.pollInterval ?? '200ms',
      ...o.appsetPaths.flatMap((p) => ['--appset', p]),
    ];
    const child = spawnTracked(process.execPath, args, {
      env: { ...process.env, OUTPOST_LOG_LEVEL: 'warn', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      killAfterMs: 2000,
    });
    this.child = child;
    this.stderrTail = '';
    child.stderr!.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    await new Promise<void>((resolvePromise, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`hub did not start in ${timeoutMs} ms: ${this.stderrTail}`)),
        timeoutMs,
      );
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /CA fingerprint (\S+)/.exec(out);
        if (m) {
          this.caFingerprint = m[1]!;
          clearTimeout(timer);
          resolvePromise();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`hub exited (${code ?? signal}) before serving: ${this.stderrTail}`));
      });
    });
  }

  /** Kills the hub with SIGKILL (no shutdown at all) and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.child && this.running) await stopProcess(this.child, { signal: 'SIGKILL' });
  }

  /** Stops the hub gracefully. */
  async stop(): Promise<void> {
    if (this.child && this.running) await stopProcess(this.child, { signal: 'SIGTERM', killAfterMs: 3000 });
  }

  /** The last stderr output, for failure messages. */
  get stderr(): string {
    return this.stderrTail;
  }
}
