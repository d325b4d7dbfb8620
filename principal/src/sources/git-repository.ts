import git, { type TagObject } from 'isomorphic-git';
import { ErrorCodes, LogFields, OutpostError, type Logger } from '@outpost/shared';
import type { GitTree } from './git-tree.ts';
import { IsoGitTree, type TreeCaches } from './iso-git-tree.ts';
import { PackReader } from './pack-reader.ts';
import type { RepoBackend } from './repo-backend.ts';
import { redactUrl } from './repo-url.ts';
import { matchRevision, parseRevision, type RefSnapshot, type Revision } from './revision.ts';

/** One ref that moved, appeared (`from` undefined) or disappeared (`to` undefined) in a sync. */
export interface RefChange {
  readonly ref: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

/** What {@link GitRepository.status} reports. */
export interface RepositoryStatus {
  /** The URL fetched (after rewrites), credentials redacted. */
  readonly url: string;
  readonly state: 'new' | 'syncing' | 'ready' | 'failed';
  readonly syncs: number;
  readonly lastSyncAt: Date | undefined;
  readonly lastError: string | undefined;
  /** The commit of the default branch after the last sync. */
  readonly head: string | undefined;
}

/**
 * One repository: its local copy ({@link RepoBackend}), its refs after the last sync, and
 * revision resolution. Syncs are single-flight: concurrent callers share one fetch; a
 * refresh requested while a fetch runs is served by one more fetch right after it.
 */
export class GitRepository {
  /** The URL fetched (after rewrites); may contain credentials: never log it unredacted. */
  readonly url: string;
  private readonly backend: RepoBackend;
  private readonly caches: TreeCaches;
  private readonly logger: Logger;
  private readonly onChange: (changes: readonly RefChange[]) => void;
  private readonly onSync: (seconds: number, ok: boolean) => void;
  /** isomorphic-git's cache; replaced after a compaction so indexes of merged packs are let go. */
  private objectCache = {};
  private packReader: PackReader | undefined;
  private snapshot: RefSnapshot | undefined;
  private inflight: Promise<RefSnapshot> | undefined;
  private trailing: Promise<RefSnapshot> | undefined;
  private syncs = 0;
  private lastSyncAt: Date | undefined;
  private lastError: string | undefined;

  constructor(
    url: string,
    backend: RepoBackend,
    caches: TreeCaches,
    logger: Logger,
    onChange: (changes: readonly RefChange[]) => void,
    onSync: (seconds: number, ok: boolean) => void = () => {},
  ) {
    this.url = url;
    this.backend = backend;
    this.caches = caches;
    this.logger = logger.child({ [LogFields.repo]: redactUrl(url) });
    this.onChange = onChange;
    this.onSync = onSync;
  }

  /** Syncs now (coalesced with a sync in progress, see the class comment) and returns the refs. */
  refresh(): Promise<RefSnapshot> {
    if (!this.inflight) return this.startSync();
    this.trailing ??= this.inflight
      .catch(() => undefined)
      .then(() => {
        this.trailing = undefined;
        return this.startSync();
      });
    return this.trailing;
  }

  /**
   * Resolves `revision` (branch, tag, full or short SHA, `HEAD`/empty) to a tree. Uses the
   * refs of the last sync; syncs first when there was none, and once more when the
   * revision is not found (it may be newer than the last sync).
   * Throws `GIT_REVISION_NOT_FOUND` or `GIT_FETCH_FAILED`, naming `repoURL` and the revision.
   */
  async resolve(repoURL: string, revision: string): Promise<GitTree> {
    let parsed: Revision;
    try {
      parsed = parseRevision(revision);
    } catch (error) {
      throw new OutpostError(
        ErrorCodes.GIT_REVISION_NOT_FOUND,
        `repository ${redactUrl(repoURL)}: ${(error as Error).message}`,
        {
          hint: (error as OutpostError).hint,
        },
      );
    }
    let fresh = false;
    let snapshot = this.snapshot;
    if (!snapshot) {
      snapshot = await (this.inflight ?? this.startSync());
      fresh = true;
    }
    let commit = await this.find(parsed, snapshot);
    if (commit === undefined && !fresh) commit = await this.find(parsed, await this.refresh());
    if (commit === undefined) {
      throw new OutpostError(
        ErrorCodes.GIT_REVISION_NOT_FOUND,
        `revision "${revision}" not found in repository ${redactUrl(repoURL)}`,
        {
          hint: 'check targetRevision/revision: a branch, a tag or a commit SHA that exists in the repository',
        },
      );
    }
    const store = {
      gitdir: this.backend.gitdir,
      fs: this.backend.fs,
      cache: this.objectCache,
      packs: this.packs(),
    };
    return new IsoGitTree(repoURL, commit, store, this.caches);
  }

  /** A snapshot for the status endpoint. */
  status(): RepositoryStatus {
    const head = this.snapshot?.head;
    return {
      url: redactUrl(this.url),
      state: this.inflight ? 'syncing' : this.lastError ? 'failed' : this.snapshot ? 'ready' : 'new',
      syncs: this.syncs,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      head: head === undefined ? undefined : this.snapshot?.refs.get(head),
    };
  }

  private startSync(): Promise<RefSnapshot> {
    const run = async (): Promise<RefSnapshot> => {
      const started = Date.now();
      try {
        const next = await this.backend.sync(this.objectCache);
        const previous = this.snapshot;
        this.snapshot = next;
        this.syncs++;
        this.lastSyncAt = new Date();
        this.lastError = undefined;
        const changes = previous ? diffRefs(previous, next) : [];
        this.logger.debug({ ms: Date.now() - started, changed: changes.length }, 'repository synced');
        this.onSync((Date.now() - started) / 1000, true);
        if (changes.length > 0) this.onChange(changes);
        await this.maintain();
        return next;
      } catch (error) {
        this.lastError = (error as Error).message;
        this.logger.warn({ [LogFields.err]: this.lastError }, 'repository sync failed');
        this.onSync((Date.now() - started) / 1000, false);
        throw error;
      } finally {
        this.inflight = undefined;
      }
    };
    this.inflight = run();
    return this.inflight;
  }

  private packs(): PackReader {
    this.packReader ??= new PackReader(this.backend.gitdir);
    return this.packReader;
  }

  /** The backend's housekeeping after a sync; its failure is logged, never the sync's. */
  private async maintain(): Promise<void> {
    if (!this.backend.maintain) return;
    const started = Date.now();
    try {
      const result = await this.backend.maintain(this.packs());
      if (!result) return;
      this.objectCache = {};
      this.logger.info({ ...result, ms: Date.now() - started }, 'repository packs merged');
    } catch (error) {
      this.logger.warn({ [LogFields.err]: (error as Error).message }, 'merging repository packs failed');
    }
  }

  /** The commit `revision` names, or undefined when it names nothing (yet). */
  private async find(revision: Revision, snapshot: RefSnapshot): Promise<string | undefined> {
    const match = matchRevision(revision, snapshot);
    if (match === undefined) return undefined;
    const { gitdir, fs } = this.backend;
    let oid: string;
    if ('shortSha' in match) {
      try {
        oid = await git.expandOid({ fs, gitdir, oid: match.shortSha, cache: this.objectCache });
      } catch (error) {
        if ((error as { code?: string }).code === 'AmbiguousError') {
          throw new OutpostError(
            ErrorCodes.GIT_REVISION_NOT_FOUND,
            `short SHA "${match.shortSha}" is ambiguous`,
            {
              hint: 'use more digits of the commit SHA',
            },
          );
        }
        return undefined;
      }
    } else {
      oid = match.oid;
    }
    return this.peelToCommit(oid);
  }

  /** Follows annotated tags to the commit; undefined when the object is missing or not a commit. */
  private async peelToCommit(oid: string): Promise<string | undefined> {
    for (let depth = 0; depth < 10; depth++) {
      let object;
      try {
        object = await git.readObject({
          fs: this.backend.fs,
          gitdir: this.backend.gitdir,
          oid,
          cache: this.objectCache,
          format: 'parsed',
        });
      } catch {
        return undefined;
      }
      if (object.type === 'commit') return oid;
      if (object.type !== 'tag') return undefined;
      oid = (object.object as TagObject).object;
    }
    return undefined;
  }
}

/** The refs that differ between two snapshots, sorted by name. */
export function diffRefs(before: RefSnapshot, after: RefSnapshot): RefChange[] {
  const names = new Set([...before.refs.keys(), ...after.refs.keys()]);
  const changes: RefChange[] = [];
  for (const ref of [...names].sort()) {
    const from = before.refs.get(ref);
    const to = after.refs.get(ref);
    if (from !== to) changes.push({ ref, from, to });
  }
  return changes;
}
