import { digestObject } from '@outpost/shared';
import type { DesiredApp, DesiredState, KubeObject } from '@outpost/agent';

/** An app for {@link buildDesired}: its objects as plain manifests plus optional policy. */
export interface AppSpec {
  name: string;
  objects: KubeObject[];
  destinationNamespace?: string;
  automated?: boolean;
  prune?: boolean;
  selfHeal?: boolean;
  syncOptions?: string[];
  /** ignoreDifferences JSON pointers for every object of the app (group/kind `*`). */
  ignorePointers?: string[];
  /** ignoreDifferences managedFieldsManagers for every object of the app. */
  ignoreManagers?: string[];
}

/**
 * Builds a desired state and its blobs from plain manifests, the way the hub ships them
 * (canonical JSON, sha256 digests): for tests and benchmarks that drive an agent's
 * reconciler without a hub.
 */
export function buildDesired(
  generation: number,
  apps: AppSpec[],
): { desired: DesiredState; blobs: Map<string, string> } {
  const blobs = new Map<string, string>();
  const out: DesiredApp[] = apps.map((a) => ({
    name: a.name,
    appset: '',
    destinationNamespace: a.destinationNamespace ?? 'default',
    revision: `rev-${generation}`,
    syncPolicy: {
      automated: a.automated ?? true,
      prune: a.prune ?? true,
      selfHeal: a.selfHeal ?? true,
      syncOptions: a.syncOptions ?? [],
    },
    ignoreDifferences:
      a.ignorePointers || a.ignoreManagers
        ? [
            {
              group: '*',
              kind: '*',
              name: '',
              namespace: '',
              jsonPointers: a.ignorePointers ?? [],
              jqPathExpressions: [],
              managedFieldsManagers: a.ignoreManagers ?? [],
            },
          ]
        : [],
    error: '',
    objects: a.objects.map((o) => {
      const { digest, canonical } = digestObject(o);
      blobs.set(digest, canonical);
      return {
        digest,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name,
        size: Buffer.byteLength(canonical),
      };
    }),
  }));
  return { desired: { generation, apps: out }, blobs };
}

/** A ConfigMap manifest. */
export function configMap(
  name: string,
  data: Record<string, string>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data };
}
