import type { Logger } from '@outpost/shared';
import type { KubeClient, ObjectRef } from '../kube/kube-client.ts';
import { APP_LABEL, refKey } from './inventory.ts';
import { SYNC_OPTIONS_ANNOTATION } from './sync-options.ts';

/** What a prune pass did. */
export interface PruneOutcome {
  pruned: ObjectRef[];
  /** Still present and still the app's, deliberately kept (`Prune=false`) or failed to delete. */
  kept: ObjectRef[];
  error?: string;
}

/**
 * Deletes the app's objects that left its desired state. Each candidate is read first and
 * deleted only when it still carries the app's `outpost.dev/app` label and no
 * `Prune=false` sync option: the agent never touches what it does not own. Objects already
 * gone, or now owned by something else, simply leave the inventory.
 */
export async function pruneObjects(
  kube: KubeClient,
  app: string,
  candidates: readonly ObjectRef[],
  log: Logger,
): Promise<PruneOutcome> {
  const out: PruneOutcome = { pruned: [], kept: [] };
  for (const ref of candidates) {
    try {
      const live = await kube.get(ref);
      if (!live) continue;
      if (live.metadata.labels?.[APP_LABEL] !== app) {
        log.info({ app, object: refKey(ref) }, 'not pruning: the object is no longer labelled as this app');
        continue;
      }
      const options = live.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION] ?? '';
      if (/(^|,)\s*Prune=false\s*(,|$)/.test(options)) {
        out.kept.push(ref);
        continue;
      }
      await kube.delete(ref);
      out.pruned.push(ref);
      log.info({ app, object: refKey(ref) }, 'pruned');
    } catch (err) {
      out.kept.push(ref);
      out.error ??= `prune ${refKey(ref)}: ${(err as Error).message}`;
    }
  }
  return out;
}
