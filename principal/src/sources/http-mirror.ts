import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import git, { type HttpClient } from 'isomorphic-git';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { createCacheFs, type IsoGitFs } from './cache-fs.ts';
import { authHeaders, describeCredential, type RepoCredential } from './credentials.ts';
import { PackCompactor, type CompactionResult, type PackCompactionOptions } from './pack-compaction.ts';
import type { PackReader } from './pack-reader.ts';
import type { RepoBackend } from './repo-backend.ts';
import { redactUrl, repoKey } from './repo-url.ts';
import type { RefSnapshot } from './revision.ts';

const REMOTE = 'origin';

/**
 * A bare cache of a smart-HTTP repository under `cacheRoot`, kept up to date with
 * isomorphic-git's fetch (all branches and tags, pruned). A fetch sends the commits
 * already held as "haves", so only new objects cross the wire.
 */
export class HttpMirror implements RepoBackend {
  readonly gitdir: string;
  readonly fs: IsoGitFs;
  private readonly url: string;
  private readonly http: HttpClient;
  private readonly credential: RepoCredential | undefined;
  private readonly compactor: PackCompactor;
  private initialised = false;

  constructor(
    url: string,
    cacheRoot: string,
    http: HttpClient,
    credential: RepoCredential | undefined,
    compaction: PackCompactionOptions = {},
  ) {
    this.url = url;
    this.http = http;
    this.credential = credential;
    this.gitdir = join(cacheRoot, cacheDirName(url));
    this.fs = createCacheFs(this.gitdir);
    this.compactor = new PackCompactor(this.gitdir, this.fs, compaction);
  }

  /** Merges the small packs fetches leave behind once there are too many (`PackCompactor`). */
  maintain(packs: PackReader): Promise<CompactionResult | undefined> {
    return this.compactor.check(packs);
  }

  async sync(cache: object): Promise<RefSnapshot> {
    let defaultBranch: string | null | undefined;
    const fs = this.fs;
    try {
      await this.init();
      const result = await git.fetch({
        fs,
        http: this.http,
        cache,
        gitdir: this.gitdir,
        url: this.url,
        remote: REMOTE,
        tags: true,
        prune: true,
        pruneTags: true,
        headers: authHeaders(this.credential),
      });
      defaultBranch = result.defaultBranch;
    } catch (error) {
      throw this.fetchError(error);
    }
    return this.readRefs(defaultBranch ?? undefined);
  }

  private async init(): Promise<void> {
    if (this.initialised) return;
    const fs = this.fs;
    await mkdir(this.gitdir, { recursive: true });
    if (!existsSync(join(this.gitdir, 'config'))) {
      await git.init({ fs, gitdir: this.gitdir, bare: true });
    }
    await git.addRemote({ fs, gitdir: this.gitdir, remote: REMOTE, url: repoKey(this.url), force: true });
    this.initialised = true;
  }

  private async readRefs(defaultBranch: string | undefined): Promise<RefSnapshot> {
    const refs = new Map<string, string>();
    const fs = this.fs;
    const prefix = `refs/remotes/${REMOTE}`;
    for (const name of await git.listRefs({ fs, gitdir: this.gitdir, filepath: prefix })) {
      if (name === 'HEAD') continue;
      refs.set(
        `refs/heads/${name}`,
        await git.resolveRef({ fs, gitdir: this.gitdir, ref: `${prefix}/${name}` }),
      );
    }
    for (const name of await git.listRefs({ fs, gitdir: this.gitdir, filepath: 'refs/tags' })) {
      refs.set(
        `refs/tags/${name}`,
        await git.resolveRef({ fs, gitdir: this.gitdir, ref: `refs/tags/${name}` }),
      );
    }
    let head = defaultBranch;
    if (head === undefined) {
      const text = await readFile(join(this.gitdir, prefix, 'HEAD'), 'utf8').catch(() => '');
      const target = /^ref: refs\/remotes\/[^/]+\/(.+)$/m.exec(text.trim())?.[1];
      head = target ? `refs/heads/${target}` : undefined;
    }
    return { head, refs };
  }

  private fetchError(error: unknown): OutpostError {
    const e = error as { code?: string; message?: string; data?: { statusCode?: number } };
    const status = e.data?.statusCode;
    let hint = 'check the repository URL, the network and any --repo-rewrite rule';
    if (status === 401 || status === 403) {
      hint = `the server refused the credentials (${describeCredential(this.credential)}); configure credentials for a prefix of this URL`;
    } else if (status === 404) {
      hint = 'the repository does not exist at this URL (check the URL and --repo-rewrite rules)';
    }
    const reason = status ? `HTTP ${status}` : (e.message ?? String(error));
    const cause = Object.assign(new Error(redactUrl(e.message ?? String(error))), { code: e.code });
    return new OutpostError(
      ErrorCodes.GIT_FETCH_FAILED,
      `fetching ${redactUrl(this.url)} failed: ${redactUrl(reason)}`,
      {
        hint,
        cause,
      },
    );
  }
}

/** A readable, collision-free directory name for a repository URL: `<last segment>-<hash>.git`. */
export function cacheDirName(url: string): string {
  const key = repoKey(url);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const base = (key.split('/').pop() ?? 'repo')
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 40);
  return `${base || 'repo'}-${hash}.git`;
}
