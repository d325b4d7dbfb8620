export { HttpApi } from './http-api.ts';
export type { HttpApiOptions } from './http-api.ts';
export type { AppSetStatus, FleetChange, HttpApiSources } from './api-sources.ts';
export { HubMetrics } from './hub-metrics.ts';
export type { MetricsSources } from './hub-metrics.ts';
export { appViews, clusterViews, fleetSummary } from './fleet-view.ts';
export type {
  AppView,
  ClusterView,
  ConnectionFacts,
  DesiredState,
  FleetSnapshot,
  FleetSummary,
  ReportedStatus,
} from './fleet-view.ts';
export type { JoinInfo } from './routes-admin.ts';
export { normalizeRepoUrl, verifyGitWebhook } from './git-webhook.ts';
export type { GitPush } from './git-webhook.ts';
export { parseSelector } from './list-query.ts';
export type { Page } from './list-query.ts';
export { HTTP_URL_FILE, startHubHttpApi } from './hub-http.ts';
export type { HubHttpOptions } from './hub-http.ts';
export { HubApiClient } from './api-client.ts';
export type { HubConnection, WatchEvent } from './api-client.ts';
export { resolveHubConnection } from './api-client-connection.ts';
