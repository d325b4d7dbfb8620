/**
 * Writes a {@link GitTree} to a temporary directory so that kustomize can read it (a
 * kustomization may reach `../base` anywhere in the repository, so the whole tree is
 * written). One copy per (repoURL, commit), kept in a small LRU and shared by every render
 * of that commit; a copy is deleted when it leaves the LRU and nobody is using it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { GitTree } from '../sources/git-tree.ts';

/** A materialised tree in use; call `release()` when done with it. */
export interface MaterializedTree {
  readonly dir: string;
  release(): void;
}

interface Entry {
  dir: string;
  users: number;
  evicted: boolean;
}

export interface TreeMaterializerOptions {
  /** Parent of the temporary directories. Default: the OS temp dir. */
  workDir?: string;
  /** Commits kept on disk. Default 8. */
  maxTrees?: number;
}

/** Materialises trees under one private temporary directory, removed by `close()`. */
export class TreeMaterializer {
  private readonly root: string;
  private readonly trees: LRUCache<string, Entry>;
  private readonly pending = new Map<string, Promise<Entry>>();
  private sequence = 0;

  private constructor(root: string, maxTrees: number) {
    this.root = root;
    this.trees = new LRUCache<string, Entry>({
      max: maxTrees,
      dispose: (entry) => {
        entry.evicted = true;
        if (entry.users === 0) void rm(entry.dir, { recursive: true, force: true });
      },
    });
  }

  static async create(options: TreeMaterializerOptions = {}): Promise<TreeMaterializer> {
    const root = await mkdtemp(join(options.workDir ?? tmpdir(), 'outpost-render-'));
    return new TreeMaterializer(root, options.maxTrees ?? 8);
  }

  /** A fresh, empty directory under the materializer's root (for per-render scratch copies). */
  async scratchDir(): Promise<string> {
    const dir = join(this.root, `scratch-${++this.sequence}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** The tree on disk, written on first use of its commit. */
  async acquire(tree: GitTree, files: readonly string[]): Promise<MaterializedTree> {
    const key = `${tree.repoURL}\n${tree.commit}`;
    let entry = this.trees.get(key);
    if (!entry) {
      let writing = this.pending.get(key);
      if (!writing) {
        writing = this.write(tree, files).finally(() => this.pending.delete(key));
        this.pending.set(key, writing);
        const written = await writing;
        this.trees.set(key, written);
      }
      entry = await writing;
    }
    const held = entry;
    held.users++;
    let released = false;
    return {
      dir: held.dir,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        if (held.evicted && held.users === 0) void rm(held.dir, { recursive: true, force: true });
      },
    };
  }

  private async write(tree: GitTree, files: readonly string[]): Promise<Entry> {
    const dir = join(this.root, `tree-${++this.sequence}`);
    const made = new Set<string>();
    for (const file of files) {
      const bytes = await tree.readFile(file);
      if (bytes === undefined) continue;
      const target = join(dir, ...file.split('/'));
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await writeFile(target, bytes);
    }
    await mkdir(dir, { recursive: true });
    return { dir, users: 0, evicted: false };
  }

  /** Removes every materialised tree. */
  async close(): Promise<void> {
    this.trees.clear();
    await rm(this.root, { recursive: true, force: true });
  }
}
