import { describe, expect, test } from 'vitest';
import { OutpostError } from '@outpost/shared';
import { compileUrlRewrites, parseUrlRewrite, rewriteUrl } from './url-rewrites.ts';

describe('url rewrites', () => {
  test('FROM=TO splits at the first equals sign', () => {
    expect(parseUrlRewrite('https://github.com/=https://mirror/gh/?a=b')).toEqual({
      from: 'https://github.com/',
      to: 'https://mirror/gh/?a=b',
    });
  });

  test('a rule without both halves is a CONFIG_INVALID error quoting the rule', () => {
    for (const bad of ['https://github.com/', '=https://x/', 'https://x/=']) {
      expect(() => parseUrlRewrite(bad)).toThrow(OutpostError);
      expect(() => parseUrlRewrite(bad)).toThrow(`"${bad}"`);
    }
  });

  test('the longest matching prefix wins whatever the order of the rules', () => {
    const rules = compileUrlRewrites([
      'https://github.com/=https://mirror/all/',
      'https://github.com/acme/=https://mirror/acme/',
      { from: 'https://gitlab.com/', to: 'file:///srv/gitlab/' },
    ]);
    expect(rewriteUrl('https://github.com/acme/apps.git', rules)).toBe('https://mirror/acme/apps.git');
    expect(rewriteUrl('https://github.com/other/apps.git', rules)).toBe('https://mirror/all/other/apps.git');
    expect(rewriteUrl('https://gitlab.com/g/r', rules)).toBe('file:///srv/gitlab/g/r');
  });

  test('a URL no rule matches is unchanged, and a rewritten URL is not rewritten again', () => {
    const rules = compileUrlRewrites(['https://a/=https://b/', 'https://b/=https://c/']);
    expect(rewriteUrl('https://z/repo', rules)).toBe('https://z/repo');
    expect(rewriteUrl('https://a/repo', rules)).toBe('https://b/repo');
  });
});
