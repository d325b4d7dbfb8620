import { join } from 'node:path';
import type { HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { Backoff, ErrorCodes, LogFields, OutpostError, sleep } from '@outpost/shared';
import { ChangeFeed } from './change-feed.ts';
import { credentialFor } from './credentials.ts';
import { GitRepository, type RefChange, type RepositoryStatus } from './git-repository.ts';
import {
  compileGitSourcesOptions,
  pollIntervalFor,
  type CompiledGitSourcesOptions,
  type GitSourcesOptions,
} from './git-sources-options.ts';
import type { GitSource, GitTree } from './git-tree.ts';
import { HttpMirror } from './http-mirror.ts';
import { TreeCaches } from './iso-git-tree.ts';
import { LocalRepo } from './local-repo.ts';
import { locateRepo, redactUrl, repoKey } from './repo-url.ts';
import { rewriteUrl } from './url-rewrites.ts';

/** "Repository `repoURL` moved": the refs that changed in one sync. */
export interface RepoChangeEvent {
  /** The repoURL as ApplicationSets write it (before rewrites). */
  readonly repoURL: string;
  readonly changes: readonly RefChange[];
}

/** What {@link GitSources.status} reports. */
export interface GitSourcesStatus {
  readonly state: 'idle' | 'running' | 'stopped';
  readonly repositories: readonly (RepositoryStatus & {
    readonly repoURLs: readonly string[];
    readonly pollIntervalMs: number;
  })[];
}

interface Entry {
  readonly repo: GitRepository;
  readonly repoURLs: Set<string>;
  pollIntervalMs: number;
  polling: boolean;
}

/**
 * The principal's Git sources: implements {@link GitSource} over isomorphic-git.
 * Repositories are cached as bare repos under `<dataDir>/repos` (smart HTTP) or read in
 * place (local paths, `file://`); URL rewrites apply before anything else, credentials
 * are chosen by the rewritten URL. After {@link start}, every repository resolved or
 * {@link track}ed is polled at its interval; {@link refresh} syncs one now; a sync that
 * moves refs is announced through {@link onChange} and {@link changes}.
 */
export class GitSources implements GitSource {
  private readonly options: CompiledGitSourcesOptions;
  private readonly http: HttpClient;
  private readonly caches: TreeCaches;
  private readonly entries = new Map<string, Entry>();
  private readonly feed = new ChangeFeed<RepoChangeEvent>();
  private readonly syncObservers = new Set<(seconds: number, ok: boolean) => void>();
  private readonly pollers = new Set<Promise<void>>();
  private controller: AbortController | undefined;
  private state: GitSourcesStatus['state'] = 'idle';

  /** `http` is isomorphic-git's HTTP client port; default its node client. */
  constructor(options: GitSourcesOptions, http: HttpClient = nodeHttp) {
    this.options = compileGitSourcesOptions(options);
    this.http = http;
    this.caches = new TreeCaches({
      maxTrees: this.options.maxCachedTrees,
      maxFileLists: this.options.maxCachedFileLists,
      maxBlobBytes: this.options.maxCachedBlobBytes,
    });
  }

  /** See {@link GitSource.resolve}. Throws `GIT_FETCH_FAILED` or `GIT_REVISION_NOT_FOUND`. */
  async resolve(repoURL: string, revision: string): Promise<GitTree> {
    return this.entry(repoURL).repo.resolve(repoURL, revision);
  }

  /** Registers `repoURL` for polling without resolving anything yet. */
  track(repoURL: string): void {
    this.entry(repoURL);
  }

  /** Syncs `repoURL` now (a webhook's job); change events follow if refs moved. */
  async refresh(repoURL: string): Promise<void> {
    await this.entry(repoURL).repo.refresh();
  }

  /** Calls `listener` whenever a sync moves refs of a repository; returns the unsubscribe function. */
  onChange(listener: (event: RepoChangeEvent) => void): () => void {
    return this.feed.subscribe(listener);
  }

  /**
   * Calls `observer` after every sync (fetch) of a repository with its duration in seconds
   * and whether it succeeded (for metrics); returns the unsubscribe function.
   */
  observeSyncs(observer: (seconds: number, ok: boolean) => void): () => void {
    this.syncObservers.add(observer);
    return () => this.syncObservers.delete(observer);
  }

  /** Change events from now on, until `signal` aborts. */
  changes(signal?: AbortSignal): AsyncGenerator<RepoChangeEvent, void, undefined> {
    return this.feed.iterate(signal);
  }

  /** Starts polling every known repository (and those seen later) until {@link stop} or `signal` aborts. */
  start(signal?: AbortSignal): void {
    if (this.state === 'running') return;
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    this.controller = controller;
    this.state = 'running';
    for (const entry of this.entries.values()) this.startPolling(entry);
  }

  /** Stops polling and waits for the pollers to end. A sync in progress finishes in the background. */
  async stop(): Promise<void> {
    this.controller?.abort();
    this.controller = undefined;
    this.state = 'stopped';
    await Promise.all([...this.pollers]);
  }

  status(): GitSourcesStatus {
    return {
      state: this.state,
      repositories: [...this.entries.values()].map((e) => ({
        ...e.repo.status(),
        repoURLs: [...e.repoURLs].map(redactUrl),
        pollIntervalMs: e.pollIntervalMs,
      })),
    };
  }

  private entry(repoURL: string): Entry {
    const url = rewriteUrl(repoURL.trim(), this.options.rewrites);
    const location = locateRepo(url, this.options.cwd);
    if (!location) {
      throw new OutpostError(
        ErrorCodes.GIT_FETCH_FAILED,
        `unsupported repository URL ${redactUrl(repoURL)}`,
        {
          hint: 'use an http(s):// URL, a file:// URL or a local path, or add a --repo-rewrite rule',
        },
      );
    }
    const key = location.kind === 'http' ? repoKey(location.url) : location.path;
    let entry = this.entries.get(key);
    if (!entry) {
      const backend =
        location.kind === 'http'
          ? new HttpMirror(
              location.url,
              join(this.options.dataDir, 'repos'),
              this.http,
              credentialFor(location.url, this.options.credentials),
              { maxPacks: this.options.maxPacks },
            )
          : new LocalRepo(location.path);
      const repoURLs = new Set<string>();
      const repo = new GitRepository(
        url,
        backend,
        this.caches,
        this.options.logger,
        (changes) => {
          for (const u of repoURLs) this.feed.publish({ repoURL: u, changes });
        },
        (seconds, ok) => {
          for (const o of this.syncObservers) {
            try {
              o(seconds, ok);
            } catch (err) {
              this.options.logger.warn({ [LogFields.err]: err }, 'a sync observer failed');
            }
          }
        },
      );
      entry = { repo, repoURLs, pollIntervalMs: Infinity, polling: false };
      this.entries.set(key, entry);
    }
    if (!entry.repoURLs.has(repoURL)) {
      entry.repoURLs.add(repoURL);
      entry.pollIntervalMs = Math.min(entry.pollIntervalMs, pollIntervalFor(repoURL, this.options));
    }
    if (this.state === 'running') this.startPolling(entry);
    return entry;
  }

  private startPolling(entry: Entry): void {
    const signal = this.controller?.signal;
    if (entry.polling || !signal) return;
    entry.polling = true;
    const poller = this.poll(entry, signal).finally(() => {
      entry.polling = false;
      this.pollers.delete(poller);
    });
    this.pollers.add(poller);
  }

  /** Syncs at the poll interval; after a failure retries sooner, with jittered backoff capped at the interval. */
  private async poll(entry: Entry, signal: AbortSignal): Promise<void> {
    const interval = () => entry.pollIntervalMs;
    const backoff = new Backoff({ initialMs: Math.min(1000, interval()), maxMs: interval() });
    let delay = interval();
    while (!signal.aborted) {
      try {
        await sleep(delay, signal);
      } catch {
        return;
      }
      try {
        await entry.repo.refresh();
        backoff.reset();
        delay = interval();
      } catch {
        delay = backoff.next();
      }
    }
  }
}
