import { describe, expect, it } from 'vitest';
import type { AppStatus } from '@outpost/shared';
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
});
