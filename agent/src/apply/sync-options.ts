import type { KubeObject } from '../state/desired-state.ts';

/** The per-object annotation carrying Argo CD sync options, e.g. `Prune=false,Replace=true`. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** The sync options Outpost honours. Unknown options are accepted and ignored, as Argo CD does. */
export interface SyncOptions {
  /** `CreateNamespace=true`: create the destination namespace if missing. */
  createNamespace: boolean;
  /** `Prune=false`: never delete the object(s), even with automated prune. */
  pruneDisabled: boolean;
  /** `Replace=true`: PUT the whole object (create if missing) instead of server-side apply. */
  replace: boolean;
  /**
   * `ServerSideApply=true`. Outpost always applies server-side, so this changes nothing;
   * it is parsed so that `ServerSideApply=false` can be reported as ignored.
   */
  serverSideApply: boolean | undefined;
}

/** Parses `Key=value` options (app-level list and/or the annotation's comma list); later entries win. */
export function parseSyncOptions(entries: readonly string[], base?: SyncOptions): SyncOptions {
  const out: SyncOptions = base
    ? { ...base }
    : { createNamespace: false, pruneDisabled: false, replace: false, serverSideApply: undefined };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) continue;
    const key = entry.slice(0, eq).trim();
    const value =
      entry
        .slice(eq + 1)
        .trim()
        .toLowerCase() === 'true';
    if (key === 'CreateNamespace') out.createNamespace = value;
    else if (key === 'Prune') out.pruneDisabled = !value;
    else if (key === 'Replace') out.replace = value;
    else if (key === 'ServerSideApply') out.serverSideApply = value;
  }
  return out;
}

/** The options in force for one object: the app's options overridden by the object's annotation. */
export function objectSyncOptions(appOptions: SyncOptions, obj: KubeObject): SyncOptions {
  const raw = obj.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION];
  if (!raw) return appOptions;
  return parseSyncOptions(raw.split(','), appOptions);
}
