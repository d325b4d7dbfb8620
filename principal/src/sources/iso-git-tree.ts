import git, { type FsClient, type TreeEntry } from 'isomorphic-git';
import { LRUCache } from 'lru-cache';
import type { GitTree } from './git-tree.ts';
import type { PackedObject, PackReader } from './pack-reader.ts';

/** Paths of a commit's blobs, sorted, and each path's blob id. */
interface FileIndex {
  readonly paths: readonly string[];
  readonly blobs: ReadonlyMap<string, string>;
}

/** Options for {@link TreeCaches}. */
export interface TreeCacheOptions {
  /** Parsed tree objects kept (shared by all repositories; trees are content-addressed). Default 20 000. */
  maxTrees?: number;
  /** Per-commit file lists kept. Default 64. */
  maxFileLists?: number;
  /** Bytes of blob content kept, by blob id (unchanged files cost nothing at the next commit). Default 64 MiB. */
  maxBlobBytes?: number;
}

/** Blobs larger than this are never kept in memory. */
const MAX_CACHED_BLOB = 1024 * 1024;

/**
 * The LRU caches behind every {@link IsoGitTree}: parsed trees and blob contents by
 * object id (content-addressed, so shared by all repositories and commits), file lists
 * by commit.
 */
export class TreeCaches {
  readonly trees: LRUCache<string, readonly TreeEntry[]>;
  readonly fileLists: LRUCache<string, FileIndex>;
  readonly blobs: LRUCache<string, Uint8Array>;

  constructor(options: TreeCacheOptions = {}) {
    this.trees = new LRUCache({ max: options.maxTrees ?? 20_000 });
    this.fileLists = new LRUCache({ max: options.maxFileLists ?? 64 });
    const maxSize = options.maxBlobBytes ?? 64 * 1024 * 1024;
    this.blobs = new LRUCache({
      maxSize,
      maxEntrySize: Math.min(MAX_CACHED_BLOB, maxSize),
      sizeCalculation: (blob) => Math.max(1, blob.byteLength),
    });
  }
}

/** Where an {@link IsoGitTree} reads objects from. */
export interface ObjectStore {
  /** The git directory (bare cache or a local repository's `.git`). */
  readonly gitdir: string;
  /** The file system port to read it with. */
  readonly fs: FsClient;
  /** isomorphic-git's object cache for this repository (pack indexes). */
  readonly cache: object;
  /** The fast path for packed objects; isomorphic-git reads what it does not find. */
  readonly packs?: PackReader;
}

/**
 * A {@link GitTree} read straight from the object database with isomorphic-git: no
 * work-tree checkout. Trees are parsed once per object id (LRU); `listFiles` builds
 * and caches a path index per commit.
 */
export class IsoGitTree implements GitTree {
  readonly repoURL: string;
  readonly commit: string;
  private readonly store: ObjectStore;
  private readonly caches: TreeCaches;
  private rootTree: string | undefined;

  constructor(repoURL: string, commit: string, store: ObjectStore, caches: TreeCaches) {
    this.repoURL = repoURL;
    this.commit = commit;
    this.store = store;
    this.caches = caches;
  }

  async listFiles(): Promise<readonly string[]> {
    return (await this.fileIndex()).paths;
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const clean = normalizePath(path);
    if (clean === undefined) return undefined;
    const indexed = this.caches.fileLists.get(this.indexKey());
    const oid = indexed ? indexed.blobs.get(clean) : await this.findBlob(clean);
    if (oid === undefined) return undefined;
    const cached = this.caches.blobs.get(oid);
    if (cached) return cached.slice();
    const packed = await this.packed(oid, 'blob');
    const blob = packed
      ? new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength)
      : (await git.readBlob({ fs: this.store.fs, gitdir: this.store.gitdir, oid, cache: this.store.cache }))
          .blob;
    if (blob.byteLength <= MAX_CACHED_BLOB) this.caches.blobs.set(oid, blob.slice());
    return blob;
  }

  /** The Git tree object id of the directory `path` ('' = the root tree), or undefined. */
  async treeId(path: string): Promise<string | undefined> {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..')) return undefined;
    let treeOid = await this.root();
    for (const part of parts) {
      const entry = (await this.tree(treeOid)).find((e) => e.path === part);
      if (entry?.type !== 'tree') return undefined;
      treeOid = entry.oid;
    }
    return treeOid;
  }

  private indexKey(): string {
    return `${this.store.gitdir}\0${this.commit}`;
  }

  private async fileIndex(): Promise<FileIndex> {
    const key = this.indexKey();
    const cached = this.caches.fileLists.get(key);
    if (cached) return cached;
    const blobs = new Map<string, string>();
    const walk = async (treeOid: string, prefix: string): Promise<void> => {
      const entries = await this.tree(treeOid);
      await Promise.all(
        entries.map(async (entry) => {
          const path = prefix + entry.path;
          if (entry.type === 'tree') await walk(entry.oid, `${path}/`);
          else if (entry.type === 'blob') blobs.set(path, entry.oid);
        }),
      );
    };
    await walk(await this.root(), '');
    const paths = [...blobs.keys()].sort();
    const index = { paths, blobs };
    this.caches.fileLists.set(key, index);
    return index;
  }

  private async findBlob(path: string): Promise<string | undefined> {
    const parts = path.split('/');
    let treeOid = await this.root();
    for (let i = 0; i < parts.length; i++) {
      const entry = (await this.tree(treeOid)).find((e) => e.path === parts[i]);
      if (!entry) return undefined;
      if (i === parts.length - 1) return entry.type === 'blob' ? entry.oid : undefined;
      if (entry.type !== 'tree') return undefined;
      treeOid = entry.oid;
    }
    return undefined;
  }

  private async root(): Promise<string> {
    if (this.rootTree === undefined) {
      const packed = await this.packed(this.commit, 'commit');
      const fromPack =
        packed && /^tree ([0-9a-f]{40})$/m.exec(packed.subarray(0, 100).toString('latin1'))?.[1];
      this.rootTree =
        fromPack ??
        (
          await git.readCommit({
            fs: this.store.fs,
            gitdir: this.store.gitdir,
            oid: this.commit,
            cache: this.store.cache,
          })
        ).commit.tree;
    }
    return this.rootTree;
  }

  /** The object's content from the pack reader, or undefined to fall back to isomorphic-git. */
  private async packed(oid: string, type: PackedObject['type']): Promise<Buffer | undefined> {
    try {
      const object = await this.store.packs?.read(oid);
      return object?.type === type ? object.data : undefined;
    } catch {
      return undefined; // isomorphic-git reads it, and reports any corruption itself
    }
  }

  private async tree(oid: string): Promise<readonly TreeEntry[]> {
    const cached = this.caches.trees.get(oid);
    if (cached) return cached;
    const packed = await this.packed(oid, 'tree');
    const tree = packed
      ? parseTree(packed)
      : (await git.readTree({ fs: this.store.fs, gitdir: this.store.gitdir, oid, cache: this.store.cache }))
          .tree;
    this.caches.trees.set(oid, tree);
    return tree;
  }
}

/** Parses a raw tree object: entries of `<mode> <name>\0<20-byte id>`. */
export function parseTree(data: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const nul = data.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > data.length) throw new Error('malformed tree object');
    const mode = data.toString('latin1', pos, space).padStart(6, '0');
    const path = data.toString('utf8', space + 1, nul);
    const oid = data.toString('hex', nul + 1, nul + 21);
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    entries.push({ mode, path, oid, type });
    pos = nul + 21;
  }
  return entries;
}

/** `a/b.yaml` from `./a/b.yaml` or `/a/b.yaml`; undefined for paths that leave the tree. */
function normalizePath(path: string): string | undefined {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return undefined;
  return parts.join('/');
}
