import { describe, expect, test } from 'vitest';
import { cacheDirName } from './http-mirror.ts';
import { locateRepo, redactUrl, repoKey } from './repo-url.ts';

describe('repository URLs', () => {
  test('http(s) URLs are remote; file:// URLs, absolute and ./ paths are local', () => {
    expect(locateRepo('https://h/r.git', '/w')).toEqual({ kind: 'http', url: 'https://h/r.git' });
    expect(locateRepo('file:///srv/repos/a%20b.git/', '/w')).toEqual({
      kind: 'local',
      path: '/srv/repos/a b.git',
    });
    expect(locateRepo('/srv/r', '/w')).toEqual({ kind: 'local', path: '/srv/r' });
    expect(locateRepo('./r', '/w/x')).toEqual({ kind: 'local', path: '/w/x/r' });
    expect(locateRepo('../r', '/w/x')).toEqual({ kind: 'local', path: '/w/r' });
  });

  test('ssh, git:// and scp-like URLs are not supported', () => {
    for (const url of [
      'ssh://git@h/r.git',
      'git://h/r.git',
      'git@github.com:o/r.git',
      'file://otherhost/r',
    ]) {
      expect(locateRepo(url, '/w')).toBeUndefined();
    }
  });

  test('passwords and token user names are redacted from URLs', () => {
    expect(redactUrl('https://bot:hunter2@h/r.git')).toBe('https://bot@h/r.git');
    expect(redactUrl('https://ghp_0123456789abcdefXYZ@h/r.git')).toBe('https://***@h/r.git');
    expect(redactUrl('https://h/r.git')).toBe('https://h/r.git');
  });

  test('the cache key ignores credentials, trailing slashes and host case', () => {
    expect(repoKey('https://u:p@Git.Example.com/r.git/')).toBe('https://git.example.com/r.git');
    expect(repoKey('/srv/r/')).toBe('/srv/r');
  });

  test('cache directory names are readable and differ for different URLs', () => {
    const a = cacheDirName('https://h/team/apps.git');
    const b = cacheDirName('https://h/other/apps.git');
    expect(a).toMatch(/^apps-[0-9a-f]{16}\.git$/);
    expect(a).not.toBe(b);
    expect(cacheDirName('https://u:p@h/team/apps.git')).toBe(a);
  });
});
