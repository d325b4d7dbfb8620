import { describe, expect, it } from 'vitest';
import { silentLogger } from '@outpost/shared';
import { DriftTracker } from './drift-tracker.ts';
import type { KubeObject } from '../state/desired-state.ts';

const desired: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'default' },
  data: { v: '1' },
};
const live = (v: string, rv: number): KubeObject => ({
  ...desired,
  metadata: { ...desired.metadata, resourceVersion: String(rv) },
  data: { v },
});

describe('drift tracker', () => {
  it('drift tracker – a controller fighting self-heal is met with growing delays, not a spin', async () => {
    let heals = 0;
    let rv = 10;
    const tracker: DriftTracker = new DriftTracker(
      {
        heal: async () => {
          heals++;
          // the other controller writes its value right back
          setImmediate(() => tracker.observe({ type: 'present', object: live('theirs', ++rv) }));
        },
        onAppChanged: () => undefined,
        countDrift: () => undefined,
        healInitialMs: 5,
        healMaxMs: 80,
      },
      silentLogger(),
    );
    tracker.track('web', [{ app: 'web', desired, ignore: [], selfHeal: true, appliedResourceVersion: '10' }]);
    tracker.observe({ type: 'present', object: live('theirs', ++rv) });
    await new Promise((r) => setTimeout(r, 600));
    tracker.close();
    expect(heals).toBeGreaterThan(3);
    expect(heals).toBeLessThan(45);
  });

  it('drift tracker – without selfHeal drift is recorded once per distinct change and cleared when live matches again', () => {
    const changes: string[] = [];
    let drifts = 0;
    const tracker = new DriftTracker(
      { heal: async () => undefined, onAppChanged: (app) => changes.push(app), countDrift: () => drifts++ },
      silentLogger(),
    );
    tracker.track('web', [{ app: 'web', desired, ignore: [], selfHeal: false }]);
    tracker.observe({ type: 'present', object: live('x', 2) });
    tracker.observe({ type: 'present', object: live('x', 3) });
    expect(drifts).toBe(1);
    expect(tracker.currentDrift(desired)).toMatchObject({
      paths: ['/data/v'],
      deleted: false,
      reverted: false,
    });
    tracker.observe({ type: 'gone', object: live('x', 4) });
    expect(tracker.currentDrift(desired)).toMatchObject({ deleted: true });
    tracker.observe({ type: 'present', object: live('1', 5) });
    expect(tracker.currentDrift(desired)).toBeUndefined();
    expect(tracker.recentDrift('web')).toHaveLength(2);
    expect(changes.length).toBe(4);
  });

  it('drift tracker – events older than the last apply are ignored', () => {
    let drifts = 0;
    const tracker = new DriftTracker(
      { heal: async () => undefined, onAppChanged: () => undefined, countDrift: () => drifts++ },
      silentLogger(),
    );
    tracker.track('web', [
      { app: 'web', desired, ignore: [], selfHeal: false, appliedResourceVersion: '20' },
    ]);
    tracker.observe({ type: 'present', object: live('old', 19) });
    expect(drifts).toBe(0);
  });

  it('drift tracker – an object missing from a list taken after its apply is reported deleted, one from an older list is not', () => {
    const deleted: boolean[] = [];
    const tracker = new DriftTracker(
      { heal: async () => undefined, onAppChanged: () => undefined, countDrift: () => deleted.push(true) },
      silentLogger(),
    );
    tracker.track('web', [
      { app: 'web', desired, ignore: [], selfHeal: false, appliedResourceVersion: '10' },
    ]);
    const listed = (rv: string, keys: string[]) =>
      tracker.observe({
        type: 'listed',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        keys: new Set(keys),
        resourceVersion: rv,
      });
    listed('9', []);
    expect(tracker.currentDrift(desired)).toBeUndefined();
    listed('12', ['default/a']);
    expect(tracker.currentDrift(desired)).toBeUndefined();
    listed('12', ['default/other']);
    expect(tracker.currentDrift(desired)?.deleted).toBe(true);
    expect(deleted).toHaveLength(1);
    listed('13', []);
    expect(deleted).toHaveLength(1);
  });
});
