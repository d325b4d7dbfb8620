/**
 * The Applications the hub should deploy: plain Applications from files, plus what every
 * ApplicationSet (from files and the store's `appsets` bucket) resolves to. An appset is
 * re-resolved only when it is new or changed, when a repository it read moved, or when the
 * cluster set changed. Like Argo CD, a resolution with errors keeps the previous result
 * and records the errors; one broken appset never stops the others.
 *
 * The cluster set is handed to every {@link DesiredApps.resolve} rather than read by the
 * generators themselves, so that the caller places the apps on the very clusters they were
 * generated for (a cluster registered mid-pass must not reach the fleet before its apps do).
 */
import { LogFields, isOutpostError, type Logger, type OutpostError } from '@outpost/shared';
import type { Application, ClusterInfo, ClusterInventory } from '../appsets/application.ts';
import type { ApplicationSet } from '../appsets/application-set.ts';
import { resolveApplicationSet, type ResolveOptions } from '../appsets/resolve-application-set.ts';
import type { GitSource } from '../sources/git-tree.ts';

/** One ApplicationSet the hub knows, and where it came from. */
export interface AppsetInput {
  appset: ApplicationSet;
  /** `file:<path>` or `store`. */
  origin: string;
}

/** An Application with the ApplicationSet that generated it ('' for a plain one). */
export interface DesiredApp {
  app: Application;
  appset: string;
}

/** One appset's state for the status API. */
export interface AppsetStatus {
  name: string;
  origin: string;
  applications: number;
  /** `CODE: where: message` of the last resolution's errors (empty when it succeeded). */
  errors: string[];
  invalid: string[];
  reposRead: string[];
  resolvedAtMs: number;
}

interface Entry {
  input: AppsetInput;
  fingerprint: string;
  dirty: boolean;
  lastGood: Application[];
  status: AppsetStatus;
}

export class DesiredApps {
  private readonly entries = new Map<string, Entry>();
  private plain: DesiredApp[] = [];
  /** The cluster set the appsets were last resolved against, as JSON. */
  private resolvedFor: string | undefined;
  private readonly gitSource: GitSource;
  private readonly options: ResolveOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly onResolved: (seconds: number) => void;

  constructor(deps: {
    gitSource: GitSource;
    options?: ResolveOptions;
    logger: Logger;
    now?: () => number;
    /** Called with each appset resolution's duration in seconds (for metrics). */
    onResolved?: (seconds: number) => void;
  }) {
    this.gitSource = deps.gitSource;
    this.options = deps.options ?? {};
    this.logger = deps.logger;
    this.now = deps.now ?? Date.now;
    this.onResolved = deps.onResolved ?? (() => {});
  }

  /** Replaces the known appsets; new and changed ones are marked for resolution. Same name twice: the first wins. */
  setAppsets(inputs: readonly AppsetInput[]): void {
    const seen = new Set<string>();
    for (const input of inputs) {
      const name = input.appset.metadata.name;
      if (seen.has(name)) {
        this.logger.warn(
          { [LogFields.appset]: name, origin: input.origin },
          'a second ApplicationSet of this name is ignored',
        );
        continue;
      }
      seen.add(name);
      const fingerprint = JSON.stringify(input.appset);
      const old = this.entries.get(name);
      if (old && old.fingerprint === fingerprint) {
        old.input = input;
        old.status.origin = input.origin;
        continue;
      }
      this.entries.set(name, {
        input,
        fingerprint,
        dirty: true,
        lastGood: old?.lastGood ?? [],
        status: {
          name,
          origin: input.origin,
          applications: 0,
          errors: [],
          invalid: [],
          reposRead: [],
          resolvedAtMs: 0,
        },
      });
    }
    for (const name of [...this.entries.keys()]) if (!seen.has(name)) this.entries.delete(name);
  }

  /** Replaces the plain Applications. */
  setApplications(apps: readonly Application[]): void {
    this.plain = apps.map((app) => ({ app, appset: '' }));
  }

  /**
   * Resolves, with `clusters` as the cluster generators' inventory, the dirty appsets and
   * those that read one of `movedRepos`; every appset when `movedRepos` is `'all'` or when
   * `clusters` differs from the set of the last resolution. Returns the names re-resolved.
   */
  async resolve(
    movedRepos: ReadonlySet<string> | 'all',
    clusters: readonly ClusterInfo[],
  ): Promise<string[]> {
    const clusterSet = JSON.stringify(clusters);
    const everything = movedRepos === 'all' || clusterSet !== this.resolvedFor;
    this.resolvedFor = clusterSet;
    const todo = [...this.entries.values()].filter(
      (e) => e.dirty || everything || e.status.reposRead.some((r) => movedRepos.has(r)),
    );
    const inventory = { list: async () => clusters };
    for (const e of todo) await this.resolveOne(e, inventory);
    return todo.map((e) => e.input.appset.metadata.name);
  }

  /** Every repository an appset read (to decide which appsets a commit affects). */
  reposRead(): Set<string> {
    return new Set([...this.entries.values()].flatMap((e) => e.status.reposRead));
  }

  /** Every Application to deploy: plain ones first, then each appset's last good result. */
  applications(): DesiredApp[] {
    const out = [...this.plain];
    for (const e of this.entries.values())
      for (const app of e.lastGood) out.push({ app, appset: e.input.appset.metadata.name });
    return out;
  }

  status(): AppsetStatus[] {
    return [...this.entries.values()]
      .map((e) => ({ ...e.status }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  private async resolveOne(e: Entry, clusters: ClusterInventory): Promise<void> {
    const name = e.input.appset.metadata.name;
    e.dirty = false;
    const started = performance.now();
    let errors: OutpostError[];
    try {
      const r = await resolveApplicationSet(e.input.appset, {
        gitSource: this.gitSource,
        clusters,
        options: this.options,
      });
      errors = r.errors;
      if (errors.length === 0) e.lastGood = r.applications;
      e.status.invalid = r.invalid.map((i) => JSON.stringify(i));
      e.status.reposRead = r.reposRead;
    } catch (err) {
      if (!isOutpostError(err))
        this.logger.error({ [LogFields.appset]: name, [LogFields.err]: err }, 'appset resolution crashed');
      errors = [err as OutpostError];
    }
    e.status.errors = errors.map((x) => (isOutpostError(x) ? x.describe() : String(x)));
    e.status.applications = e.lastGood.length;
    e.status.resolvedAtMs = this.now();
    this.onResolved((performance.now() - started) / 1000);
    if (errors.length > 0)
      this.logger.warn(
        { [LogFields.appset]: name, errors: e.status.errors },
        'appset resolved with errors; keeping its previous applications',
      );
  }
}
