/**
 * A benchmark child process (the hub or an agent worker) forked with an IPC channel: its pid
 * for /proc readings, request/reply through {@link IpcPeer}, graceful stop and kill -9.
 * Its stdout and stderr go to a log file so a failed run can be read afterwards.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { IpcPeer, type IpcChannel } from './ipc-rpc.ts';
import { readProcStats, type ProcStats } from './proc-stats.ts';

/** Options of {@link ChildHandle.start}. */
export interface ChildStartOptions {
  /** The module to run (absolute path of a .ts entry). */
  module: string;
  /** JSON-serialisable configuration, passed as the first argument. */
  config: unknown;
  /** Appended-to log file for the child's stdout and stderr. */
  logFile: string;
  /** Node flags, e.g. `--cpu-prof`, `--max-old-space-size=8192`. */
  nodeFlags?: string[];
  /** Environment added to this process's own. */
  env?: Record<string, string>;
  /** Give up waiting for the `ready` notice after this long. Default 120 s. */
  readyTimeoutMs?: number;
  /** A label for error messages, e.g. `hub` or `worker 3`. */
  label: string;
}

/** A running child. */
export class ChildHandle<Ready = unknown> {
  readonly label: string;
  readonly peer: IpcPeer;
  readonly ready: Ready;
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    label: string,
    child: ChildProcess,
    peer: IpcPeer,
    ready: Ready,
    exited: ChildHandle['exited'],
  ) {
    this.label = label;
    this.child = child;
    this.peer = peer;
    this.ready = ready;
    this.exited = exited;
  }

  /** Forks the module and waits for its `ready` notice. */
  static async start<R>(o: ChildStartOptions): Promise<ChildHandle<R>> {
    const fd = openSync(o.logFile, 'a');
    const child = fork(o.module, [JSON.stringify(o.config)], {
      execArgv: o.nodeFlags ?? [],
      env: { ...process.env, ...o.env },
      stdio: ['ignore', fd, fd, 'ipc'],
      serialization: 'advanced',
    });
    closeSync(fd);
    const peer = new IpcPeer(child as unknown as IpcChannel);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        peer.close(`${o.label} exited (code ${code}, signal ${signal}); see ${o.logFile}`);
        resolve({ code, signal });
      }),
    );
    const ready = await new Promise<R>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${o.label} not ready within ${o.readyTimeoutMs ?? 120_000} ms; see ${o.logFile}`),
          ),
        o.readyTimeoutMs ?? 120_000,
      );
      peer.onNotice<R>('ready', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(`${o.label} exited before ready (code ${code}, signal ${signal}); see ${o.logFile}`),
        );
      });
    });
    return new ChildHandle<R>(o.label, child, peer, ready, exited);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** CPU and memory now (from /proc). */
  stats(): ProcStats {
    return readProcStats(this.pid);
  }

  /** Calls a method of the child. */
  call<T>(method: string, params: unknown = {}): Promise<T> {
    return this.peer.call<T>(method, params);
  }

  /** Asks the child to stop and waits for it to exit; kills it after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.peer.call('stop').catch(() => undefined);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9 and wait for the exit. */
  async kill9(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
