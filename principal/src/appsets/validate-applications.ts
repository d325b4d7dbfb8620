import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { Application, ClusterInfo } from './application.ts';

/** A generated Application the controller would not apply, and why. */
export interface InvalidApplication {
  application: Application;
  error: OutpostError;
}

/**
 * The controller's checks on generated Applications (§1.4): an empty name is invalid; a
 * duplicate name keeps the first Application and invalidates later ones; with a cluster
 * list, the destination must name exactly one registered cluster (by `name` or `server`,
 * not both). Valid Applications come back sorted by name.
 */
export function validateApplications(
  apps: readonly Application[],
  clusters: readonly ClusterInfo[] | undefined,
): { valid: Application[]; invalid: InvalidApplication[] } {
  const seen = new Set<string>();
  const valid: Application[] = [];
  const invalid: InvalidApplication[] = [];
  const bad = (application: Application, code: OutpostError['code'], message: string) =>
    invalid.push({
      application,
      error: new OutpostError(code, message, { location: { app: application.metadata.name } }),
    });
  for (const app of apps) {
    const name = app.metadata.name;
    if (!name) {
      bad(
        app,
        ErrorCodes.APPSET_APP_INVALID,
        'an Application must have a name: the template rendered an empty metadata.name',
      );
      continue;
    }
    if (seen.has(name)) {
      bad(
        app,
        ErrorCodes.APPSET_DUPLICATE_APP,
        `ApplicationSet generated more than one Application named ${name}; the first one is kept`,
      );
      continue;
    }
    seen.add(name);
    const destinationError = clusters ? checkDestination(app, clusters) : undefined;
    if (destinationError) {
      bad(app, ErrorCodes.APPSET_APP_INVALID, `application destination spec is invalid: ${destinationError}`);
      continue;
    }
    valid.push(app);
  }
  valid.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return { valid, invalid };
}

function checkDestination(app: Application, clusters: readonly ClusterInfo[]): string | undefined {
  const { name, server } = app.spec.destination ?? {};
  if (name && server)
    return `application destination can't have both name and server defined: ${name} ${server}`;
  if (server)
    return clusters.some((c) => c.server === server)
      ? undefined
      : `there are no clusters with this URL: ${server}`;
  if (name) {
    const n = clusters.filter((c) => c.name === name).length;
    if (n === 0) return `there are no clusters with this name: ${name}`;
    return n > 1 ? `there are ${n} clusters with the same name: ${name}` : undefined;
  }
  return 'Destination server missing from app spec';
}
