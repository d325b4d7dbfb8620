import type { AppSyncResult } from '../apply/app-syncer.ts';
import type { TrackedObject } from '../drift/drift-tracker.ts';
import { ignoreFor } from '../drift/core/ignore-rules.ts';
import type { DesiredApp } from '../state/desired-state.ts';

/**
 * What the drift tracker compares after a sync of `app`: every object that is live (written
 * in this sync, or skipped because its last write matched), as written, with the app's
 * ignoreDifferences and selfHeal policy and the resourceVersion of that write.
 */
export function trackedObjects(app: DesiredApp, result: AppSyncResult): TrackedObject[] {
  return result.objects
    .filter((o) => o.live)
    .map((o) => {
      const ignore = ignoreFor(app.ignoreDifferences, { ...o.ref, namespace: o.ref.namespace ?? '' });
      return {
        app: app.name,
        desired: o.desired,
        ignore: ignore.pointers,
        ignoreManagers: ignore.managers,
        selfHeal: app.syncPolicy.automated && app.syncPolicy.selfHeal,
        appliedResourceVersion: o.live?.metadata.resourceVersion as string | undefined,
      };
    });
}
