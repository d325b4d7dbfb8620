import { describe, expect, it } from 'vitest';
import { applyStatusDelta, type AppStatus, type ResourceStatus } from '@outpost/shared';
import { StatusOutbox } from './status-outbox.ts';

const status = (name: string, message: string): AppStatus => ({
  name,
  generation: 1,
  sync: 'Synced',
  health: 'Healthy',
  message,
  lastError: '',
  resources: [],
  drift: [],
  observedUnixMs: 0,
});

describe('status outbox', () => {
  it('status outbox – the latest status per app wins and reports are spaced by the interval', () => {
    const box = new StatusOutbox({ minIntervalMs: 1000 });
    box.put(status('a', 'one'));
    box.put(status('a', 'two'));
    box.put(status('b', 'x'));
    const first = box.take(0)!;
    expect(first.apps.map((s) => `${s.name}:${s.message}`)).toEqual(['a:two', 'b:x']);
    box.put(status('a', 'three'));
    expect(box.take(500)).toBeUndefined();
    expect(box.dueAt()).toBe(1000);
    expect(box.take(1000)!.apps.map((s) => s.message)).toEqual(['three']);
  });

  it('status outbox – unacknowledged statuses are resent after a reconnect, acknowledged ones are not', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.put(status('a', 'old-a'));
    box.put(status('b', 'b'));
    const r1 = box.take(0)!;
    box.put(status('c', 'c'));
    const r2 = box.take(10)!;
    box.ack(r1.seq);
    box.put(status('c', 'newer-c'));
    box.requeue();
    const again = box.take(20)!;
    expect(again.seq).toBe(1);
    expect(again.apps.map((s) => `${s.name}:${s.message}`)).toEqual(['c:newer-c']);
    expect(r2.apps.map((s) => s.name)).toEqual(['c']);
    expect(box.unacknowledged).toBe(1);
  });

  it('status outbox – with too many reports in flight it waits for acks instead of dropping', () => {
    const box = new StatusOutbox({ minIntervalMs: 1, maxInFlight: 1 });
    box.put(status('a', '1'));
    const r1 = box.take(0)!;
    box.put(status('a', '2'));
    expect(box.take(100)).toBeUndefined();
    box.ack(r1.seq);
    expect(box.take(100)!.apps[0]!.message).toBe('2');
  });

  it('status outbox – with status deltas, an app goes whole first and then only its changed resources against the acknowledged report', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.startStream(true);
    const v1 = big('a', 100, -1);
    box.put(v1);
    const r1 = box.take(0)!;
    expect(r1.apps[0]!.resourcesDelta).toBeUndefined();
    expect(r1.apps[0]!.resources).toHaveLength(100);
    box.ack(r1.seq);
    const v2 = big('a', 100, 5);
    box.put(v2);
    const r2 = box.take(10)!;
    expect(r2.apps[0]!.resourcesDelta).toBe(true);
    expect(r2.apps[0]!.resources.map((r) => r.name)).toEqual(['r-5']);
    expect(applyStatusDelta(v1, r2.apps[0]!)).toEqual(v2);
  });

  it('status outbox – an app whose report is in flight waits for the ack, so its next delta is made against what the hub holds', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.startStream(true);
    box.put(big('a', 100, -1));
    box.ack(box.take(0)!.seq);
    box.put(big('a', 100, 5));
    const r2 = box.take(10)!;
    box.put(big('a', 100, 6));
    box.put(status('b', 'b'));
    const r3 = box.take(20)!;
    expect(r3.apps.map((s) => s.name)).toEqual(['b']);
    expect(box.dueAt()).toBeUndefined();
    box.ack(r2.seq);
    const r4 = box.take(30)!;
    expect(r4.apps[0]!.resources.map((r) => `${r.name}:${r.health}`)).toEqual([
      'r-5:Healthy',
      'r-6:Degraded',
    ]);
  });

  it('status outbox – after a reconnect, or when the hub asks for it, the app is sent whole again', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.startStream(true);
    box.put(big('a', 100, -1));
    box.ack(box.take(0)!.seq);
    box.put(big('a', 100, 3));
    box.take(10);
    box.requeue();
    box.startStream(true);
    const again = box.take(20)!;
    expect(again.seq).toBe(1);
    expect(again.apps[0]!.resourcesDelta).toBeUndefined();
    expect(again.apps[0]!.resources).toHaveLength(100);
    box.ack(again.seq);
    box.put(big('a', 100, 4));
    const delta = box.take(30)!;
    expect(delta.apps[0]!.resourcesDelta).toBe(true);
    box.ack(delta.seq, ['a']);
    const whole = box.take(40)!;
    expect(whole.apps[0]!.resourcesDelta).toBeUndefined();
    expect(whole.apps[0]!.resources.find((r) => r.name === 'r-4')?.health).toBe('Degraded');
  });

  it('status outbox – on a stream without the capability every report is whole', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.startStream(false);
    box.put(big('a', 100, -1));
    box.ack(box.take(0)!.seq);
    box.put(big('a', 100, 5));
    expect(box.take(10)!.apps[0]!.resources).toHaveLength(100);
  });

  it('status outbox – a status that says nothing new (only observed later) is not reported again on the stream; a new stream gets it', () => {
    const box = new StatusOutbox({ minIntervalMs: 1 });
    box.startStream(true);
    box.put({ ...status('a', 'x'), observedUnixMs: 1 });
    const r1 = box.take(0)!;
    box.ack(r1.seq);
    box.put({ ...status('a', 'x'), observedUnixMs: 2 });
    expect(box.dueAt()).toBeUndefined();
    // Still in flight: the same status again is not queued either.
    box.put({ ...status('a', 'y'), observedUnixMs: 3 });
    const r2 = box.take(10)!;
    box.put({ ...status('a', 'y'), observedUnixMs: 4 });
    expect(box.dueAt()).toBeUndefined();
    box.ack(r2.seq);
    // A change anywhere (here the generation) is reported.
    box.put({ ...status('a', 'y'), generation: 2, observedUnixMs: 5 });
    const r3 = box.take(20)!;
    expect(r3.apps[0]!.generation).toBe(2);
    box.ack(r3.seq);
    // A reconnect: nothing counts as sent on the new stream, so the same status goes whole.
    box.requeue();
    box.startStream(true);
    box.put({ ...status('a', 'y'), generation: 2, observedUnixMs: 6 });
    expect(box.take(30)!.apps[0]).toMatchObject({ generation: 2, observedUnixMs: 6 });
  });
});

/** An app with `n` resources, the one at index `degraded` Degraded. */
function big(name: string, n: number, degraded: number): AppStatus {
  const resources: ResourceStatus[] = Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'ns',
    name: `r-${i}`,
    sync: 'Synced',
    health: i === degraded ? 'Degraded' : 'Healthy',
    message: '',
  }));
  return { ...status(name, ''), resources };
}
