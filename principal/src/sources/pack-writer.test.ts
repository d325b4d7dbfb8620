import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { PackReader } from './pack-reader.ts';
import { objectName, writePack, type ObjectToPack } from './pack-writer.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (gitdir: string, args: string[], input?: string | Buffer) =>
  execFileSync('git', [`--git-dir=${gitdir}`, ...args], { env, input, maxBuffer: 64 << 20, stdio: 'pipe' });

function bareRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-pack-writer-'));
  dirs.push(dir);
  const gitdir = join(dir, 'r.git');
  execFileSync('git', ['init', '--quiet', '--bare', gitdir], { env });
  return gitdir;
}

/** A repository with commits, trees, blobs (one empty, one of 70 KB) and an annotated tag, repacked with deltas. */
function sourceRepo(): string {
  const gitdir = bareRepo();
  let stream = '';
  for (let c = 0; c < 6; c++) {
    stream += `commit refs/heads/main\ncommitter T <t@t> ${1_700_000_000 + c} +0000\ndata 3\nc${c}\n`;
    const big = `${'x'.repeat(70_000)}${c}\n`;
    for (const [path, body] of [
      [`d/f${c % 3}.txt`, `file ${c}\n`.repeat(50)],
      ['empty', ''],
      ['big.bin', big],
    ] as const) {
      stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    stream += '\n';
  }
  stream += 'tag v1\nfrom refs/heads/main\ntagger T <t@t> 1700000100 +0000\ndata 4\nv1!\n\n';
  git(gitdir, ['fast-import', '--quiet'], stream);
  git(gitdir, ['repack', '-a', '-d', '-f', '-q']);
  return gitdir;
}

async function allObjects(gitdir: string): Promise<ObjectToPack[]> {
  const names = git(gitdir, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname)'])
    .toString()
    .trim()
    .split('\n');
  const reader = new PackReader(gitdir);
  return Promise.all(
    names.map(async (oid) => {
      const object = (await reader.read(oid))!;
      return { oid, type: object.type, data: object.data };
    }),
  );
}

describe('pack writer', () => {
  test('git reads the pack it writes, and indexes it into exactly the index it wrote', async () => {
    const objects = await allObjects(sourceRepo());
    expect(new Set(objects.map((o) => o.type))).toEqual(new Set(['commit', 'tree', 'blob', 'tag']));
    const written = writePack([...objects, objects[0]!]);
    expect(written.count).toBe(objects.length);

    const target = bareRepo();
    const packPath = join(target, 'objects', 'pack', `pack-${written.name}.pack`);
    writeFileSync(packPath, written.pack);
    writeFileSync(packPath.replace(/pack$/, 'idx'), written.idx);
    git(target, ['verify-pack', packPath.replace(/pack$/, 'idx')]);
    git(target, ['fsck', '--full', '--strict', '--no-dangling']);
    const batch = git(target, ['cat-file', '--batch'], `${objects.map((o) => o.oid).join('\n')}\n`);
    let at = 0;
    for (const object of objects) {
      const headerEnd = batch.indexOf(10, at);
      expect(batch.toString('latin1', at, headerEnd)).toBe(
        `${object.oid} ${object.type} ${object.data.length}`,
      );
      expect(batch.subarray(headerEnd + 1, headerEnd + 1 + object.data.length).equals(object.data)).toBe(
        true,
      );
      at = headerEnd + 1 + object.data.length + 1;
    }

    const reindexed = join(target, 'again.idx');
    git(target, ['index-pack', '-o', reindexed, packPath]);
    expect(readFileSync(reindexed).equals(written.idx)).toBe(true);
  });

  test('an object name is the SHA-1 of its type, size and content, as git computes it', () => {
    const gitdir = bareRepo();
    const data = Buffer.from('hello\n');
    const expected = git(gitdir, ['hash-object', '--stdin'], data).toString().trim();
    expect(objectName({ type: 'blob', data })).toBe(expected);
  });

  test('an empty list makes a valid empty pack', () => {
    const written = writePack([]);
    const target = bareRepo();
    const packPath = join(target, 'objects', 'pack', `pack-${written.name}.pack`);
    writeFileSync(packPath, written.pack);
    writeFileSync(packPath.replace(/pack$/, 'idx'), written.idx);
    expect(written.count).toBe(0);
    git(target, ['verify-pack', packPath.replace(/pack$/, 'idx')]);
  });
});
