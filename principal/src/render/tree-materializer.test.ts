import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitTree } from './fake-git-tree.ts';
import { TreeMaterializer } from './tree-materializer.ts';

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'outpost-materializer-test-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('tree materializer', () => {
  it('writes every file of the commit once and shares it', async () => {
    const m = await TreeMaterializer.create({ workDir });
    const tree = new FakeGitTree({ 'a/b/c.yaml': 'x: 1\n', 'd.txt': 'd' });
    const files = await tree.listFiles();
    const [one, two] = await Promise.all([m.acquire(tree, files), m.acquire(tree, files)]);
    expect(one?.dir).toBe(two?.dir);
    expect(tree.reads).toBe(2);
    expect(await readFile(join(one?.dir ?? '', 'a/b/c.yaml'), 'utf8')).toBe('x: 1\n');
    one?.release();
    two?.release();
    await m.close();
    expect(await exists(one?.dir ?? '')).toBe(false);
  });

  it('an evicted commit is deleted only after its last user releases it', async () => {
    const m = await TreeMaterializer.create({ workDir, maxTrees: 1 });
    const first = new FakeGitTree({ 'f.yaml': '1' }, 'r', '1'.repeat(40));
    const second = new FakeGitTree({ 'f.yaml': '2' }, 'r', '2'.repeat(40));
    const held = await m.acquire(first, ['f.yaml']);
    const other = await m.acquire(second, ['f.yaml']);
    expect(await exists(held.dir)).toBe(true);
    held.release();
    await new Promise((r) => setTimeout(r, 50));
    expect(await exists(held.dir)).toBe(false);
    expect(await exists(other.dir)).toBe(true);
    other.release();
    await m.close();
  });
});
