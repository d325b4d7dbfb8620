import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp names: unique per process and per write. */
const PROCESS_TAG = `${process.pid}-${randomBytes(4).toString('hex')}`;
let writes = 0;

/** Whether `name` is a temp file {@link writeFileAtomic} left for `target` (a crash before its rename). */
export function isStrayTempFile(name: string, target: string): boolean {
  return name.startsWith(`.${target}.`) && name.endsWith('.tmp');
}

/**
 * Writes `data` (mode 0600) to `path` so that a crash at any moment leaves either the old or
 * the new content, never a torn file: write a temporary file in the same directory, fsync
 * it, rename it over the target, then fsync the directory so the rename is durable. The
 * directory is created when missing. On failure the temp file is removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${PROCESS_TAG}-${++writes}.tmp`);
  try {
    const fh = await openCreating(tmp, dir);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** Opens `file` for writing, creating its directory first only when it is missing. */
async function openCreating(file: string, dir: string): Promise<FileHandle> {
  try {
    return await open(file, 'w', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true, mode: 0o700 });
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
