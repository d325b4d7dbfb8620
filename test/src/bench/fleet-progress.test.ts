import { describe, expect, it } from 'vitest';
import { fleetProgress, markerLatencies } from './fleet-progress.ts';
import {
  appsetFiles,
  configMapYaml,
  fleetClusterNames,
  groupOf,
  initialRepoFiles,
  SOLO_OBJECTS,
} from './fleet-files.ts';

describe('fleet progress', () => {
  it('an agent is current only when it applied the hub generation, and a cluster the hub has no generation for is behind', () => {
    const p = fleetProgress(
      ['a', 'b', 'c', 'd'],
      { a: 3, b: 3, c: 2 },
      { a: [3, 3, 1], b: [3, 2, 1], c: [2, 2, 0], d: [0, 0, 1] },
    );
    expect(p).toEqual({
      clusters: 4,
      connected: 3,
      holding: 3,
      current: 2,
      behind: ['b (hub 3, applied 2)', 'd (hub 0, applied 0)'],
    });
  });

  it('a cluster no worker reports is behind with "none"', () => {
    expect(fleetProgress(['x'], { x: 1 }, {}).behind).toEqual(['x (hub 1, applied none)']);
  });

  it('markerLatencies – measures each cluster from the given start', () => {
    expect(markerLatencies(['a', 'b'], { a: 1100, b: 1250 }, 1000)).toEqual([100, 250]);
  });

  it('markerLatencies – a cluster that never got the change fails the measurement by name', () => {
    expect(() => markerLatencies(['a', 'b'], { a: 1100 }, 1000)).toThrow(
      /1 cluster\(s\) never applied the change: b/,
    );
  });
});

describe('fleet files', () => {
  it('cluster names sort in creation order and groups cycle', () => {
    expect(fleetClusterNames(3)).toEqual(['c-00001', 'c-00002', 'c-00003']);
    expect([0, 1, 10, 11].map((i) => groupOf(i, 10))).toEqual(['g0', 'g1', 'g0', 'g1']);
  });

  it('a ConfigMap carries its revision and about the requested size', () => {
    const y = configMapYaml('marker', 'fanout-1', 900);
    expect(y).toContain('rev: "fanout-1"');
    expect(y.length).toBeGreaterThan(900);
    expect(y.length).toBeLessThan(1300);
  });

  it('the repository holds the solo app of 500 objects and one churn target per group', () => {
    const files = Object.keys(initialRepoFiles(4));
    expect(files.filter((f) => f.startsWith('solo/'))).toHaveLength(SOLO_OBJECTS);
    expect(files.filter((f) => /groups\/g\d\/churn-g\d\.yaml$/.test(f))).toHaveLength(4);
  });

  it('each group appset selects its group among the fleet clusters', () => {
    const a = appsetFiles('http://git/fleet', 2);
    expect(Object.keys(a).sort()).toEqual(['group-g0.yaml', 'group-g1.yaml', 'shared.yaml', 'solo.yaml']);
    expect(a['group-g1.yaml']).toMatch(/bench: fleet\n\s+group: g1\n/);
    expect(a['group-g1.yaml']).toContain('path: groups/g1');
  });
});
