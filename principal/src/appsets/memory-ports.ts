import { sha256Digest } from '@outpost/shared';
import type { GitSource, GitTree } from '../sources/git-tree.ts';
import type { ClusterInfo, ClusterInventory } from './application.ts';

/**
 * A `GitSource` over in-memory repositories: `{ repoURL: { path: content } }`, every
 * revision resolving to the same tree. For previews built from data already in memory
 * and for unit tests.
 */
export function memoryGitSource(repos: Record<string, Record<string, string>>): GitSource {
  return {
    resolve(repoURL: string): Promise<GitTree> {
      const files = repos[repoURL];
      if (!files) return Promise.reject(new Error(`repository not found: ${repoURL}`));
      const paths = Object.keys(files).sort();
      return Promise.resolve({
        repoURL,
        commit: '0'.repeat(40),
        listFiles: () => Promise.resolve(paths),
        readFile: (path: string) =>
          Promise.resolve(files[path] === undefined ? undefined : new TextEncoder().encode(files[path])),
        treeId: (path: string) => Promise.resolve(contentId(files, paths, path)),
      });
    },
  };
}

/** A digest of the files under directory `dir` ('' = all), or undefined when there are none. */
function contentId(files: Record<string, string>, paths: readonly string[], dir: string): string | undefined {
  const prefix = dir
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
  const below = prefix ? paths.filter((p) => p.startsWith(`${prefix}/`)) : paths;
  if (below.length === 0) return undefined;
  const cut = prefix ? prefix.length + 1 : 0;
  return sha256Digest(JSON.stringify(below.map((p) => [p.slice(cut), files[p]])));
}

/** A `ClusterInventory` over a fixed list. */
export function staticInventory(clusters: readonly ClusterInfo[]): ClusterInventory {
  return { list: () => Promise.resolve(clusters) };
}
