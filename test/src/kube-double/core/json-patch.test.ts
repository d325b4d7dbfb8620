import { describe, expect, it } from 'vitest';
import { applyJsonPatch, PatchError } from './json-patch.ts';

describe('JSON patch', () => {
  const doc = { metadata: { annotations: { a: '1' } }, spec: { replicas: 2, list: ['x', 'y'] } };

  it('test, replace, add with a ~1-escaped key, remove and list append', () => {
    const out = applyJsonPatch(doc, [
      { op: 'test', path: '/spec/replicas', value: 2 },
      { op: 'replace', path: '/spec/replicas', value: 1 },
      { op: 'add', path: '/metadata/annotations/example.com~1by', value: 'me' },
      { op: 'remove', path: '/metadata/annotations/a' },
      { op: 'add', path: '/spec/list/-', value: 'z' },
    ]);
    expect(out).toEqual({
      metadata: { annotations: { 'example.com/by': 'me' } },
      spec: { replicas: 1, list: ['x', 'y', 'z'] },
    });
    expect(doc.spec.replicas).toBe(2);
  });

  it('move and copy', () => {
    const out = applyJsonPatch({ a: { b: 1 } }, [
      { op: 'copy', from: '/a/b', path: '/c' },
      { op: 'move', from: '/a', path: '/d' },
    ]);
    expect(out).toEqual({ c: 1, d: { b: 1 } });
  });

  it('a failed test is a 422 and a malformed patch a 400', () => {
    const failed = (() => {
      try {
        applyJsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 3 }]);
      } catch (e) {
        return e;
      }
    })();
    expect(failed).toBeInstanceOf(PatchError);
    expect((failed as PatchError).code).toBe(422);
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(PatchError);
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(
      /missing/,
    );
  });
});
