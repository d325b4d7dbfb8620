/**
 * The file store's write-ahead log with group commit: every put or delete is appended
 * here and fsynced before it is acknowledged; all writes that arrive while one fsync runs
 * share the next one, so a fan-out writing a thousand assignments costs a few fsyncs, not
 * a thousand. A checkpoint writes the changes to their key files and deletes the log;
 * after a crash, `readLog` returns every complete record to replay.
 *
 * Record: a header line `W1 <op> <bucket> <key> <revision> <length> <sum>` (op `p` put,
 * `d` delete; sum = first 32 hex of sha256 over the header fields and the value), the value
 * bytes, and a newline. A torn or corrupt record ends the replay: nothing after it was
 * acknowledged.
 */
import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** One logged change. */
export interface LogRecord {
  op: 'p' | 'd';
  bucket: string;
  key: string;
  revision: number;
  value: Uint8Array;
}

function sum(op: string, bucket: string, key: string, revision: number, value: Uint8Array): string {
  return createHash('sha256')
    .update(`${op} ${bucket} ${key} ${revision} ${value.byteLength}\n`)
    .update(value)
    .digest('hex')
    .slice(0, 32);
}

/** Encodes one record. */
export function encodeRecord(r: LogRecord): Buffer {
  const header = `W1 ${r.op} ${r.bucket} ${r.key} ${r.revision} ${r.value.byteLength} ${sum(r.op, r.bucket, r.key, r.revision, r.value)}\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), r.value, Buffer.from('\n')]);
}

/** Every complete, intact record of a log, in order (stops at the first torn or corrupt one). */
export async function readLog(path: string): Promise<LogRecord[]> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: LogRecord[] = [];
  let at = 0;
  while (at < raw.length) {
    const nl = raw.indexOf(0x0a, at);
    if (nl < 0) break;
    const m = /^W1 ([pd]) (\S+) (\S+) (\d+) (\d+) ([0-9a-f]{32})$/.exec(
      raw.subarray(at, nl).toString('latin1'),
    );
    if (!m) break;
    const length = Number(m[5]);
    const end = nl + 1 + length;
    if (end + 1 > raw.length || raw[end] !== 0x0a) break;
    const value = new Uint8Array(raw.subarray(nl + 1, end));
    const r: LogRecord = { op: m[1] as 'p' | 'd', bucket: m[2]!, key: m[3]!, revision: Number(m[4]), value };
    if (sum(r.op, r.bucket, r.key, r.revision, value) !== m[6]) break;
    out.push(r);
    at = end + 1;
  }
  return out;
}

/** Appends records durably, one fsync per group of concurrent appends. */
export class WriteAheadLog {
  private readonly handle: FileHandle;
  private readonly fsync: boolean;
  private queue: { bytes: Buffer; done: (err?: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private size: number;

  private constructor(handle: FileHandle, size: number, fsync: boolean) {
    this.handle = handle;
    this.size = size;
    this.fsync = fsync;
  }

  /** Opens (creating) the log for appending. */
  static async open(path: string, fsync: boolean): Promise<WriteAheadLog> {
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return new WriteAheadLog(handle, size, fsync);
  }

  /** Bytes in this log. */
  get bytes(): number {
    return this.size;
  }

  /** Resolves once the record is on disk (fsynced with its group). */
  append(record: LogRecord): Promise<void> {
    const bytes = encodeRecord(record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    // One turn of the event loop first: every append of the current burst (a thousand
    // concurrent puts reach here in one turn) joins the first group, not just the first.
    await yieldToEventLoop();
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const bytes = Buffer.concat(group.map((g) => g.bytes));
      try {
        await this.handle.write(bytes);
        if (this.fsync) await this.handle.datasync();
        this.size += bytes.length;
        for (const g of group) g.done();
      } catch (err) {
        for (const g of group) g.done(err);
      }
    }
    this.flushing = undefined;
  }
}
