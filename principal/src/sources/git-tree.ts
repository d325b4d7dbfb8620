/**
 * The port through which the pure core (generators, rendering) reads a repository at
 * one commit. Implemented by the Git sources adapter (isomorphic-git) and by
 * in-memory fakes in unit tests.
 */
export interface GitTree {
  /** The repository URL as written in the ApplicationSet/Application (before rewrites). */
  readonly repoURL: string;
  /** The resolved commit SHA (40 hex). */
  readonly commit: string;
  /** Every blob path in the tree, POSIX separators, no leading slash, sorted. */
  listFiles(): Promise<readonly string[]>;
  /** The blob at `path`, or undefined when there is none. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * An id of the content under the directory `path` ('' for the root): equal ids mean
   * equal files (names, modes, contents) below it, whatever the commit. For Git trees, the
   * tree object's id. Undefined when `path` is not a directory or the tree cannot tell;
   * callers then fall back to `commit`. Optional: trees without it are keyed by commit.
   */
  treeId?(path: string): Promise<string | undefined>;
}

/** Resolves (repoURL, revision) to a tree at a commit. Revision: branch, tag, SHA (full or short), `HEAD`, or empty (= HEAD). */
export interface GitSource {
  resolve(repoURL: string, revision: string): Promise<GitTree>;
}
