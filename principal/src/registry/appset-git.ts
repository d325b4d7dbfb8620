import { parseApplicationSets } from '../appsets/parse-application-set.ts';
import type { Logger } from '@outpost/shared';
import type { GitSource } from '../sources/git-tree.ts';
import type { Store } from '../store/store.ts';
import { getJson, putJson } from '../store/store.ts';
import type { StoredAppSet } from './appset-store.ts';

/** Where the last good read is kept, so a Git outage (even across a hub restart) prunes nothing. */
const LAST_GOOD_KEY = 'appsets-git';

/** What the hub's Git sources offer beyond `GitSource`: polling and change events. */
export interface TrackedGitSource extends GitSource {
  track(repoURL: string): void;
  onChange(listener: (event: { repoURL: string }) => void): () => void;
}

/**
 * ApplicationSets read from a directory of a Git repository (`outpost principal --appsets-repo
 * URL --appsets-path DIR`): GitOps for the hub itself. Every `.yaml`, `.yml` and `.json` file
 * directly under the path is read at the branch head; the repository is polled with the others.
 * When the repository cannot be read, the last good read (kept in the store) stands in, so an
 * outage never removes the ApplicationSets' apps from the clusters.
 */
export class GitAppSets {
  readonly repoURL: string;
  readonly path: string;
  readonly #git: TrackedGitSource;
  readonly #revision: string;
  readonly #store: Store;
  readonly #logger: Logger;
  #lastCommit = '';

  constructor(
    deps: { git: TrackedGitSource; store: Store; logger: Logger },
    repoURL: string,
    path: string,
    revision = 'HEAD',
  ) {
    const git = deps.git;
    this.#git = git;
    this.#store = deps.store;
    this.#logger = deps.logger;
    this.repoURL = repoURL;
    this.path = path.replace(/^\/+|\/+$/g, '');
    this.#revision = revision;
    git.track(repoURL);
  }

  /** Calls `listener` when the repository moved. */
  onChange(listener: () => void): () => void {
    return this.#git.onChange((e) => {
      if (e.repoURL === this.repoURL) listener();
    });
  }

  /**
   * The ApplicationSets at the current head, or the last good read when the repository or a
   * file cannot be read (logged).
   * @throws OutpostError naming the repository, path and file when there is no last good read.
   */
  async list(): Promise<StoredAppSet[]> {
    try {
      const { commit, appsets } = await this.#read();
      if (commit !== this.#lastCommit) {
        await putJson(this.#store, 'hub', LAST_GOOD_KEY, {
          repoURL: this.repoURL,
          path: this.path,
          commit,
          appsets,
        });
        this.#lastCommit = commit;
      }
      return appsets;
    } catch (e) {
      const last = await getJson<{ repoURL: string; path: string; appsets: StoredAppSet[] }>(
        this.#store,
        'hub',
        LAST_GOOD_KEY,
      );
      if (!last || last.value.repoURL !== this.repoURL || last.value.path !== this.path) throw e;
      this.#logger.warn(
        { repo: this.repoURL, err: (e as Error).message },
        'appsets repository unreadable; using the last good read',
      );
      return last.value.appsets;
    }
  }

  async #read(): Promise<{ commit: string; appsets: StoredAppSet[] }> {
    const tree = await this.#git.resolve(this.repoURL, this.#revision);
    const prefix = this.path ? `${this.path}/` : '';
    const files = (await tree.listFiles()).filter(
      (f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/') && /\.(ya?ml|json)$/.test(f),
    );
    if (files.length === 0) {
      // Valid (every ApplicationSet was deleted) but also what a mistyped path looks like.
      this.#logger.warn(
        { repo: this.repoURL, path: this.path },
        'no ApplicationSet files under --appsets-path',
      );
    }
    const out: StoredAppSet[] = [];
    for (const file of files) {
      const bytes = await tree.readFile(file);
      const where = `${this.repoURL}@${tree.commit.slice(0, 12)}:${file}`;
      for (const appset of parseApplicationSets(new TextDecoder().decode(bytes), where)) {
        out.push({ appset, appliedAt: '', appliedBy: `git:${where}` });
      }
    }
    return { commit: tree.commit, appsets: out };
  }
}
