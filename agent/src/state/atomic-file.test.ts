import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('atomic file – creates a missing directory, replaces content and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-atomic-'));
    dirs.push(dir);
    const path = join(dir, 'a', 'b', 'state.json');
    await writeFileAtomic(path, 'one');
    await Promise.all([
      writeFileAtomic(path, 'two'),
      writeFileAtomic(join(dir, 'a', 'b', 'other'), 'x', { syncDir: false }),
    ]);
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['other', 'state.json']);
  });
});
