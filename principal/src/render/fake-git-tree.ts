/**
 * An in-memory {@link GitTree} for unit tests of rendering: files given as text, reads
 * counted so that tests can tell a cache hit from a render.
 */
import type { GitTree } from '../sources/git-tree.ts';

export class FakeGitTree implements GitTree {
  readonly repoURL: string;
  readonly commit: string;
  private readonly files: Map<string, Uint8Array>;
  /** How many times `readFile` was called. */
  reads = 0;

  constructor(
    files: Record<string, string>,
    repoURL = 'https://git.example/repo.git',
    commit = 'a'.repeat(40),
  ) {
    this.repoURL = repoURL;
    this.commit = commit;
    this.files = new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  }

  async listFiles(): Promise<readonly string[]> {
    return [...this.files.keys()].sort();
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.files.get(path);
  }
}
