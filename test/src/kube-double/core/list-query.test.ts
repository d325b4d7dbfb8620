import { describe, expect, it } from 'vitest';
import { paginate, toTable } from './list-query.ts';

const items = ['a', 'b', 'c'].map((name) => ({
  metadata: { name, namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' },
}));

const nameOf = (o: Record<string, unknown>) => (o['metadata'] as { name: string }).name;

describe('list pagination and tables', () => {
  it('limit gives a continue token and remainingItemCount; the next page keeps the first resourceVersion', () => {
    const first = paginate(items, 10, 1, undefined, true);
    expect(first.items.map(nameOf)).toEqual(['a']);
    expect(first.remainingItemCount).toBe(2);
    expect(JSON.parse(atob((first.continue ?? '').replace(/-/g, '+').replace(/_/g, '/')))).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 10,
      start: '/a\u0000',
    });
    const second = paginate(items, 99, 5, first.continue, true);
    expect(second.items.map(nameOf)).toEqual(['b', 'c']);
    expect(second.resourceVersion).toBe('10');
    expect(second.continue).toBeUndefined();
  });

  it('a garbage continue token is a 400', () => {
    expect(() => paginate(items, 1, 1, 'not-a-token')).toThrow(/continue key is not valid/);
  });

  it('tables have Name, kind columns and Age; rows carry PartialObjectMetadata', () => {
    const t = toTable(
      'ConfigMap',
      [{ metadata: { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { a: '1' } }],
      '5',
      new Date('2026-01-01T00:01:13Z'),
    );
    expect((t['columnDefinitions'] as { name: string }[]).map((c) => c.name)).toEqual([
      'Name',
      'Data',
      'Age',
    ]);
    expect((t['rows'] as { cells: unknown[] }[])[0]?.cells).toEqual(['x', 1, '73s']);
  });
});
