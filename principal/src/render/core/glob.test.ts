import { describe, expect, it } from 'vitest';
import { compileGlob, GlobSyntaxError } from './glob.ts';

describe('directory globs (Argo CD semantics)', () => {
  it('a star also crosses slashes, since Argo CD compiles without separators', () => {
    expect(compileGlob('*.yaml').matches('sub/dir/x.yaml')).toBe(true);
    expect(compileGlob('*.yaml').matches('x.yml')).toBe(false);
  });
  it('braces match any alternative, each itself a pattern', () => {
    const g = compileGlob('{config.json,deploy-*.yaml}');
    expect(g.matches('config.json')).toBe(true);
    expect(g.matches('deploy-web.yaml')).toBe(true);
    expect(g.matches('service.yaml')).toBe(false);
  });
  it('nested braces, classes, negated classes and ? work', () => {
    expect(compileGlob('{a,b{1,2}}.yaml').matches('b2.yaml')).toBe(true);
    expect(compileGlob('[a-c]?.yaml').matches('bz.yaml')).toBe(true);
    expect(compileGlob('[!a-c]?.yaml').matches('bz.yaml')).toBe(false);
  });
  it('the whole path must match and dots are literal', () => {
    expect(compileGlob('prod/*').matches('staging/prod/x.yaml')).toBe(false);
    expect(compileGlob('a.yaml').matches('aXyaml')).toBe(false);
  });
  it('a backslash escapes a special character', () => {
    expect(compileGlob('\\*.yaml').matches('*.yaml')).toBe(true);
    expect(compileGlob('\\*.yaml').matches('x.yaml')).toBe(false);
  });
  it('an unclosed brace is a syntax error naming the pattern', () => {
    expect(() => compileGlob('{a,b')).toThrow(GlobSyntaxError);
    expect(() => compileGlob('[ab')).toThrow(/invalid glob "\[ab"/);
  });
});
