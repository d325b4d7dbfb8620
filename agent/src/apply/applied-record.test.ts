import { describe, expect, it } from 'vitest';
import { AppliedRecord } from './applied-record.ts';
import type { ObjectResult } from './app-syncer.ts';

const cm = (v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v } });
const result = (v: string): ObjectResult => ({
  ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a' },
  desired: cm(v),
  live: cm(v),
});

describe('AppliedRecord', () => {
  it('matches an object only with the digest it was written with', () => {
    const r = new AppliedRecord();
    const d1 = AppliedRecord.digestOf(cm('1'), 'apply');
    r.remember('web', 'k', d1, result('1'));
    expect(r.match('web', 'k', d1)).toEqual(result('1'));
    expect(r.match('web', 'k', AppliedRecord.digestOf(cm('2'), 'apply'))).toBeUndefined();
    expect(r.match('other', 'k', d1)).toBeUndefined();
  });

  it('tells an apply from a replace of the same object', () => {
    expect(AppliedRecord.digestOf(cm('1'), 'apply')).not.toBe(AppliedRecord.digestOf(cm('1'), 'replace'));
  });

  it('forgets an object, an app, or everything', () => {
    const r = new AppliedRecord();
    const d = AppliedRecord.digestOf(cm('1'), 'apply');
    r.remember('web', 'k', d, result('1'));
    r.remember('web', 'j', d, result('1'));
    r.remember('api', 'k', d, result('1'));
    r.forget('web', 'k');
    expect(r.match('web', 'k', d)).toBeUndefined();
    expect(r.size('web')).toBe(1);
    r.clear('web');
    expect(r.size('web')).toBe(0);
    expect(r.size('api')).toBe(1);
    r.clear();
    expect(r.size('api')).toBe(0);
  });

  it('applied record – a derived object is digested once per source object and derivation', () => {
    const source = cm('1');
    const decorated = { ...source, metadata: { name: 'a', namespace: 'x', labels: { app: 'api' } } };
    const d1 = AppliedRecord.digestOfDerived(source, 'api|x', decorated, 'apply');
    expect(d1).toBe(AppliedRecord.digestOf(decorated, 'apply'));
    // Same source and derivation: the cached digest, whatever object is passed.
    expect(AppliedRecord.digestOfDerived(source, 'api|x', cm('other'), 'apply')).toBe(d1);
    // Another derivation, mode or source object: computed afresh.
    const other = { ...decorated, metadata: { ...decorated.metadata, namespace: 'y' } };
    expect(AppliedRecord.digestOfDerived(source, 'api|y', other, 'apply')).toBe(
      AppliedRecord.digestOf(other, 'apply'),
    );
    expect(AppliedRecord.digestOfDerived(source, 'api|x', decorated, 'replace')).not.toBe(d1);
    expect(AppliedRecord.digestOfDerived(cm('1'), 'api|x', decorated, 'apply')).toBe(d1);
  });
});
