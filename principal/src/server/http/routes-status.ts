import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { HttpApiSources } from './api-sources.ts';
import type { FleetSnapshot } from './fleet-view.ts';
import { appViews, clusterViews, fleetSummary } from './fleet-view.ts';
import { paginate, parseListQuery, sameState } from './list-query.ts';
import type { Route } from './route.ts';

/** Takes one consistent snapshot of registry, desired and reported state. */
export async function takeSnapshot(sources: HttpApiSources): Promise<FleetSnapshot> {
  const clusters = await sources.registry.clusters.records();
  return {
    clusters,
    desired: new Map([...(sources.desired?.() ?? [])].map((d) => [d.cluster, d])),
    reported: new Map([...(sources.reported?.() ?? [])].map((r) => [r.cluster, r])),
    nowMs: Date.now(),
  };
}

/** Read-only routes: summary, clusters, applications, ApplicationSets, audit. */
export function statusRoutes(sources: HttpApiSources): Route[] {
  return [
    {
      name: 'summary',
      method: 'GET',
      path: /^\/api\/v1\/summary$/,
      access: 'read',
      handle: async () => ({ body: fleetSummary(await takeSnapshot(sources)) }),
    },
    {
      name: 'clusters',
      method: 'GET',
      path: /^\/api\/v1\/clusters$/,
      access: 'read',
      handle: async ({ query }) => {
        const q = parseListQuery(query);
        const views = clusterViews(await takeSnapshot(sources)).filter(
          (c) =>
            (!q.selector || q.selector.matches(c.labels)) &&
            (!q.cluster || c.name === q.cluster) &&
            (!q.sync || sameState(q.sync, c.synced ? 'Synced' : 'OutOfSync')) &&
            (!q.health || sameState(q.health, c.healthy ? 'Healthy' : 'Degraded')),
        );
        return { body: paginate(views, q) };
      },
    },
    {
      name: 'cluster',
      method: 'GET',
      path: /^\/api\/v1\/clusters\/(?<name>[^/]+)$/,
      access: 'read',
      handle: async ({ params }) => {
        const snapshot = await takeSnapshot(sources);
        const view = clusterViews(snapshot).find((c) => c.name === params.name);
        if (!view) throw notFound(params.name!);
        const pending = await sources.registry.bootstrapTokens.pending(params.name!);
        return { body: { ...view, pendingTokens: pending.map((t) => ({ expiresAt: t.expiresAt })) } };
      },
    },
    {
      name: 'cluster-applications',
      method: 'GET',
      path: /^\/api\/v1\/clusters\/(?<name>[^/]+)\/applications$/,
      access: 'read',
      handle: async ({ params, query }) => {
        const snapshot = await takeSnapshot(sources);
        if (!snapshot.clusters.some((c) => c.name === params.name)) throw notFound(params.name!);
        const q = parseListQuery(query);
        const apps = appViews(snapshot, params.name!).filter(
          (a) =>
            (!q.appset || a.appset === q.appset) &&
            sameState(q.sync, a.sync) &&
            sameState(q.health, a.health),
        );
        return { body: paginate(apps, q) };
      },
    },
    {
      name: 'applications',
      method: 'GET',
      path: /^\/api\/v1\/applications$/,
      access: 'read',
      handle: async ({ query }) => {
        const snapshot = await takeSnapshot(sources);
        const q = parseListQuery(query);
        const clusters = snapshot.clusters.filter(
          (c) => (!q.cluster || c.name === q.cluster) && (!q.selector || q.selector.matches(c.labels)),
        );
        const apps = clusters
          .flatMap((c) => appViews(snapshot, c.name))
          .filter(
            (a) =>
              (!q.appset || a.appset === q.appset) &&
              sameState(q.sync, a.sync) &&
              sameState(q.health, a.health),
          );
        return { body: paginate(apps, q) };
      },
    },
    {
      name: 'applicationsets',
      method: 'GET',
      path: /^\/api\/v1\/applicationsets$/,
      access: 'read',
      handle: async ({ query }) => {
        const q = parseListQuery(query);
        return { body: paginate(await appsetList(sources), q) };
      },
    },
    {
      name: 'applicationset',
      method: 'GET',
      path: /^\/api\/v1\/applicationsets\/(?<name>[^/]+)$/,
      access: 'read',
      handle: async ({ params }) => {
        const stored = await sources.registry.appsets.get(params.name!);
        const status = (await appsetList(sources)).find((a) => a.name === params.name);
        if (!stored && !status) {
          throw new OutpostError(ErrorCodes.APPSET_NOT_FOUND, 'no such ApplicationSet', {
            location: { appset: params.name },
            hint: 'see `outpost appset list`',
          });
        }
        return {
          body: {
            ...status,
            ...(stored
              ? { spec: stored.appset, appliedAt: stored.appliedAt, appliedBy: stored.appliedBy }
              : {}),
          },
        };
      },
    },
    {
      name: 'audit',
      method: 'GET',
      path: /^\/api\/v1\/audit$/,
      access: 'admin',
      handle: async ({ query }) => ({
        body: { items: await sources.registry.audit.list(Number(query.get('limit') ?? 100)) },
      }),
    },
  ];
}

async function appsetList(sources: HttpApiSources) {
  const resolved = (await sources.appsetStatus?.()) ?? [];
  const stored = await sources.registry.appsets.list();
  const byName = new Map(resolved.map((a) => [a.name, a]));
  for (const s of stored) {
    const name = s.appset.metadata.name;
    const source = s.appliedBy.startsWith('git:') ? ('git' as const) : ('store' as const);
    byName.set(name, { ...(byName.get(name) ?? { name, applications: 0, errors: [] }), source });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function notFound(name: string): OutpostError {
  return new OutpostError(ErrorCodes.CLUSTER_NOT_FOUND, 'no such cluster is registered', {
    location: { cluster: name },
    hint: 'see `outpost cluster list`',
  });
}
