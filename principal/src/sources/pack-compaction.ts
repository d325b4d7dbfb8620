import { join } from 'node:path';
import type { IsoGitFs } from './cache-fs.ts';
import { indexedObjectNames, type PackReader } from './pack-reader.ts';
import { objectName, writePack, type ObjectToPack } from './pack-writer.ts';

/** When and how much {@link PackCompactor} merges. */
export interface PackCompactionOptions {
  /** Merge when the cache holds more packs than this. Default 50 (git's `gc.autoPackLimit`). */
  maxPacks?: number;
  /** Only packs smaller than this are merged; bigger ones (a first clone) stay as they are. Default 16 MiB. */
  smallPackBytes?: number;
  /** At most this many bytes of packs are merged at once. Default 64 MiB. */
  mergeBytes?: number;
}

/** What one compaction did. */
export interface CompactionResult {
  /** Packs merged (now retired). */
  readonly merged: number;
  /** Objects in the new pack. */
  readonly objects: number;
  /** Size of the new pack, bytes. */
  readonly packBytes: number;
}

const TEMP_PREFIX = 'tmp-compact-';

interface PackFile {
  readonly base: string;
  readonly bytes: number;
}

/**
 * Keeps a fetched repository's pack count bounded. Every fetch leaves one more pack behind,
 * and a reader looks an object up in each pack in turn (and keeps each pack's index in
 * memory), so a hub that follows a busy repository for months would slow down and grow
 * without it; the git CLI runs `git gc --auto` for the same reason. When there are more
 * than `maxPacks` packs, the small ones are merged into one pack of whole objects, read
 * through the repository's {@link PackReader} (which resolves deltas) and each checked
 * against its name before it is written.
 *
 * The merged packs' indexes are removed at once, so no new reader finds them; their pack
 * files are removed at the next compaction check, so a reader that listed the packs just
 * before can still open them. Only for caches this process owns: a local repository is
 * never rewritten.
 */
export class PackCompactor {
  private readonly packDir: string;
  private readonly fs: IsoGitFs['promises'];
  private readonly maxPacks: number;
  private readonly smallPackBytes: number;
  private readonly mergeBytes: number;

  constructor(gitdir: string, fs: IsoGitFs, options: PackCompactionOptions = {}) {
    this.packDir = join(gitdir, 'objects', 'pack');
    this.fs = fs.promises;
    this.maxPacks = options.maxPacks ?? 50;
    this.smallPackBytes = options.smallPackBytes ?? 16 * 1024 * 1024;
    this.mergeBytes = options.mergeBytes ?? 64 * 1024 * 1024;
  }

  /**
   * Removes the packs retired by the previous call, then merges small packs when there are
   * too many. Answers what it merged, or undefined when nothing was to do. Throws when an
   * object does not read back as its name says; nothing is removed then.
   */
  async check(reader: PackReader): Promise<CompactionResult | undefined> {
    const names = new Set(await this.fs.readdir(this.packDir).catch(() => [] as string[]));
    await this.removeRetired(names);
    const bases = [...names]
      .filter((n) => n.endsWith('.idx') && names.has(`${n.slice(0, -'.idx'.length)}.pack`))
      .map((n) => n.slice(0, -'.idx'.length));
    if (bases.length <= this.maxPacks) return undefined;
    const packs = await this.sized(bases);
    const chosen: PackFile[] = [];
    let total = 0;
    for (const pack of packs.filter((p) => p.bytes < this.smallPackBytes).sort((a, b) => a.bytes - b.bytes)) {
      if (chosen.length >= 2 && total + pack.bytes > this.mergeBytes) break;
      chosen.push(pack);
      total += pack.bytes;
    }
    if (chosen.length < 2) return undefined;
    const objects = await this.readObjects(chosen, reader);
    const written = writePack(objects);
    const target = join(this.packDir, `pack-${written.name}`);
    const temp = join(this.packDir, `${TEMP_PREFIX}${written.name}`);
    await this.fs.writeFile(`${temp}.pack`, written.pack, { flush: true });
    await this.fs.writeFile(`${temp}.idx`, written.idx, { flush: true });
    // The pack first: a reader that sees the index must find its pack.
    await this.fs.rename(`${temp}.pack`, `${target}.pack`);
    await this.fs.rename(`${temp}.idx`, `${target}.idx`);
    const merged = chosen.filter((p) => join(this.packDir, p.base) !== target);
    // Their pack files stay until the next check (see the class comment).
    for (const pack of merged) await this.fs.unlink(join(this.packDir, `${pack.base}.idx`));
    await reader.refresh();
    return { merged: merged.length, objects: written.count, packBytes: written.pack.length };
  }

  private async readObjects(packs: readonly PackFile[], reader: PackReader): Promise<ObjectToPack[]> {
    const names = new Set<string>();
    for (const pack of packs) {
      const idx = await this.fs.readFile(join(this.packDir, `${pack.base}.idx`));
      for (const oid of indexedObjectNames(idx)) names.add(oid);
    }
    const objects: ObjectToPack[] = [];
    for (const oid of names) {
      const object = await reader.read(oid);
      if (!object) throw new Error(`object ${oid} is listed in a pack index but cannot be read`);
      if (objectName(object) !== oid) throw new Error(`object ${oid} reads back as ${objectName(object)}`);
      objects.push({ oid, type: object.type, data: object.data });
    }
    return objects;
  }

  /** The packs (by base name, `pack-<sha>`) with the sizes of their pack files. */
  private async sized(bases: readonly string[]): Promise<PackFile[]> {
    const packs: PackFile[] = [];
    for (const base of bases) {
      const stat = await this.fs.stat(join(this.packDir, `${base}.pack`)).catch(() => undefined);
      if (stat) packs.push({ base, bytes: stat.size });
    }
    return packs;
  }

  /**
   * Removes pack files without an index — the ones retired last time, or left by a
   * compaction that was interrupted — and unfinished temporary files. Runs only between
   * fetches (the caller serialises them), when no pack is being written.
   */
  private async removeRetired(names: Set<string>): Promise<void> {
    for (const name of [...names]) {
      const orphan = name.endsWith('.pack') && !names.has(`${name.slice(0, -'.pack'.length)}.idx`);
      if (orphan || name.startsWith(TEMP_PREFIX)) {
        await this.fs.unlink(join(this.packDir, name)).catch(() => undefined);
        names.delete(name);
      }
    }
  }
}
