import { describe, expect, it } from 'vitest';
import type { AppStatus } from '@outpost/shared';
import { StringInterner } from './string-interner.ts';

const fresh = (s: string) => [...s].join(''); // a new string object with the same content

const app = (): AppStatus => ({
  name: fresh('shared'),
  generation: 1,
  sync: fresh('Synced'),
  health: fresh('Healthy'),
  message: '',
  lastError: '',
  resources: [
    {
      apiVersion: fresh('v1'),
      kind: fresh('ConfigMap'),
      namespace: fresh('bench'),
      name: fresh('marker'),
      sync: fresh('Synced'),
      health: fresh('Healthy'),
      message: '',
    },
  ],
  drift: [],
  observedUnixMs: 1,
});

describe('StringInterner', () => {
  it('string interner – equal strings of two clusters\u2019 statuses share one entry and stay equal', () => {
    const i = new StringInterner();
    const a = i.internAppStatus(app());
    const b = i.internAppStatus(app());
    expect(b).toEqual(a);
    // shared, Synced, Healthy, '', v1, ConfigMap, bench, marker: once each for both apps
    expect(i.size).toBe(8);
  });

  it('string interner – equal resource statuses of two clusters are one frozen object, and so is their list', () => {
    const i = new StringInterner();
    const a = i.internAppStatus(app());
    const b = i.internAppStatus({ ...app(), name: 'shared-2' });
    expect(b.resources).toBe(a.resources);
    expect(b.resources[0]).toBe(a.resources[0]);
    expect(Object.isFrozen(a.resources) && Object.isFrozen(a.resources[0])).toBe(true);
    expect(() => {
      (a.resources[0] as { health: string }).health = 'Degraded';
    }).toThrow(TypeError);
    expect(i.sharedObjects).toEqual({ resources: 1, lists: 1 });
  });

  it('string interner – a resource differing in any field, or a list in order, is not shared', () => {
    const i = new StringInterner();
    const a = i.internAppStatus(app());
    const other = app();
    other.resources[0]!.message = 'waiting';
    const b = i.internAppStatus(other);
    expect(b.resources[0]).not.toBe(a.resources[0]);
    expect(b.resources[0]!.message).toBe('waiting');
    const two = app();
    two.resources.push({ ...two.resources[0]!, name: 'second' });
    const reversed = { ...two, resources: [...two.resources].reverse() };
    const c = i.internAppStatus(two);
    const d = i.internAppStatus(reversed);
    expect(d.resources).not.toBe(c.resources);
    expect(d.resources.map((r) => r.name)).toEqual(['second', 'marker']);
  });

  it('string interner – the compact status has no delta fields and leaves the reported one unchanged', () => {
    const i = new StringInterner();
    const reported = { ...app(), resourcesDelta: false, removedResources: [], driftUnchanged: false };
    const copy = structuredClone(reported);
    const compact = i.internAppStatus(reported);
    expect(reported).toEqual(copy);
    expect(Object.keys(compact).sort()).toEqual([
      'drift',
      'generation',
      'health',
      'lastError',
      'message',
      'name',
      'observedUnixMs',
      'resources',
      'sync',
    ]);
    const { resourcesDelta: _r, removedResources: _m, driftUnchanged: _d, ...whole } = reported;
    expect(compact).toEqual(whole);
  });

  it('string interner – stops adding when full and never interns long strings', () => {
    const i = new StringInterner(2, 5);
    expect(i.intern('a')).toBe('a');
    i.intern('b');
    i.intern('c');
    expect(i.size).toBe(2);
    expect(i.intern('long string')).toBe('long string');
    expect(i.size).toBe(2);
  });
});
