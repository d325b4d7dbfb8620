import { compareObjectRefs, type AppAssignment, type WireIgnoreDifference } from '@outpost/shared';
import type { Application, ClusterInfo } from '../../appsets/application.ts';

/** One rendered object as the fleet needs it: identity, digest and canonical JSON. */
export interface RenderedRef {
  /** `sha256:<hex>` of `canonical`. */
  digest: string;
  /** The object's canonical JSON (shared by reference with the render cache, never copied per cluster). */
  canonical: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** UTF-8 bytes of `canonical`, when the producer knows it (saves counting per cluster). */
  size?: number;
}

/** An Application with the result of rendering it at one commit. */
export interface RenderedApp {
  app: Application;
  /** Generating ApplicationSet, empty for a plain Application. */
  appset: string;
  /** Commit the objects were rendered from (empty when the source could not be resolved). */
  revision: string;
  objects: readonly RenderedRef[];
  /** Why the app could not be rendered; objects are then empty. Empty when fine. */
  error: string;
}

/** True when the Application's `spec.destination` (`name`, else `server`) is this cluster. */
export function destinationIs(app: Application, cluster: ClusterInfo): boolean {
  const d = app.spec.destination ?? {};
  if (d.name) return d.name === cluster.name;
  return Boolean(d.server) && d.server === cluster.server;
}

/** Wire object lists by rendered list: every cluster running one render shares one (frozen) list. */
const wireRefs = new WeakMap<readonly RenderedRef[], AppAssignment['objects']>();

/**
 * Converts a rendered app into its wire assignment; object refs are sorted for a stable
 * order. Apps rendered to the same object list get the same frozen list of refs.
 */
export function toAppAssignment(r: RenderedApp): AppAssignment {
  const policy = r.app.spec.syncPolicy;
  const automated = policy?.automated;
  return {
    name: r.app.metadata.name,
    appset: r.appset,
    destinationNamespace: r.app.spec.destination?.namespace ?? '',
    revision: r.revision,
    syncPolicy: {
      automated: automated !== undefined && automated !== null,
      prune: automated?.prune === true,
      selfHeal: automated?.selfHeal === true,
      syncOptions: [...(policy?.syncOptions ?? [])],
    },
    ignoreDifferences: (r.app.spec.ignoreDifferences ?? []).map((d): WireIgnoreDifference => ({
      group: d.group ?? '',
      kind: d.kind,
      name: d.name ?? '',
      namespace: d.namespace ?? '',
      jsonPointers: [...(d.jsonPointers ?? [])],
      jqPathExpressions: [...(d.jqPathExpressions ?? [])],
      managedFieldsManagers: [...(d.managedFieldsManagers ?? [])],
    })),
    objects: objectRefs(r.objects),
    error: r.error,
  };
}

function objectRefs(objects: readonly RenderedRef[]): AppAssignment['objects'] {
  let refs = wireRefs.get(objects);
  if (!refs) {
    refs = objects
      .map((o) =>
        Object.freeze({
          digest: o.digest,
          apiVersion: o.apiVersion,
          kind: o.kind,
          namespace: o.namespace,
          name: o.name,
          size: o.size ?? byteLength(o.canonical),
        }),
      )
      .sort(compareObjectRefs);
    Object.freeze(refs);
    wireRefs.set(objects, refs);
  }
  return refs;
}

/** UTF-8 byte length without TextEncoder allocations of the whole string. */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
