/**
 * Commits at a high rate for the churn scenario: one long-lived `git fast-import` on the
 * served bare repository instead of three git processes per commit. Each commit is followed
 * by `checkpoint` (pack and refs written, so the git server serves it) and a `progress` line
 * that fast-import echoes once it got there — the commit's acknowledgement.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { isolatedGitEnv } from '../fixtures/index.ts';

/** The fast-import text of one commit on `ref` (continuing the branch fast-import holds). */
export function fastImportCommit(
  ref: string,
  files: Record<string, string>,
  message: string,
  epochSeconds: number,
  from?: string,
): string {
  const ident = `Outpost Bench <bench@outpost.invalid> ${epochSeconds} +0000`;
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let out = `commit ${ref}\nauthor ${ident}\ncommitter ${ident}\n${data(message)}`;
  if (from) out += `from ${from}\n`;
  for (const [path, content] of Object.entries(files)) out += `M 100644 inline ${path}\n${data(content)}`;
  return `${out}\n`;
}

export class StreamCommitter {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly ref: string;
  private readonly waiting = new Map<string, () => void>();
  private started = false;
  private seq = 0;
  private buffered = '';
  private failed: Error | undefined;

  constructor(gitDir: string, branch = 'main') {
    this.ref = `refs/heads/${branch}`;
    this.child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet', '--force'], {
      env: isolatedGitEnv(),
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffered += d.toString();
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const m = /^progress (\S+)/.exec(line);
        if (m) {
          this.waiting.get(m[1]!)?.();
          this.waiting.delete(m[1]!);
        }
      }
    });
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    this.child.once('exit', (code) => {
      this.failed = new Error(`git fast-import exited with ${code}: ${stderr.slice(-500)}`);
    });
  }

  /** Commits `files` on the branch; resolves once the ref points at the commit. */
  commit(files: Record<string, string>, message: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const id = `c${++this.seq}`;
    const from = this.started ? undefined : `${this.ref}^0`;
    this.started = true;
    const text = fastImportCommit(this.ref, files, message, Math.floor(Date.now() / 1000), from);
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${text}checkpoint\nprogress ${id}\n`, (err) => err && reject(err));
    });
  }

  /** Ends the stream (fast-import writes its final pack and refs) and waits for the exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end('done\n');
    await exited;
  }
}
