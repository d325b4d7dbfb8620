/**
 * An in-memory {@link GitTree} for unit tests of rendering: files given as text, reads
 * counted so that tests can tell a cache hit from a render. `treeId` digests the files
 * under a directory, so two fakes with the same files there share an id, as Git trees do.
 */
import { sha256Digest } from '@outpost/shared';
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

  /** A digest of the names and contents under `path`, or undefined when nothing is there. */
  async treeId(path: string): Promise<string | undefined> {
    const dir = path
      .split('/')
      .filter((p) => p !== '' && p !== '.')
      .join('/');
    const prefix = dir ? `${dir}/` : '';
    const below = (await this.listFiles()).filter((p) => p.startsWith(prefix));
    if (below.length === 0 && dir) return undefined;
    const text = (p: string) => Buffer.from(this.files.get(p) ?? new Uint8Array()).toString('base64');
    return sha256Digest(JSON.stringify(below.map((p) => [p.slice(prefix.length), text(p)])));
  }
}
