import { Backoff, sleep } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { KubeObject } from '../state/desired-state.ts';
import type { KubeClient } from '../kube/kube-client.ts';
import { KubeApiError } from '../kube/kube-api-error.ts';

/**
 * What a kind's watch reports: an object is present (added or changed), or gone; and after
 * every (re)list, which objects of the kind exist (`ns/name`) as of the list's resourceVersion,
 * so that a consumer can tell that an object it expects was deleted before the watch first saw it.
 */
export type LiveEvent =
  | { type: 'present'; object: KubeObject }
  | { type: 'gone'; object: KubeObject }
  | { type: 'listed'; apiVersion: string; kind: string; keys: ReadonlySet<string>; resourceVersion: string };

/** Receives the events of every watched kind. */
export type LiveListener = (event: LiveEvent) => void;

/**
 * One shared watch per kind on the objects Outpost manages (label-selected), across all
 * namespaces. Each watch lists first (so every existing object is reported, and objects
 * deleted while the watch was down are reported gone), then watches from the list's
 * resourceVersion, relisting on 410 Gone and reconnecting with backoff on errors.
 */
export class KindWatches {
  private readonly kube: KubeClient;
  private readonly labelSelector: string;
  private readonly listener: LiveListener;
  private readonly log: Logger;
  private readonly watches = new Map<string, AbortController>();
  private readonly signal: AbortSignal;

  constructor(
    kube: KubeClient,
    labelSelector: string,
    listener: LiveListener,
    log: Logger,
    signal: AbortSignal,
  ) {
    this.kube = kube;
    this.labelSelector = labelSelector;
    this.listener = listener;
    this.log = log;
    this.signal = signal;
  }

  /** Makes the set of watched kinds exactly `kinds` (`apiVersion|kind` keys). */
  setKinds(kinds: Iterable<string>): void {
    const want = new Set(kinds);
    for (const [key, ctl] of this.watches) {
      if (!want.has(key)) {
        ctl.abort();
        this.watches.delete(key);
      }
    }
    for (const key of want) {
      if (this.watches.has(key) || this.signal.aborted) continue;
      const ctl = new AbortController();
      const onAbort = () => ctl.abort();
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.watches.set(key, ctl);
      const [apiVersion, kind] = key.split('|') as [string, string];
      void this.loop(apiVersion, kind, ctl.signal).finally(() =>
        this.signal.removeEventListener('abort', onAbort),
      );
    }
  }

  /** Kinds currently watched. */
  kinds(): string[] {
    return [...this.watches.keys()].sort();
  }

  private async loop(apiVersion: string, kind: string, signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
    const known = new Map<string, KubeObject>();
    let resourceVersion = '';
    while (!signal.aborted) {
      try {
        if (!resourceVersion) {
          const list = await this.kube.list(apiVersion, kind, { labelSelector: this.labelSelector });
          const seen = new Set<string>();
          for (const object of list.items) {
            const id = uid(object);
            seen.add(id);
            known.set(id, object);
            this.listener({ type: 'present', object });
          }
          for (const [id, object] of known) {
            if (!seen.has(id)) {
              known.delete(id);
              this.listener({ type: 'gone', object });
            }
          }
          resourceVersion = list.resourceVersion;
          this.listener({ type: 'listed', apiVersion, kind, keys: seen, resourceVersion });
        }
        await this.kube.watch(
          apiVersion,
          kind,
          { labelSelector: this.labelSelector, resourceVersion },
          (event) => {
            const object = {
              ...event.object,
              apiVersion: event.object.apiVersion ?? apiVersion,
              kind: event.object.kind ?? kind,
            };
            if (object.metadata?.resourceVersion) resourceVersion = String(object.metadata.resourceVersion);
            if (event.type === 'BOOKMARK') return;
            backoff.reset();
            if (event.type === 'DELETED') {
              known.delete(uid(object));
              this.listener({ type: 'gone', object });
            } else {
              known.set(uid(object), object);
              this.listener({ type: 'present', object });
            }
          },
          signal,
        );
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof KubeApiError && err.status === 410) {
          resourceVersion = '';
          continue;
        }
        this.log.debug({ kind, err: (err as Error).message }, 'watch failed; retrying');
        await sleep(backoff.next(), signal).catch(() => undefined);
        resourceVersion = '';
      }
    }
  }
}

function uid(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
