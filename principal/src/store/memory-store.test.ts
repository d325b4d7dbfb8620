import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.ts';
import { StoreConflictError } from './store.ts';

const enc = new TextEncoder();

describe('memory store', () => {
  it('memory store – behaves like the file store for revisions, conflicts and prefixes', async () => {
    const s = new MemoryStore();
    expect(await s.put('clusters', 'a/b', enc.encode('1'), { expectRevision: 0 })).toBe(1);
    await expect(s.put('clusters', 'a/b', enc.encode('2'), { expectRevision: 0 })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect(await s.put('clusters', 'a/b', enc.encode('2'))).toBe(2);
    await s.put('clusters', 'c', enc.encode('3'));
    await s.put('blobs', 'a/x', enc.encode('4'));
    expect(await s.keys('clusters', 'a/')).toEqual(['a/b']);
    await s.delete('clusters', 'a/b');
    expect(await s.get('clusters', 'a/b')).toBeUndefined();
  });
});
