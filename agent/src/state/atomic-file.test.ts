import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStrayTempFile, writeFileAtomic } from './atomic-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('atomic file – creates a missing directory, replaces content (mode 0600) and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-atomic-'));
    dirs.push(dir);
    const path = join(dir, 'a', 'b', 'state.json');
    await writeFileAtomic(path, 'one');
    await Promise.all([writeFileAtomic(path, 'two'), writeFileAtomic(join(dir, 'a', 'b', 'other'), 'x')]);
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['other', 'state.json']);
  });

  it('atomic file – a failed write removes its temp file and keeps the old content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-atomic-'));
    dirs.push(dir);
    const path = join(dir, 'state.json');
    await writeFileAtomic(path, 'one');
    await expect(writeFileAtomic(path, 1 as unknown as string)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('one');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('atomic file – its temp files are recognised as strays of their target only', () => {
    expect(isStrayTempFile('.state.journal.12-ab12cd34-3.tmp', 'state.journal')).toBe(true);
    expect(isStrayTempFile('state.journal', 'state.journal')).toBe(false);
    expect(isStrayTempFile('.other.12-ab-1.tmp', 'state.journal')).toBe(false);
  });
});
