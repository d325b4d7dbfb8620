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

  it('atomic file – a write without flushes (durable: false) still replaces the whole file and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-atomic-'));
    dirs.push(dir);
    const path = join(dir, 'hint.json');
    await writeFileAtomic(path, 'one', { durable: false });
    await Promise.all(
      ['two', 'three'].map((v) => writeFileAtomic(path, v.repeat(10_000), { durable: false })),
    );
    expect(['two'.repeat(10_000), 'three'.repeat(10_000)]).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['hint.json']);
  });
});
