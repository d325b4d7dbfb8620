import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createCacheFs } from './cache-fs.ts';
import { PackCompactor } from './pack-compaction.ts';
import { PackReader, type PackedObject } from './pack-reader.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (gitdir: string, args: string[], input?: string, stdinFile?: string) =>
  execFileSync('git', [`--git-dir=${gitdir}`, ...args], {
    env,
    input: stdinFile ? readFileSync(stdinFile) : input,
    maxBuffer: 64 << 20,
    stdio: 'pipe',
  });

const packDir = (gitdir: string) => join(gitdir, 'objects', 'pack');
const files = (gitdir: string, ext: string) => readdirSync(packDir(gitdir)).filter((n) => n.endsWith(ext));

/**
 * A bare repository with one big pack (a first clone: 40 files, repacked) and then `small`
 * packs of one commit each, as fetches leave them (fast-import writes one pack per run).
 */
function repoWithPacks(small: number): { gitdir: string; basePackBytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-compact-'));
  dirs.push(dir);
  const gitdir = join(dir, 'r.git');
  execFileSync('git', ['init', '--quiet', '--bare', gitdir], { env });
  const commit = (n: number, paths: string[]) => {
    let s = `commit refs/heads/main\ncommitter T <t@t> ${1_700_000_000 + n} +0000\ndata 3\nc${n}\n`;
    if (n > 0) s += `from refs/heads/main^0\n`;
    for (const p of paths) {
      const body = `${p} at ${n}\n${'padding line\n'.repeat(n === 0 ? 400 : 20)}`;
      s += `M 100644 inline ${p}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    return `${s}\n`;
  };
  git(
    gitdir,
    ['fast-import', '--quiet'],
    commit(
      0,
      Array.from({ length: 40 }, (_, i) => `apps/f${i}.yaml`),
    ),
  );
  git(gitdir, ['repack', '-a', '-d', '-q']);
  const basePackBytes = statSync(join(packDir(gitdir), files(gitdir, '.pack')[0]!)).size;
  for (let n = 1; n <= small; n++)
    git(gitdir, ['-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet'], commit(n, [`apps/f${n % 40}.yaml`]));
  return { gitdir, basePackBytes };
}

/** Every object as git shows it: name → [type, content]. */
function gitObjects(gitdir: string): Map<string, PackedObject> {
  const names = git(gitdir, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)'])
    .toString()
    .trim()
    .split('\n');
  const out = new Map<string, PackedObject>();
  for (const oid of names) {
    const type = git(gitdir, ['cat-file', '-t', oid]).toString().trim() as PackedObject['type'];
    out.set(oid, { type, data: git(gitdir, ['cat-file', type, oid]) });
  }
  return out;
}

async function expectReadsAsGit(reader: PackReader, expected: Map<string, PackedObject>): Promise<void> {
  for (const [oid, object] of expected) {
    const read = await reader.read(oid);
    expect(read?.type, oid).toBe(object.type);
    expect(read?.data.equals(object.data), oid).toBe(true);
  }
}

/** Objects an index lists, by `git show-index`. */
const indexed = (gitdir: string, idx: string): number =>
  git(gitdir, ['show-index'], undefined, join(packDir(gitdir), idx))
    .toString()
    .trim()
    .split('\n').length;

describe('pack compaction', () => {
  test('more packs than the limit: the small ones become one pack, the big one stays, every object reads as before', async () => {
    const { gitdir, basePackBytes } = repoWithPacks(7);
    const before = gitObjects(gitdir);
    const [baseIdx] = files(gitdir, '.idx').filter(
      (n) => statSync(join(packDir(gitdir), n.replace(/idx$/, 'pack'))).size === basePackBytes,
    );
    expect(files(gitdir, '.idx')).toHaveLength(8);
    const compactor = new PackCompactor(gitdir, createCacheFs(gitdir), {
      maxPacks: 3,
      smallPackBytes: basePackBytes,
    });
    const reader = new PackReader(gitdir);
    await expectReadsAsGit(reader, before);

    const result = await compactor.check(reader);
    expect(result).toMatchObject({ merged: 7, objects: before.size - indexed(gitdir, baseIdx!) });
    const idx = files(gitdir, '.idx');
    expect(idx).toHaveLength(2);
    expect(idx).toContain(baseIdx);
    // the merged packs' files stay until the next check, for readers that listed them just before
    expect(files(gitdir, '.pack')).toHaveLength(9);
    await expectReadsAsGit(reader, before);
    await expectReadsAsGit(new PackReader(gitdir), before);
    expect(gitObjects(gitdir)).toEqual(before);
    git(gitdir, ['fsck', '--full', '--strict', '--no-dangling']);

    expect(await compactor.check(reader)).toBeUndefined();
    expect(files(gitdir, '.pack')).toHaveLength(2);
    await expectReadsAsGit(reader, before);
  });

  test('at or under the limit nothing is merged or removed', async () => {
    const { gitdir } = repoWithPacks(3);
    const listing = readdirSync(packDir(gitdir)).sort();
    const compactor = new PackCompactor(gitdir, createCacheFs(gitdir), { maxPacks: 4 });
    expect(await compactor.check(new PackReader(gitdir))).toBeUndefined();
    expect(readdirSync(packDir(gitdir)).sort()).toEqual(listing);
  });

  test('a reader that listed the packs before they were merged and removed finds its objects in the merged pack', async () => {
    const { gitdir, basePackBytes } = repoWithPacks(6);
    const before = gitObjects(gitdir);
    const early = new PackReader(gitdir);
    const [anyOid] = before.keys();
    await early.read(anyOid!); // lists the packs; most pack files are not read yet
    const compactor = new PackCompactor(gitdir, createCacheFs(gitdir), {
      maxPacks: 2,
      smallPackBytes: basePackBytes,
    });
    await compactor.check(new PackReader(gitdir));
    await compactor.check(new PackReader(gitdir)); // removes the merged pack files
    expect(files(gitdir, '.pack')).toHaveLength(2);
    await expectReadsAsGit(early, before);
  });

  test('an object that does not read back as its name stops the compaction and leaves every pack in place', async () => {
    const { gitdir, basePackBytes } = repoWithPacks(4);
    const listing = readdirSync(packDir(gitdir)).sort();
    const real = new PackReader(gitdir);
    const corrupt = Object.assign(Object.create(real) as PackReader, {
      read: async (oid: string) => {
        const object = await real.read(oid);
        return object?.type === 'blob' ? { ...object, data: Buffer.from('tampered') } : object;
      },
    });
    const compactor = new PackCompactor(gitdir, createCacheFs(gitdir), {
      maxPacks: 2,
      smallPackBytes: basePackBytes,
    });
    await expect(compactor.check(corrupt)).rejects.toThrow(/reads back as/);
    expect(readdirSync(packDir(gitdir)).sort()).toEqual(listing);
  });

  test('files an interrupted compaction left (a temporary file, a pack without its index) are removed', async () => {
    const { gitdir } = repoWithPacks(2);
    const listing = readdirSync(packDir(gitdir)).sort();
    writeFileSync(join(packDir(gitdir), 'tmp-compact-abc.pack'), 'partial');
    writeFileSync(join(packDir(gitdir), `pack-${'e'.repeat(40)}.pack`), 'orphan');
    const compactor = new PackCompactor(gitdir, createCacheFs(gitdir), { maxPacks: 10 });
    expect(await compactor.check(new PackReader(gitdir))).toBeUndefined();
    expect(readdirSync(packDir(gitdir)).sort()).toEqual(listing);
  });
});
