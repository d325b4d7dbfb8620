import type { AppAssignment } from '@outpost/shared';
import type { ClusterInfo } from '../../appsets/application.ts';
import { destinationIs, toAppAssignment, type RenderedApp } from './rendered-app.ts';

/** An Application that could not be placed on a cluster, with the reason. */
export interface PlacementProblem {
  app: string;
  appset: string;
  /** The cluster it targeted, when one matched. */
  cluster: string;
  message: string;
}

/** Every cluster's desired apps, sorted by name, and what could not be placed. */
export interface FleetPlan {
  perCluster: Map<string, AppAssignment[]>;
  problems: PlacementProblem[];
}

/**
 * Groups rendered Applications by destination cluster. Every known cluster gets an entry
 * (possibly empty: a cluster whose last app left must prune). An app whose destination
 * names no known cluster, or a second app of the same name on one cluster, is reported
 * as a problem and left out; the other apps are unaffected.
 */
export function planFleet(clusters: readonly ClusterInfo[], apps: readonly RenderedApp[]): FleetPlan {
  const perCluster = new Map<string, AppAssignment[]>();
  for (const c of clusters) perCluster.set(c.name, []);
  const problems: PlacementProblem[] = [];
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const byServer = new Map<string, ClusterInfo>();
  for (const c of clusters) if (c.server && !byServer.has(c.server)) byServer.set(c.server, c);
  for (const r of apps) {
    const d = r.app.spec.destination ?? {};
    const cluster = d.name ? byName.get(d.name) : d.server ? byServer.get(d.server) : undefined;
    const name = r.app.metadata.name;
    if (!cluster || !destinationIs(r.app, cluster)) {
      const where = d.name ? `name ${d.name}` : d.server ? `server ${d.server}` : 'nothing';
      problems.push({
        app: name,
        appset: r.appset,
        cluster: '',
        message: `destination ${where} is not a registered cluster`,
      });
      continue;
    }
    const list = perCluster.get(cluster.name)!;
    if (list.some((a) => a.name === name)) {
      problems.push({
        app: name,
        appset: r.appset,
        cluster: cluster.name,
        message: `another Application named ${name} already targets cluster ${cluster.name}; this one is ignored`,
      });
      continue;
    }
    list.push(toAppAssignment(r));
  }
  for (const list of perCluster.values())
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { perCluster, problems };
}
