import { digestObject } from '@outpost/shared';
import type { KubeObject } from '../state/desired-state.ts';
import type { ObjectResult } from './app-syncer.ts';

interface Entry {
  digest: string;
  result: ObjectResult;
}

/**
 * What this agent last applied successfully, per app and object key: the digest of the
 * object exactly as it was written (owner label and namespace filled in, and how it was
 * written) and the outcome of that write. A sync skips an object whose record matches,
 * unless the caller forces it (drift, full resync). A failed write forgets the object, so it
 * is applied again on the next sync.
 *
 * The record lives in memory only and starts empty with every leadership term: an empty
 * record is a full pass, which is what a restart needs anyway, since nothing proves that the
 * cluster still holds what was applied before (see docs/decisions/agent.md).
 */
/** Digests of derived objects, per source object of the assignment (see digestOfDerived). */
const derivedDigests = new WeakMap<KubeObject, Map<string, string>>();

export class AppliedRecord {
  private readonly apps = new Map<string, Map<string, Entry>>();

  /** The digest a write of `desired` is recorded under (`mode` tells apply from replace). */
  static digestOf(desired: KubeObject, mode: 'apply' | 'replace'): string {
    return digestObject({ mode, desired }).digest;
  }

  /**
   * {@link digestOf} of `decorated`, the object the agent derived from `source` (an object of
   * the held assignment, never changed) with `how` (everything else the derivation read):
   * computed once per source object and derivation, not on every sync.
   */
  static digestOfDerived(
    source: KubeObject,
    how: string,
    decorated: KubeObject,
    mode: 'apply' | 'replace',
  ): string {
    let byHow = derivedDigests.get(source);
    if (!byHow) derivedDigests.set(source, (byHow = new Map()));
    const key = `${mode}\u0000${how}`;
    let digest = byHow.get(key);
    if (digest === undefined) byHow.set(key, (digest = AppliedRecord.digestOf(decorated, mode)));
    return digest;
  }

  /** The last successful outcome of `key` in `app` when it was written with `digest`. */
  match(app: string, key: string, digest: string): ObjectResult | undefined {
    const e = this.apps.get(app)?.get(key);
    return e && e.digest === digest ? e.result : undefined;
  }

  /** Records a successful write. */
  remember(app: string, key: string, digest: string, result: ObjectResult): void {
    let m = this.apps.get(app);
    if (!m) this.apps.set(app, (m = new Map()));
    m.set(key, { digest, result });
  }

  /** Forgets one object (its write failed, or it may have changed on the cluster). */
  forget(app: string, key: string): void {
    this.apps.get(app)?.delete(key);
  }

  /** Forgets an app (it left the assignment) or, without an argument, everything (full resync). */
  clear(app?: string): void {
    if (app === undefined) this.apps.clear();
    else this.apps.delete(app);
  }

  /** Objects recorded for `app`. */
  size(app: string): number {
    return this.apps.get(app)?.size ?? 0;
  }
}
