/**
 * The cache key of a source render: what the render reads, not the commit it was read at.
 * A plain directory reads only files under its path, so it is keyed by that directory's
 * tree id; Kustomize may reach `../base` anywhere in the repository, so it is keyed by the
 * root tree id. A commit that touches other paths therefore leaves the key unchanged and
 * the render is reused. When the tree cannot name a tree id (no `treeId`, a missing path,
 * a read error), or the source type cannot be decided, the key falls back to the commit.
 */
import { canonicalJson } from '@outpost/shared';
import { LRUCache } from 'lru-cache';
import type { ApplicationSource } from '../appsets/application.ts';
import type { GitTree } from '../sources/git-tree.ts';
import { pathExists } from './core/directory-files.ts';
import { detectSourceType, type SourceType } from './core/source-type.ts';

/** The options of a source that change what it renders to. */
function optionsOf(source: ApplicationSource): Record<string, unknown> {
  return {
    chart: source.chart,
    directory: source.directory,
    kustomize: source.kustomize,
    helm: source.helm,
    plugin: source.plugin,
  };
}

/** Computes render cache keys, remembering each directory's source type by its tree id. */
export class SourceKeys {
  /** Source type by (repo, path tree, path, options): it depends only on the files directly in the path. */
  private readonly types = new LRUCache<string, SourceType>({ max: 10_000 });

  /**
   * The key for rendering `source` at `path` from `tree`: canonical JSON of the repository,
   * the content id (a tree id, or the commit as a fallback), the path and the source options.
   */
  async keyOf(source: ApplicationSource, tree: GitTree, path: string): Promise<string> {
    const base = { repoURL: tree.repoURL, path, ...optionsOf(source) };
    const byCommit = () => canonicalJson({ ...base, commit: tree.commit });
    const pathTree = await treeIdOf(tree, path);
    if (pathTree === undefined) return byCommit();
    const sourceType = await this.sourceTypeOf(source, tree, path, pathTree);
    if (sourceType === undefined) return byCommit();
    const contentTree = sourceType === 'Directory' ? pathTree : await treeIdOf(tree, '');
    if (contentTree === undefined) return byCommit();
    return canonicalJson({ ...base, sourceType, tree: contentTree });
  }

  private async sourceTypeOf(
    source: ApplicationSource,
    tree: GitTree,
    path: string,
    pathTree: string,
  ): Promise<SourceType | undefined> {
    const typeKey = canonicalJson({ repoURL: tree.repoURL, path, tree: pathTree, ...optionsOf(source) });
    const known = this.types.get(typeKey);
    if (known) return known;
    try {
      const files = await tree.listFiles();
      // Errors (a missing path, Helm, …) are left to the render itself to report.
      if (!pathExists(files, path)) return undefined;
      const sourceType = detectSourceType(source, path, new Set(files));
      this.types.set(typeKey, sourceType);
      return sourceType;
    } catch {
      return undefined;
    }
  }

  clear(): void {
    this.types.clear();
  }
}

async function treeIdOf(tree: GitTree, path: string): Promise<string | undefined> {
  if (!tree.treeId) return undefined;
  try {
    return await tree.treeId(path);
  } catch {
    return undefined; // the render reads the tree again and reports the error
  }
}
