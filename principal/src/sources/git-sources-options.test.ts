import { describe, expect, test } from 'vitest';
import {
  compileGitSourcesOptions,
  DEFAULT_POLL_INTERVAL_MS,
  pollIntervalFor,
} from './git-sources-options.ts';

describe('git sources options', () => {
  test('the default poll interval is Argo CD’s 3 minutes', () => {
    const options = compileGitSourcesOptions({ dataDir: '/d' });
    expect(DEFAULT_POLL_INTERVAL_MS).toBe(180_000);
    expect(pollIntervalFor('https://h/r.git', options)).toBe(180_000);
  });

  test('a per-repository poll interval applies by longest prefix of the repoURL as written', () => {
    const options = compileGitSourcesOptions({
      dataDir: '/d',
      pollIntervalMs: 60_000,
      pollIntervals: [
        { prefix: 'https://github.com/', intervalMs: 300_000 },
        { prefix: 'https://github.com/acme/hot', intervalMs: 10_000 },
      ],
    });
    expect(pollIntervalFor('https://github.com/acme/hot.git', options)).toBe(10_000);
    expect(pollIntervalFor('https://github.com/acme/cold.git', options)).toBe(300_000);
    expect(pollIntervalFor('https://gitlab.com/x.git', options)).toBe(60_000);
  });

  test('a missing data dir, a too-short interval or a bad rewrite is CONFIG_INVALID', () => {
    expect(() => compileGitSourcesOptions({ dataDir: '' })).toThrow(/data dir/);
    expect(() => compileGitSourcesOptions({ dataDir: '/d', pollIntervalMs: 5 })).toThrow(/at least 100 ms/);
    expect(() =>
      compileGitSourcesOptions({ dataDir: '/d', pollIntervals: [{ prefix: 'https://x/', intervalMs: 0 }] }),
    ).toThrow(/https:\/\/x\//);
    expect(() => compileGitSourcesOptions({ dataDir: '/d', rewrites: ['nope'] })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
