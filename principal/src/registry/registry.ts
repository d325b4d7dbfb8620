import type { Store } from '../store/store.ts';
import { ApiTokens } from './api-tokens.ts';
import { AppSetStore } from './appset-store.ts';
import { AuditLog } from './audit-log.ts';
import { BootstrapTokens } from './bootstrap-tokens.ts';
import { ClusterRegistry } from './cluster-registry.ts';

/** The registry's parts over one store, as the hub wires them. */
export interface Registry {
  clusters: ClusterRegistry;
  bootstrapTokens: BootstrapTokens;
  apiTokens: ApiTokens;
  audit: AuditLog;
  appsets: AppSetStore;
}

/** Builds the registry on `store`; `now` is the clock (tests pass a fake). */
export function createRegistry(store: Store, now: () => Date = () => new Date()): Registry {
  const audit = new AuditLog(store, now);
  const bootstrapTokens = new BootstrapTokens(store, now);
  const clusters = new ClusterRegistry(store, bootstrapTokens, audit, now);
  return {
    clusters,
    bootstrapTokens,
    apiTokens: new ApiTokens(store, now),
    audit,
    appsets: new AppSetStore(store, audit, now),
  };
}
