/**
 * The file store's layout on disk: `<dir>/<bucket>/<key>` the key files (`/` in keys encoded
 * as `~`), `<dir>/wal-<n>.log` the write-ahead logs, `<dir>/.tmp/` files being written and
 * `<dir>/LOCK` the pid of the process that owns the directory. Every path the store touches
 * is made here, so a key is validated before anything reaches the disk.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreBucket } from './store.ts';

const BUCKETS: readonly StoreBucket[] = [
  'clusters',
  'tokens',
  'appsets',
  'assignments',
  'blobs',
  'status',
  'hub',
];
const KEY_PATTERN = /^[A-Za-z0-9._=-]+(\/[A-Za-z0-9._=-]+)*$/;
const LOG_NAME = /^wal-(\d+)\.log$/;

/** Encodes a store key as a file name (validated first). */
export function keyToFileName(key: string): string {
  if (!KEY_PATTERN.test(key) || key.split('/').some((seg) => seg === '.' || seg === '..')) {
    throw new Error(`store: invalid key ${JSON.stringify(key)} (allowed: [A-Za-z0-9._=-] and / separators)`);
  }
  return key.replaceAll('/', '~');
}

function fileNameToKey(name: string): string {
  return name.replaceAll('~', '/');
}

/** Paths inside one data directory, and the few operations on the directory itself. */
export class DataDir {
  /** The data directory. */
  readonly dir: string;
  /** Where key files are written before they are renamed into place (same file system). */
  readonly tmpDir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.tmpDir = join(dir, '.tmp');
  }

  /**
   * The key file of `key` in `bucket`. Throws a plain `Error` (a programmer error) for an
   * unknown bucket or an invalid key.
   */
  keyPath(bucket: StoreBucket, key: string): string {
    return join(this.bucketPath(bucket), keyToFileName(key));
  }

  /** The directory of a bucket's key files. Throws for an unknown bucket. */
  bucketPath(bucket: StoreBucket): string {
    if (!BUCKETS.includes(bucket)) throw new Error(`store: unknown bucket ${bucket}`);
    return join(this.dir, bucket);
  }

  /** The log with sequence number `seq`. */
  logPath(seq: number): string {
    return join(this.dir, `wal-${seq}.log`);
  }

  /**
   * Creates the directory and its buckets, clears files left by interrupted key-file
   * writes, and writes `LOCK` with this process's pid.
   */
  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
    for (const b of BUCKETS) await mkdir(join(this.dir, b), { recursive: true });
    await writeFile(join(this.dir, 'LOCK'), `${process.pid}\n`);
  }

  /** Sequence numbers of the logs in the directory, oldest first. */
  async logs(): Promise<number[]> {
    return (await readdir(this.dir))
      .map((n) => LOG_NAME.exec(n))
      .flatMap((m) => (m ? [Number(m[1])] : []))
      .sort((a, b) => a - b);
  }

  /** Keys that have a key file in `bucket` (unsorted). */
  async keyFiles(bucket: StoreBucket): Promise<string[]> {
    return (await readdir(this.bucketPath(bucket))).map(fileNameToKey);
  }

  /** Removes `LOCK`: the directory is free for another process. */
  async unlock(): Promise<void> {
    await rm(join(this.dir, 'LOCK'), { force: true });
  }
}
