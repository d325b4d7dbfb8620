import { describe, expect, it } from 'vitest';
import { ObjectStore, ResourceExpiredError } from './object-store.ts';
import type { StoreEvent } from './object-store.ts';

const obj = (name: string) => ({ metadata: { name, namespace: 'ns' } });

describe('object store', () => {
  it('every write gets the next resourceVersion, deletes included', () => {
    const s = new ObjectStore();
    const a = s.put('/configmaps', obj('a'));
    const b = s.put('/configmaps', obj('a'));
    const gone = s.remove('/configmaps', 'ns', 'a');
    const rvs = [a, b, gone].map((o) =>
      Number((o?.['metadata'] as { resourceVersion: string }).resourceVersion),
    );
    expect(rvs).toEqual([2, 3, 4]);
    expect(s.get('/configmaps', 'ns', 'a')).toBeUndefined();
  });

  it('a watch replays retained events after its version, then streams live ones', () => {
    const s = new ObjectStore();
    s.put('/configmaps', obj('a'));
    const from = s.resourceVersion;
    s.put('/configmaps', obj('b'));
    const seen: StoreEvent[] = [];
    const stop = s.watchFrom(from, (e) => seen.push(e));
    s.remove('/configmaps', 'ns', 'a');
    stop();
    s.put('/configmaps', obj('c'));
    expect(seen.map((e) => `${e.type} ${String((e.object['metadata'] as { name: string }).name)}`)).toEqual([
      'ADDED b',
      'DELETED a',
    ]);
  });

  it('a watch from before the bounded history is Expired, naming the oldest version kept', () => {
    const s = new ObjectStore(2);
    for (const n of ['a', 'b', 'c', 'd']) s.put('/configmaps', obj(n));
    expect(() => s.watchFrom(1, () => undefined)).toThrow(ResourceExpiredError);
    expect(() => s.watchFrom(1, () => undefined)).toThrow('too old resource version: 1 (4)');
    expect(() => s.watchFrom(3, () => undefined)()).not.toThrow();
    s.compact();
    expect(() => s.watchFrom(3, () => undefined)).toThrow(ResourceExpiredError);
  });

  it('indexes objects by uid and by the owners their ownerReferences name', () => {
    const s = new ObjectStore();
    s.put('apps/deployments', { metadata: { name: 'web', namespace: 'ns', uid: 'u-web' } });
    s.put('apps/replicasets', {
      metadata: { name: 'web-1', namespace: 'ns', uid: 'u-rs', ownerReferences: [{ uid: 'u-web' }] },
    });
    expect(s.findByUid('u-rs')).toEqual({ resource: 'apps/replicasets', namespace: 'ns', name: 'web-1' });
    expect(s.dependentsOf('u-web').map((r) => r.name)).toEqual(['web-1']);
    s.put('apps/replicasets', { metadata: { name: 'web-1', namespace: 'ns', uid: 'u-rs' } });
    expect(s.dependentsOf('u-web')).toEqual([]);
    s.remove('apps/replicasets', 'ns', 'web-1');
    expect(s.findByUid('u-rs')).toBeUndefined();
  });
});
