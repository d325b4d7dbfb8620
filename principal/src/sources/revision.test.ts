import { describe, expect, test } from 'vitest';
import { matchRevision, parseRevision, type RefSnapshot } from './revision.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const snapshot: RefSnapshot = {
  head: 'refs/heads/main',
  refs: new Map([
    ['refs/heads/main', A],
    ['refs/heads/release', B],
    ['refs/tags/release', C],
    ['refs/tags/v1.0.0', C],
  ]),
};

describe('revisions', () => {
  test('empty and HEAD name the default branch', () => {
    for (const rev of ['', '  ', 'HEAD']) {
      expect(parseRevision(rev)).toEqual({ kind: 'head' });
      expect(matchRevision(parseRevision(rev), snapshot)).toEqual({ oid: A, ref: 'refs/heads/main' });
    }
  });

  test('a branch wins over a tag of the same name; a tag is found by name', () => {
    expect(matchRevision(parseRevision('release'), snapshot)).toEqual({ oid: B, ref: 'refs/heads/release' });
    expect(matchRevision(parseRevision('v1.0.0'), snapshot)).toEqual({ oid: C, ref: 'refs/tags/v1.0.0' });
    expect(matchRevision(parseRevision('refs/tags/release'), snapshot)).toEqual({
      oid: C,
      ref: 'refs/tags/release',
    });
  });

  test('a full SHA is taken as is (lower-cased); 7 to 39 hex digits are a short SHA to expand', () => {
    expect(matchRevision(parseRevision(B.toUpperCase()), snapshot)).toEqual({ oid: B });
    expect(matchRevision(parseRevision('ABCDEF1'), snapshot)).toEqual({ shortSha: 'abcdef1' });
    expect(matchRevision(parseRevision('abc123'), snapshot)).toBeUndefined();
  });

  test('an unknown name, or HEAD of a repository without a default branch, matches nothing', () => {
    expect(matchRevision(parseRevision('nope'), snapshot)).toBeUndefined();
    expect(matchRevision(parseRevision('HEAD'), { head: undefined, refs: new Map() })).toBeUndefined();
  });

  test('text that can never be a ref is GIT_REVISION_NOT_FOUND naming the revision', () => {
    for (const bad of ['main~1', 'a..b', 'feature/', 'x y', 'v1^{}', 'a\u0001b']) {
      expect(() => parseRevision(bad)).toThrow(expect.objectContaining({ code: 'GIT_REVISION_NOT_FOUND' }));
    }
    expect(() => parseRevision('main~1')).toThrow('"main~1"');
  });
});
