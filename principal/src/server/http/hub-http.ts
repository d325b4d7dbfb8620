import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintPem } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { Hub } from '../../hub/hub.ts';
import type { HttpApiSources } from './api-sources.ts';
import type { DesiredState } from './fleet-view.ts';
import { normalizeRepoUrl } from './git-webhook.ts';
import { HttpApi } from './http-api.ts';
import { HubMetrics } from './hub-metrics.ts';

/** The file where the hub records its HTTP API URL, so CLI calls on its host need only `--data-dir`. */
export const HTTP_URL_FILE = 'http-url';

export interface HubHttpOptions {
  /** `host:port`. Default the hub's `httpListen`. */
  listen?: string;
  /** Shared secret for Git webhooks (`--webhook-secret`). */
  webhookSecret?: string;
  /** The agents' address as printed in join commands. Default `127.0.0.1:<grpc port>`. */
  advertiseGrpc?: string;
  logger: Logger;
}

/**
 * Starts the HTTP API for a running hub: creates the initial admin token on first start
 * (logging where it is, never the token), records the API URL in `DATA/http-url`, and feeds the
 * API from the hub's fleet, status book, stream server and Git sources.
 */
export async function startHubHttpApi(
  hub: Hub,
  options: HubHttpOptions,
): Promise<{ api: HttpApi; metrics: HubMetrics; initialAdmin?: { token: string; file: string } }> {
  const initial = await hub.registry.apiTokens.ensureInitialAdmin(hub.options.dataDir);
  if (initial) {
    options.logger.warn(
      { file: initial.file },
      'created the initial admin token; it is in this file (mode 0600) and will not be shown again',
    );
  }
  const metrics = new HubMetrics({
    registeredClusters: async () => (await hub.registry.clusters.records()).length,
    connectedAgents: () => hub.statusBook.snapshot().filter((s) => s.connection?.connected).length,
    appStates: () => hub.statusBook.snapshot().flatMap((s) => Object.values(s.apps)),
    pipeline: () => {
      const s = hub.status();
      return {
        lastReconcileSeconds: (s.lastReconcile?.durationMs ?? 0) / 1000,
        repositories: s.git.repositories.map((r) => ({ state: r.state, syncs: r.syncs })),
        renderErrors: Object.keys(s.renderErrors).length,
        appsetErrors: s.appsets.reduce((n, a) => n + a.errors.length + a.invalid.length, 0),
      };
    },
    enrollments: () => hub.identity.enroll.counters,
    authFailures: () => hub.identity.mtls.failures,
    streamTotals: () =>
      hub.server.streams().reduce(
        (acc, s) => ({
          assignmentsSent: acc.assignmentsSent + s.counters.assignmentsSent,
          bytesSent: acc.bytesSent + s.counters.bytesSent,
        }),
        { assignmentsSent: 0, bytesSent: 0 },
      ),
  });
  // Appset resolutions, renders and Git fetches feed the duration histograms.
  hub.observe(metrics);
  const api = new HttpApi(hubSources(hub, options), {
    listen: options.listen ?? hub.options.httpListen,
    webhookSecret: options.webhookSecret,
    metrics,
    logger: options.logger,
  });
  const url = await api.start();
  await writeFile(join(hub.options.dataDir, HTTP_URL_FILE), `${url}\n`);
  return { api, metrics, ...(initial ? { initialAdmin: initial } : {}) };
}

function hubSources(hub: Hub, options: HubHttpOptions): HttpApiSources {
  return {
    registry: hub.registry,
    ping: () => hub.store.ping(),
    join: {
      grpcAddress: options.advertiseGrpc ?? `127.0.0.1:${hub.server.port}`,
      caPem: hub.pki.ca.certPem,
      caFingerprint: fingerprintPem(hub.pki.ca.certPem),
    },
    desired: () =>
      hub.fleet.status().clusters.flatMap((c): DesiredState[] => {
        const rec = hub.fleet.current(c.cluster);
        if (!rec) return [];
        return [
          {
            cluster: rec.cluster,
            generation: rec.generation,
            apps: rec.apps.map((a) => ({
              name: a.name,
              appset: a.appset,
              ...(a.error ? { error: a.error } : {}),
            })),
            updatedAtMs: rec.updatedAtMs,
          },
        ];
      }),
    reported: () => hub.statusBook.snapshot(),
    appsetStatus: async () =>
      hub.status().appsets.map((a) => ({
        name: a.name,
        source:
          a.origin === 'store'
            ? ('store' as const)
            : a.origin.startsWith('file:')
              ? ('file' as const)
              : ('git' as const),
        applications: a.applications,
        errors: [...a.errors, ...a.invalid],
      })),
    onChange: (listener) => hub.onChange(listener),
    notReady: async () => {
      const s = hub.status();
      const reasons: string[] = [];
      if (s.state !== 'running') reasons.push(`hub is ${s.state}`);
      for (const r of s.git.repositories) {
        if (r.state !== 'ready')
          reasons.push(`repository ${r.url} is ${r.state}${r.lastError ? `: ${r.lastError}` : ''}`);
      }
      return reasons;
    },
    refreshRepos: async (urls) => {
      const wanted = new Set(urls.map(normalizeRepoUrl));
      const tracked = hub
        .status()
        .git.repositories.flatMap((r) => r.repoURLs)
        .filter((u) => wanted.has(normalizeRepoUrl(u)));
      return hub.refreshRepos([...new Set(tracked)]);
    },
  };
}
