import { describe, expect, it } from 'vitest';
import { memoryGitSource } from './memory-ports.ts';

describe('memoryGitSource', () => {
  it('names equal content under a path with equal tree ids, other content and missing paths differently', async () => {
    const git = memoryGitSource({
      one: { 'apps/a/x.yaml': 'a', 'apps/b/x.yaml': 'b' },
      two: { 'apps/a/x.yaml': 'a', 'apps/b/x.yaml': 'changed' },
    });
    const one = await git.resolve('one', 'HEAD');
    const two = await git.resolve('two', 'HEAD');
    expect(await one.treeId?.('apps/a')).toBe(await two.treeId?.('./apps/a/'));
    expect(await one.treeId?.('apps/b')).not.toBe(await two.treeId?.('apps/b'));
    expect(await one.treeId?.('')).not.toBe(await two.treeId?.(''));
    expect(await one.treeId?.('apps/missing')).toBeUndefined();
  });
});
