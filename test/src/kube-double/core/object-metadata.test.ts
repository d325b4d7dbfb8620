import { describe, expect, it } from 'vitest';
import { equalIgnoringTimes } from './object-metadata.ts';
import { clone, deepEqual, meta } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** The definition: equal after dropping resourceVersion and blanking managedFields times. */
function reference(a: JsonObject, b: JsonObject): boolean {
  const strip = (o: JsonObject) => {
    const c = clone(o);
    const m = meta(c);
    delete m['resourceVersion'];
    if (Array.isArray(m['managedFields']))
      m['managedFields'] = (m['managedFields'] as JsonObject[]).map((e) => ({ ...e, time: '' }));
    return c;
  };
  return deepEqual(strip(a), strip(b));
}

const entry = (time: string, extra: JsonObject = {}) => ({
  manager: 'outpost',
  operation: 'Apply',
  time,
  fieldsV1: { 'f:data': { 'f:a': {} } },
  ...extra,
});
const base: JsonObject = {
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: { name: 'cm', resourceVersion: '5', managedFields: [entry('2026-01-01T00:00:00Z')] },
  data: { a: '1' },
};
const variant = (f: (o: JsonObject) => void) => {
  const o = clone(base);
  f(o);
  return o;
};

const cases: [string, JsonObject, boolean][] = [
  ['another resourceVersion', variant((o) => (meta(o)['resourceVersion'] = '9')), true],
  [
    'another managedFields time',
    variant((o) => (meta(o)['managedFields'] = [entry('2027-01-01T00:00:00Z')])),
    true,
  ],
  ['an undefined-valued key', variant((o) => (o['spec'] = undefined)), true],
  [
    'keys in another order',
    { data: { a: '1' }, metadata: meta(clone(base)), apiVersion: 'v1', kind: 'ConfigMap' },
    true,
  ],
  ['changed data', variant((o) => (o['data'] = { a: '2' })), false],
  ['a new label', variant((o) => (meta(o)['labels'] = { x: 'y' })), false],
  [
    'another manager',
    variant((o) => (meta(o)['managedFields'] = [entry('t', { manager: 'kubectl' })])),
    false,
  ],
  ['no managedFields', variant((o) => delete meta(o)['managedFields']), false],
  ['no metadata at all', variant((o) => delete o['metadata']), false],
];

describe('no-op write detection', () => {
  it.each(cases)('equalIgnoringTimes – %s: as the strip-then-compare definition says', (_, other, same) => {
    expect(equalIgnoringTimes(base, other)).toBe(same);
    expect(equalIgnoringTimes(other, base)).toBe(same);
    expect(reference(base, other)).toBe(same);
  });

  it('equalIgnoringTimes – a missing metadata equals an empty one, and neither copy is changed', () => {
    const a: JsonObject = { kind: 'X' };
    const b: JsonObject = { kind: 'X', metadata: { resourceVersion: '3' } };
    expect(equalIgnoringTimes(a, b)).toBe(reference(a, b));
    expect(equalIgnoringTimes(a, b)).toBe(true);
    expect(a).toEqual({ kind: 'X' });
    expect(b).toEqual({ kind: 'X', metadata: { resourceVersion: '3' } });
  });
});
