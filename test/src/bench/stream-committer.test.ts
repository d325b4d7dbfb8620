import { describe, expect, it } from 'vitest';
import { createGitRepo, gitText, tempDir } from '../fixtures/index.ts';
import { fastImportCommit, StreamCommitter } from './stream-committer.ts';

describe('stream committer', () => {
  it('fastImportCommit – the first commit of the stream continues from the branch tip', () => {
    const t = fastImportCommit('refs/heads/main', { 'a/b.yaml': 'x: 1\n' }, 'msg', 100, 'refs/heads/main^0');
    expect(t).toBe(
      'commit refs/heads/main\nauthor Outpost Bench <bench@outpost.invalid> 100 +0000\n' +
        'committer Outpost Bench <bench@outpost.invalid> 100 +0000\ndata 3\nmsg\n' +
        'from refs/heads/main^0\nM 100644 inline a/b.yaml\ndata 5\nx: 1\n\n\n',
    );
  });

  it('each acknowledged commit is on the branch of the bare repository, in order', async () => {
    const dir = await tempDir({ prefix: 'outpost-committer-' });
    const repo = await createGitRepo(`${dir}/repo.git`, { 'f.txt': 'v0\n' });
    const c = new StreamCommitter(repo.path);
    try {
      await c.commit({ 'f.txt': 'v1\n' }, 'one');
      expect(await gitText(['show', 'main:f.txt'], { gitDir: repo.path })).toBe('v1');
      await c.commit({ 'f.txt': 'v2\n' }, 'two');
      expect(await gitText(['show', 'main:f.txt'], { gitDir: repo.path })).toBe('v2');
      expect((await gitText(['log', '--format=%s', 'main'], { gitDir: repo.path })).split('\n')).toEqual([
        'two',
        'one',
        'initial commit',
      ]);
    } finally {
      await c.close();
    }
  });
});
