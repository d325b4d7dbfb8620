import * as fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { RepoBackend } from './repo-backend.ts';
import type { RefSnapshot } from './revision.ts';

/**
 * A repository on the local disk (a path or `file://` URL), read in place: a work tree
 * with `.git`, or a bare repository. "Syncing" re-reads its refs; nothing is copied.
 */
export class LocalRepo implements RepoBackend {
  readonly fs = fs;
  private readonly path: string;
  private located = false;
  private resolvedGitdir: string;

  constructor(path: string) {
    this.path = path;
    this.resolvedGitdir = path;
  }

  /** The git directory: `<path>/.git` for a work tree, `<path>` for a bare repository (known after a sync). */
  get gitdir(): string {
    return this.resolvedGitdir;
  }

  async sync(): Promise<RefSnapshot> {
    const gitdir = await this.locate();
    const refs = new Map<string, string>();
    try {
      for (const kind of ['heads', 'tags']) {
        for (const name of await git.listRefs({ fs, gitdir, filepath: `refs/${kind}` })) {
          refs.set(`refs/${kind}/${name}`, await git.resolveRef({ fs, gitdir, ref: `refs/${kind}/${name}` }));
        }
      }
      const headText = (await readFile(join(gitdir, 'HEAD'), 'utf8')).trim();
      const head = /^ref: (refs\/\S+)$/.exec(headText)?.[1];
      if (!head && /^[0-9a-f]{40}$/.test(headText)) refs.set('HEAD', headText);
      return { head: head ?? (refs.has('HEAD') ? 'HEAD' : undefined), refs };
    } catch (error) {
      throw new OutpostError(ErrorCodes.GIT_FETCH_FAILED, `reading local repository ${this.path} failed`, {
        cause: error,
      });
    }
  }

  private async locate(): Promise<string> {
    if (this.located) return this.resolvedGitdir;
    for (const candidate of [join(this.path, '.git'), this.path]) {
      const head = await stat(join(candidate, 'HEAD')).catch(() => undefined);
      const objects = await stat(join(candidate, 'objects')).catch(() => undefined);
      if (head?.isFile() && objects?.isDirectory()) {
        this.resolvedGitdir = candidate;
        this.located = true;
        return candidate;
      }
    }
    throw new OutpostError(ErrorCodes.GIT_FETCH_FAILED, `${this.path} is not a git repository`, {
      hint: 'point repoURL at a git work tree or bare repository (a path or file:// URL), or fix the --repo-rewrite rule',
    });
  }
}
