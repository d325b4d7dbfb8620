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
