import { describe, expect, it } from 'vitest';
import { objectSyncOptions, parseSyncOptions } from './sync-options.ts';

describe('sync options', () => {
  it('sync options – app options are parsed and the object annotation overrides them', () => {
    const app = parseSyncOptions(['CreateNamespace=true', 'ServerSideApply=true', 'Bogus']);
    expect(app).toEqual({
      createNamespace: true,
      pruneDisabled: false,
      replace: false,
      serverSideApply: true,
    });
    const o = objectSyncOptions(app, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'x',
        annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false, Replace=true' },
      },
    });
    expect(o).toMatchObject({ createNamespace: true, pruneDisabled: true, replace: true });
  });
});
