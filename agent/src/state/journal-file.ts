import { open, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory, writeFileAtomic } from './atomic-file.ts';

/**
 * The journal file itself, kept open for appending: an append is one write call (plus one
 * fdatasync when durable), a replacement is a crash-safe write-and-rename. Knows nothing of
 * records; {@link StateStore} decides what to write.
 */
export class JournalFile {
  readonly path: string;
  private handle: FileHandle | undefined;
  private length: number;

  private constructor(path: string, handle: FileHandle, length: number) {
    this.path = path;
    this.handle = handle;
    this.length = length;
  }

  /**
   * Opens (creating, mode 0600) the journal for appending and reads its content. An empty
   * journal may have just been created: its directory is fsynced, so that the first durable
   * append is not lost with the directory entry.
   */
  static async open(path: string): Promise<{ file: JournalFile; content: Buffer }> {
    const handle = await open(path, 'a+', 0o600);
    try {
      const content = await handle.readFile();
      if (content.length === 0) await syncDirectory(dirname(path));
      return { file: new JournalFile(path, handle, content.length), content };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** The journal's length in bytes. */
  get size(): number {
    return this.length;
  }

  /**
   * Appends `data` with one write call; with `durable`, then one fdatasync, so the data is on
   * disk when this resolves. A failed append may leave part of `data` in the file: the caller
   * must not append after a failure but {@link replace} the journal.
   */
  async append(data: Buffer, durable: boolean): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`state journal ${this.path} is not open`);
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      written += bytesWritten;
      this.length += bytesWritten;
    }
    if (durable) await handle.datasync();
  }

  /** Cuts the journal at `length` bytes (a torn tail after a crash). */
  async truncate(length: number): Promise<void> {
    if (!this.handle) throw new Error(`state journal ${this.path} is not open`);
    await this.handle.truncate(length);
    this.length = length;
  }

  /**
   * Replaces the whole journal with `data`, durably (temp file, fsync, rename, directory fsync),
   * then reopens it for appending. A crash at any point leaves the old or the new journal; a
   * stray temp file at worst.
   */
  async replace(data: Buffer): Promise<void> {
    await writeFileAtomic(this.path, data);
    await this.reopen();
    this.length = data.length;
  }

  /** Renames the journal to `<path>.corrupt` (replacing an older one) and starts an empty one. */
  async setAside(): Promise<string> {
    const aside = `${this.path}.corrupt`;
    await rename(this.path, aside);
    await this.reopen();
    await syncDirectory(dirname(this.path));
    this.length = 0;
    return aside;
  }

  /** Closes the file; later appends fail. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async reopen(): Promise<void> {
    await this.close().catch(() => undefined);
    this.handle = await open(this.path, 'a', 0o600);
  }
}
