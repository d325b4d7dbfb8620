import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp names: unique per process (two pods may share a hostPath state dir) and per write. */
const PROCESS_TAG = `${process.pid}-${randomBytes(4).toString('hex')}`;
let writes = 0;

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * fsync the directory after the rename (default true). A caller writing several files
   * into one directory passes false and calls {@link syncDirectory} once at the end.
   */
  syncDir?: boolean;
  /**
   * fsync the file and its directory (default true). False only for a file whose loss costs
   * nothing but a little work (a hint): the rename still swaps the whole file at once for
   * every reader, but after a power loss the file may hold its old content or, on file
   * systems that do not order the data before the rename, be empty or torn. Readers of such
   * a file must treat an unreadable one as absent. Saves two of the write's eight file
   * system calls and both flushes.
   */
  durable?: boolean;
}

/**
 * Writes `data` to `path` so that a crash at any moment leaves either the old or the
 * new content, never a torn file: write a temporary file in the same directory, fsync
 * it, rename it over the target, then fsync the directory so the rename is durable.
 * The directory is created when missing.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${PROCESS_TAG}-${++writes}.tmp`);
  const durable = options.durable !== false;
  const fh = await openCreating(tmp, dir);
  try {
    await fh.writeFile(data);
    if (durable) await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (durable && options.syncDir !== false) await syncDirectory(dir);
}

/** Opens `file` for writing, creating its directory first only when it is missing. */
async function openCreating(file: string, dir: string): Promise<FileHandle> {
  try {
    return await open(file, 'w', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    return open(file, 'w', 0o600);
  }
}

/** fsyncs a directory so that entries created or renamed in it survive a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  } finally {
    await fh.close();
  }
}
