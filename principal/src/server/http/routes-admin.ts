import type { Logger } from '@outpost/shared';
import { ErrorCodes, OutpostError, parseDuration } from '@outpost/shared';
import type { HttpApiSources } from './api-sources.ts';
import { normalizeRepoUrl, verifyGitWebhook } from './git-webhook.ts';
import type { HubMetrics } from './hub-metrics.ts';
import { parseJson, readBody } from './http-io.ts';
import type { Route, RouteContext } from './route.ts';

/** What `POST /api/v1/clusters` and `rotate-token` return: everything a join command needs. */
export interface JoinInfo {
  cluster: string;
  token: string;
  tokenExpiresAt: string;
  grpcAddress: string;
  caFingerprint: string;
  caPem: string;
}

const MAX_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

/** Mutating routes (admin token, audit-logged by the registry) and the Git webhook (shared secret). */
export function adminRoutes(
  sources: HttpApiSources,
  options: { webhookSecret?: string; metrics: HubMetrics; logger: Logger },
): Route[] {
  const { registry } = sources;
  const actor = (ctx: RouteContext) => ctx.principal?.name ?? 'unknown';
  const join = (cluster: string, token: string, expiresAt: Date): JoinInfo => ({
    cluster,
    token,
    tokenExpiresAt: expiresAt.toISOString(),
    ...sources.join,
  });
  return [
    {
      name: 'cluster-register',
      method: 'POST',
      path: /^\/api\/v1\/clusters$/,
      access: 'admin',
      handle: async (ctx) => {
        const body = (await jsonBody(ctx)) as Record<string, unknown>;
        const reg = await registry.clusters.register(
          {
            name: str(body.name, 'name'),
            ...(body.server ? { server: str(body.server, 'server') } : {}),
            labels: strMap(body.labels, 'labels'),
            annotations: strMap(body.annotations, 'annotations'),
            tokenTtlMs: ttl(body.ttl),
          },
          actor(ctx),
        );
        return {
          status: 201,
          body: { record: reg.record, join: join(reg.record.name, reg.token, reg.tokenExpiresAt) },
        };
      },
    },
    {
      name: 'cluster-update',
      method: 'PATCH',
      path: /^\/api\/v1\/clusters\/(?<name>[^/]+)$/,
      access: 'admin',
      handle: async (ctx) => {
        const body = (await jsonBody(ctx)) as Record<string, unknown>;
        const rec = await registry.clusters.updateMetadata(
          ctx.params.name!,
          { labels: patchMap(body.labels, 'labels'), annotations: patchMap(body.annotations, 'annotations') },
          actor(ctx),
        );
        return { body: rec };
      },
    },
    {
      name: 'cluster-unregister',
      method: 'DELETE',
      path: /^\/api\/v1\/clusters\/(?<name>[^/]+)$/,
      access: 'admin',
      handle: async (ctx) => {
        await registry.clusters.unregister(ctx.params.name!, actor(ctx));
        return { body: { unregistered: ctx.params.name } };
      },
    },
    {
      name: 'cluster-rotate-token',
      method: 'POST',
      path: /^\/api\/v1\/clusters\/(?<name>[^/]+)\/rotate-token$/,
      access: 'admin',
      handle: async (ctx) => {
        const body = (await jsonBody(ctx)) as Record<string, unknown>;
        const { token, expiresAt } = await registry.clusters.rotateToken(
          ctx.params.name!,
          ttl(body.ttl),
          actor(ctx),
        );
        return { body: { join: join(ctx.params.name!, token, expiresAt) } };
      },
    },
    {
      name: 'appset-apply',
      method: 'POST',
      path: /^\/api\/v1\/applicationsets$/,
      access: 'admin',
      handle: async (ctx) => {
        const result = await registry.appsets.apply(await jsonBody(ctx), actor(ctx));
        return { status: result.created ? 201 : 200, body: result };
      },
    },
    {
      name: 'appset-delete',
      method: 'DELETE',
      path: /^\/api\/v1\/applicationsets\/(?<name>[^/]+)$/,
      access: 'admin',
      handle: async (ctx) => {
        await registry.appsets.delete(ctx.params.name!, actor(ctx));
        return { body: { deleted: ctx.params.name } };
      },
    },
    {
      name: 'webhook-git',
      method: 'POST',
      path: /^\/api\/v1\/webhook\/git$/,
      access: 'public',
      handle: async (ctx) => {
        const body = await readBody(ctx.req);
        let push;
        try {
          push = verifyGitWebhook(ctx.req.headers, body, options.webhookSecret);
        } catch (e) {
          options.metrics.countWebhook('unknown', 'refused');
          options.logger.warn({ err: (e as Error).message }, 'git webhook refused');
          throw e;
        }
        if (push.event !== 'push') {
          options.metrics.countWebhook(push.provider, 'ignored');
          return { status: 202, body: { provider: push.provider, event: push.event, refreshed: [] } };
        }
        const urls = [...new Set(push.repoUrls.flatMap((u) => [u, normalizeRepoUrl(u)]))];
        const refreshed = (await sources.refreshRepos?.(urls)) ?? [];
        options.metrics.countWebhook(push.provider, refreshed.length > 0 ? 'refreshed' : 'ignored');
        return { status: 202, body: { provider: push.provider, event: push.event, refreshed } };
      },
    },
  ];
}

async function jsonBody(ctx: RouteContext): Promise<unknown> {
  return parseJson(await readBody(ctx.req));
}

function ttl(value: unknown): number {
  const ms = value === undefined || value === '' ? 3600_000 : parseDuration(str(value, 'ttl'), 'token ttl');
  if (ms <= 0 || ms > MAX_TOKEN_TTL_MS) throw bad('ttl must be between 1s and 30d');
  return ms;
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw bad(`"${field}" must be a non-empty string`);
  return value;
}

function strMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.values(value).some((v) => typeof v !== 'string')
  ) {
    throw bad(`"${field}" must be an object of strings`);
  }
  return value as Record<string, string>;
}

function patchMap(value: unknown, field: string): Record<string, string | null> {
  if (value === undefined) return {};
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.values(value).some((v) => typeof v !== 'string' && v !== null)
  ) {
    throw bad(`"${field}" must map keys to strings (set) or null (remove)`);
  }
  return value as Record<string, string | null>;
}

function bad(message: string): OutpostError {
  return new OutpostError(ErrorCodes.API_REQUEST_INVALID, message);
}
