import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseTree } from './iso-git-tree.ts';
import { applyDelta, PackReader } from './pack-reader.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (gitdir: string, args: string[], input?: string) =>
  execFileSync('git', [`--git-dir=${gitdir}`, ...args], { env, input, maxBuffer: 64 << 20 });

/** A bare repository with many similar versions of the same files, repacked aggressively so most objects are deltas. */
let shared: string | undefined;
function deltaHeavyRepo(): string {
  shared ??= makeDeltaHeavyRepo();
  return shared;
}

function makeDeltaHeavyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-pack-'));
  dirs.push(dir);
  const gitdir = join(dir, 'r.git');
  execFileSync('git', ['init', '--quiet', '--bare', gitdir], { env });
  let stream = '';
  for (let c = 0; c < 15; c++) {
    const msg = `commit ${c}`;
    stream += `commit refs/heads/main\ncommitter T <t@t> ${1_700_000_000 + c} +0000\ndata ${msg.length}\n${msg}\n`;
    for (let f = 0; f < 8; f++) {
      const lines = Array.from(
        { length: 200 },
        (_, l) => `line ${l} of file ${f}${l === c * 3 ? ` changed in ${c}` : ''}`,
      );
      const body = `${lines.join('\n')}\n`;
      stream += `M 100644 inline "dir${f % 3}/file ${f}.txt"\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    stream += '\n';
  }
  git(gitdir, ['fast-import', '--quiet'], stream);
  git(gitdir, ['repack', '-a', '-d', '-f', '-q', '--depth=50', '--window=20']);
  return gitdir;
}

describe('pack reader', () => {
  test.each([
    ['read whole into memory', {}],
    ['read object by object at their offsets (a big pack)', { wholePackBytes: 0 }],
  ])('every object of a delta-heavy pack, %s, reads exactly as git cat-file shows it', async (_, options) => {
    const gitdir = deltaHeavyRepo();
    const listing = git(gitdir, ['cat-file', '--batch-all-objects', '--batch-check'])
      .toString()
      .trim()
      .split('\n');
    const packDir = join(gitdir, 'objects/pack');
    const idx = readdirSync(packDir).filter((n) => n.endsWith('.idx'));
    const deltas = git(gitdir, ['verify-pack', '-v', ...idx.map((n) => join(packDir, n))])
      .toString()
      .split('\n')
      .filter((l) => / \d+ [0-9a-f]{40}$/.test(l)).length;
    expect(deltas).toBeGreaterThan(20);
    const reader = new PackReader(gitdir, options);
    for (const line of listing) {
      const [oid, type] = line.split(' ') as [string, string];
      const object = await reader.read(oid);
      expect(object?.type).toBe(type);
      expect(object?.data.equals(git(gitdir, ['cat-file', type, oid]))).toBe(true);
    }
    expect(await reader.read('0'.repeat(40))).toBeUndefined();
  });

  test('a tree object parses into entries with normalised modes and types', async () => {
    const gitdir = deltaHeavyRepo();
    const reader = new PackReader(gitdir);
    const root = git(gitdir, ['rev-parse', 'main^{tree}']).toString().trim();
    const tree = parseTree((await reader.read(root))!.data);
    expect(tree.map((e) => [e.path, e.mode, e.type])).toEqual([
      ['dir0', '040000', 'tree'],
      ['dir1', '040000', 'tree'],
      ['dir2', '040000', 'tree'],
    ]);
    const dir0 = parseTree((await reader.read(tree[0]!.oid))!.data);
    expect(dir0.map((e) => e.path)).toEqual(['file 0.txt', 'file 3.txt', 'file 6.txt']);
    expect(dir0[0]).toMatchObject({ mode: '100644', type: 'blob' });
  });

  test('a delta that does not fit its base is refused', () => {
    const base = Buffer.from('hello');
    // source size 4 (wrong), target size 5, insert "hello"
    expect(() => applyDelta(base, Buffer.from([4, 5, 5, ...Buffer.from('hello')]))).toThrow(/base size/);
    // copy 10 bytes from offset 0 of a 5-byte base
    expect(() => applyDelta(base, Buffer.from([5, 10, 0x91, 0, 10]))).toThrow(/beyond the base/);
    expect(applyDelta(base, Buffer.from([5, 7, 0x90, 5, 2, ...Buffer.from('!!')])).toString()).toBe(
      'hello!!',
    );
  });
});
