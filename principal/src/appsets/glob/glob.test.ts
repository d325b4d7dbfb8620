import { describe, expect, it } from 'vitest';
import { compileDoublestar } from './doublestar.ts';
import { compileGitPathspec } from './git-pathspec.ts';
import { goPathMatch } from './go-path-match.ts';

describe('glob matchers', () => {
  it('§3.3 path.Match – * and ? stay within a segment; classes, negation and escapes work; whole-path match', () => {
    expect(goPathMatch('apps/*', 'apps/web')).toBe(true);
    expect(goPathMatch('apps/*', 'apps/web/x')).toBe(false);
    expect(goPathMatch('apps/?b', 'apps/ab')).toBe(true);
    expect(goPathMatch('apps/[a-c]*', 'apps/beta')).toBe(true);
    expect(goPathMatch('apps/[^a-c]*', 'apps/beta')).toBe(false);
    expect(goPathMatch('apps/\\*', 'apps/*')).toBe(true);
    expect(goPathMatch('apps', 'apps/web')).toBe(false);
    expect(goPathMatch('my-apps/a-*', 'my-apps/a-b')).toBe(true);
    expect(goPathMatch('apps/[-a]x', 'apps/-x')).toBe(false);
  });

  it('§3.3 path.Match – a malformed pattern is a non-match', () => {
    expect(goPathMatch('apps/[', 'apps/[')).toBe(false);
    expect(goPathMatch('apps/[]a]', 'apps/]')).toBe(false);
    expect(goPathMatch('apps/\\', 'apps/\\')).toBe(false);
  });

  it('§3.4 legacy pathspec – * and ? cross /, ** acts like *, literal paths match a directory prefix', () => {
    const m = (p: string, f: string) => compileGitPathspec(p)(f);
    expect(m('some-path/*.yaml', 'some-path/x/values.yaml')).toBe(true);
    expect(m('cluster-charts/*/values.yaml', 'cluster-charts/a/b/values.yaml')).toBe(true);
    expect(m('**/x.json', 'x.json')).toBe(false);
    expect(m('**/x.json', 'a/b/x.json')).toBe(true);
    expect(m('a?b', 'a/b')).toBe(true);
    expect(m('dir', 'dir/sub/file.json')).toBe(true);
    expect(m('dir', 'dirx/file.json')).toBe(false);
    expect(m('./dir/f.json', 'dir/f.json')).toBe(true);
    expect(m('/dir/f.json', 'dir/f.json')).toBe(false);
    expect(m('[!a]*.json', 'b.json')).toBe(true);
    expect(m('[[:digit:]]*.json', '1.json')).toBe(true);
  });

  it('§3.4 doublestar – * stays in a segment, **/ is zero or more directories, {a,b} alternatives', () => {
    const m = (p: string, f: string) => compileDoublestar(p)?.test(f) ?? false;
    expect(m('some-path/*.yaml', 'some-path/x/values.yaml')).toBe(false);
    expect(m('some-path/**/*.yaml', 'some-path/values.yaml')).toBe(true);
    expect(m('some-path/**/*.yaml', 'some-path/x/y/values.yaml')).toBe(true);
    expect(m('**/x.json', 'x.json')).toBe(true);
    expect(m('a/**', 'a/b/c')).toBe(true);
    expect(m('{dev,prod}/*.json', 'prod/c.json')).toBe(true);
    expect(m('{dev,prod}/*.json', 'qa/c.json')).toBe(false);
    expect(m('[!p]*/c.json', 'dev/c.json')).toBe(true);
    expect(compileDoublestar('{a,b')).toBeUndefined();
  });
});
