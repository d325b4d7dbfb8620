import type { AppAssignment } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { advanceAssignment } from './assignment-record.ts';

function app(name: string, digest: string, revision: string): AppAssignment {
  return {
    name,
    appset: '',
    destinationNamespace: 'ns',
    revision,
    syncPolicy: { automated: true, prune: false, selfHeal: false, syncOptions: [] },
    ignoreDifferences: [],
    objects: [{ digest, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name, size: 1 }],
    error: '',
  };
}

describe('assignment record revisions', () => {
  it('assignment record – an app a commit left unchanged keeps its old revision when another app bumps the generation', () => {
    const first = advanceAssignment(
      'c',
      undefined,
      [app('web', 'd1', 'r1'), app('db', 'd2', 'r1')],
      1,
    )!.record;
    const next = advanceAssignment('c', first, [app('web', 'd3', 'r2'), app('db', 'd2', 'r2')], 2)!;
    expect(next.record.generation).toBe(2);
    expect(next.record.apps.map((a) => [a.name, a.revision])).toEqual([
      ['web', 'r2'],
      ['db', 'r1'],
    ]);
    expect(next.diff.modified).toEqual(['web']);
  });
});
