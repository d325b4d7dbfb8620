/**
 * Health of live Kubernetes objects and of whole apps. Pure functions over plain JSON
 * objects; no I/O. Rules and deliberate differences from Argo CD: see README.md.
 */
export { objectHealth, hasBuiltInRule } from './object-health.ts';
export { rollUpHealth, isWorse, HEALTH_ORDER } from './health-status.ts';
export type { HealthStatus, HealthResult } from './health-status.ts';
export { workflowHealth } from './batch-rules.ts';
export type { KubeObject } from './object-view.ts';
