import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFields, type Logger } from '@outpost/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.ts';
import { StoreConflictError, getJson, putJson, type StoreBucket } from './store.ts';
import { encodeRecord } from './write-ahead-log.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'outpost-store-'));
  dirs.push(d);
  return d;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('file store', () => {
  it('file store – a value written is read back with revision 1, then 2 after an overwrite', async () => {
    const store = await FileStore.open({ dir: await tempDir() });
    expect(await store.put('blobs', 'sha256-abc', enc.encode('one'))).toBe(1);
    expect(await store.put('blobs', 'sha256-abc', enc.encode('two'))).toBe(2);
    const e = await store.get('blobs', 'sha256-abc');
    expect(e && dec.decode(e.value)).toBe('two');
    expect(e?.revision).toBe(2);
    expect(await store.get('blobs', 'missing')).toBeUndefined();
    await store.close();
  });

  it('file store – expectRevision guards a compare-and-set and 0 means the key must not exist', async () => {
    const store = await FileStore.open({ dir: await tempDir() });
    await store.put('clusters', 'a', enc.encode('x'), { expectRevision: 0 });
    await expect(store.put('clusters', 'a', enc.encode('y'), { expectRevision: 0 })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect(await store.put('clusters', 'a', enc.encode('y'), { expectRevision: 1 })).toBe(2);
    await store.close();
  });

  it('file store – concurrent puts of one key all land with distinct revisions', async () => {
    const store = await FileStore.open({ dir: await tempDir() });
    const revs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.put('hub', 'k', enc.encode(String(i)))),
    );
    expect([...revs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(dec.decode((await store.get('hub', 'k'))!.value)).toBe('9');
    await store.close();
  });

  it('file store – keys with slashes list sorted and filter by prefix; delete removes them', async () => {
    const store = await FileStore.open({ dir: await tempDir() });
    await putJson(store, 'status', 'edge-2/web', { a: 1 });
    await putJson(store, 'status', 'edge-1/web', { a: 2 });
    await putJson(store, 'status', 'edge-1/api', { a: 3 });
    expect(await store.keys('status')).toEqual(['edge-1/api', 'edge-1/web', 'edge-2/web']);
    expect(await store.keys('status', 'edge-1/')).toEqual(['edge-1/api', 'edge-1/web']);
    await store.delete('status', 'edge-1/api');
    await store.delete('status', 'never-existed');
    expect(await store.keys('status', 'edge-1/')).toEqual(['edge-1/web']);
    expect((await getJson<{ a: number }>(store, 'status', 'edge-2/web'))?.value.a).toBe(1);
    await store.close();
  });

  it('file store – an invalid key is rejected before touching the disk', async () => {
    const store = await FileStore.open({ dir: await tempDir() });
    await expect(store.put('hub', '../escape', enc.encode('x'))).rejects.toThrow(/invalid key/);
    await expect(store.get('hub', 'a b')).rejects.toThrow(/invalid key/);
    await expect(store.keys('nope' as StoreBucket)).rejects.toThrow(/unknown bucket nope/);
    await store.close();
  });

  it('file store – a data dir that cannot be created fails the open with STORE_FAILED naming it', async () => {
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, 'x');
    await expect(FileStore.open({ dir: file })).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: `cannot open data dir ${file}`,
    });
  });

  it('file store – a log record naming an unknown bucket fails the open and the log is kept', async () => {
    const dir = await tempDir();
    const value = enc.encode('v');
    await writeFile(
      join(dir, 'wal-1.log'),
      encodeRecord({ op: 'p', bucket: 'nope', key: 'x', revision: 1, value }),
    );
    const opening = FileStore.open({ dir });
    await expect(opening).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: `cannot open data dir ${dir}`,
    });
    await expect(opening).rejects.toSatisfy((e: Error) => /unknown bucket nope/.test(String(e.cause)));
    expect((await readdir(dir)).filter((n) => n.startsWith('wal-'))).toEqual(['wal-1.log']);
  });

  it('file store – a key file that cannot be read is reported with its path', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir });
    await mkdir(join(dir, 'blobs', 'x'));
    await expect(s.get('blobs', 'x')).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: `cannot read ${join(dir, 'blobs', 'x')}`,
    });
    await rm(join(dir, 'blobs', 'x'), { recursive: true });
    await s.close();
  });

  it('file store – a closed store refuses every call, and closing again does nothing', async () => {
    const s = await FileStore.open({ dir: await tempDir() });
    await s.close();
    await s.close();
    await expect(s.get('hub', 'a')).rejects.toThrow(/used after close/);
    await expect(s.put('hub', 'a', enc.encode('x'))).rejects.toThrow(/used after close/);
    await expect(s.ping()).rejects.toThrow(/used after close/);
  });

  it('file store – a quiet store writes its key files at the checkpoint interval', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir, checkpointIntervalMs: 20 });
    await s.put('assignments', 'edge-1', enc.encode('g1'));
    let files: string[] = [];
    for (let i = 0; i < 200 && files.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      files = await readdir(join(dir, 'assignments'));
    }
    expect(files).toEqual(['edge-1']);
    await s.close();
  });

  it('file store – a checkpoint removes the key file of a deleted key', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir, checkpointIntervalMs: 3_600_000 });
    await s.put('status', 'edge-1/web', enc.encode('x'));
    await s.checkpoint();
    expect(await readdir(join(dir, 'status'))).toEqual(['edge-1~web']);
    await s.delete('status', 'edge-1/web');
    expect(await s.keys('status')).toEqual([]);
    await s.checkpoint();
    expect(await readdir(join(dir, 'status'))).toEqual([]);
    expect(await s.get('status', 'edge-1/web')).toBeUndefined();
    await s.close();
  });

  it('file store – a reopened store has every value and revision', async () => {
    const dir = await tempDir();
    const a = await FileStore.open({ dir });
    await a.put('assignments', 'edge-1', enc.encode('g1'));
    await a.put('assignments', 'edge-1', enc.encode('g2'));
    await a.close();
    const b = await FileStore.open({ dir });
    expect(await b.get('assignments', 'edge-1')).toMatchObject({ revision: 2 });
    expect(await b.put('assignments', 'edge-1', enc.encode('g3'))).toBe(3);
    await b.close();
  });

  it('file store – a store opened after a crash replays the logs into one fresh log, and a second crash before any checkpoint loses nothing', async () => {
    const dir = await tempDir();
    const logs = async () => (await readdir(dir)).filter((n) => n.startsWith('wal-')).sort();
    const crashed = await FileStore.open({ dir, checkpointIntervalMs: 3_600_000 });
    await crashed.put('assignments', 'x', enc.encode('x1'));
    await crashed.put('assignments', 'x', enc.encode('x2'));
    await crashed.put('assignments', 'y', enc.encode('y1'));
    await crashed.delete('assignments', 'y');
    await crashed.put('blobs', 'z', enc.encode('z1'));
    expect(await logs()).toEqual(['wal-1.log']);
    const again = await FileStore.open({ dir, checkpointIntervalMs: 3_600_000 });
    expect(await logs()).toEqual(['wal-2.log']);
    expect(await readdir(join(dir, 'assignments'))).toEqual([]);
    expect(await again.get('assignments', 'x')).toMatchObject({ revision: 2, value: enc.encode('x2') });
    expect(await again.get('assignments', 'y')).toBeUndefined();
    expect(await again.keys('assignments')).toEqual(['x']);
    const reopened = await FileStore.open({ dir });
    expect(await reopened.get('assignments', 'x')).toMatchObject({ revision: 2, value: enc.encode('x2') });
    expect(await reopened.get('blobs', 'z')).toMatchObject({ revision: 1, value: enc.encode('z1') });
    expect(await reopened.put('assignments', 'x', enc.encode('x3'))).toBe(3);
    expect(await reopened.put('assignments', 'y', enc.encode('y2'), { expectRevision: 0 })).toBe(1);
    await reopened.close();
    expect(await logs()).toEqual([]);
    const closed = await FileStore.open({ dir });
    expect(await closed.get('assignments', 'x')).toMatchObject({ revision: 3, value: enc.encode('x3') });
    expect(await closed.keys('assignments')).toEqual(['x', 'y']);
    await closed.close();
  });

  it('file store – rewriting the same keys grows the log but checkpoints only when the log passes its limit; new keys checkpoint by their bytes', async () => {
    const dir = await tempDir();
    const logs = async () => (await readdir(dir)).filter((n) => n.startsWith('wal-')).sort();
    const settled = async (want: string[]) => {
      for (let i = 0; i < 200 && JSON.stringify(await logs()) !== JSON.stringify(want); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return logs();
    };
    const s = await FileStore.open({
      dir,
      checkpointBytes: 4096,
      maxLogBytes: 64 * 1024,
      checkpointIntervalMs: 3_600_000,
    });
    const value = enc.encode('v'.repeat(500));
    const rewrite = (rounds: number) =>
      Array.from({ length: rounds }).reduce<Promise<unknown>>(
        (p) => p.then(() => Promise.all(['a', 'b', 'c'].map((k) => s.put('assignments', k, value)))),
        Promise.resolve(),
      );
    await rewrite(20);
    expect(await logs()).toEqual(['wal-1.log']);
    expect(await readdir(join(dir, 'assignments'))).toEqual([]);
    await rewrite(30);
    expect(await settled(['wal-2.log'])).toEqual(['wal-2.log']);
    expect((await readdir(join(dir, 'assignments'))).sort()).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < 12; i++) await s.put('assignments', `new-${i}`, value);
    expect(await settled(['wal-3.log'])).toEqual(['wal-3.log']);
    await s.close();
  });

  it('file store – a checkpoint that cannot write a key file keeps the change readable and writes it at the next checkpoint', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir, checkpointIntervalMs: 3_600_000 });
    await s.put('assignments', 'x', enc.encode('x1'));
    await s.put('assignments', 'y', enc.encode('y1'));
    await mkdir(join(dir, 'assignments', 'x', 'blocker'), { recursive: true });
    await expect(s.checkpoint()).rejects.toThrow();
    expect(await s.get('assignments', 'x')).toMatchObject({ revision: 1, value: enc.encode('x1') });
    await s.put('assignments', 'y', enc.encode('y2'));
    expect(await s.get('assignments', 'y')).toMatchObject({ revision: 2, value: enc.encode('y2') });
    await rm(join(dir, 'assignments', 'x'), { recursive: true });
    await s.checkpoint();
    await s.close();
    const again = await FileStore.open({ dir });
    expect(await again.get('assignments', 'x')).toMatchObject({ revision: 1, value: enc.encode('x1') });
    expect(await again.get('assignments', 'y')).toMatchObject({ revision: 2, value: enc.encode('y2') });
    expect((await readdir(dir)).filter((n) => n.startsWith('wal-'))).toHaveLength(1);
    await again.close();
  });

  it('file store – a corrupted file is reported with its path, not returned', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir });
    await s.put('blobs', 'x', enc.encode('good'));
    await s.checkpoint();
    await writeFile(join(dir, 'blobs', 'x'), 'outpost-store 1 1 ' + '0'.repeat(64) + '\ngood');
    await expect(s.get('blobs', 'x')).rejects.toThrow(/blobs\/x is corrupt/);
    await s.close();
  });

  it('file store – a writer killed with SIGKILL mid-writes loses no acknowledged put', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, [join(import.meta.dirname, 'crash-writer.helper.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = -1;
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}`)),
      );
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const l of lines) acked = Number(l.split(' ')[1]);
        if (acked >= 120 && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(acked).toBeGreaterThanOrEqual(120);
    const store = await FileStore.open({ dir });
    for (let i = 0; i <= acked; i++) {
      const e = await store.get('assignments', `k${i}`);
      expect(e && dec.decode(e.value)).toBe(`value-${i}`.repeat(50));
    }
    const hot = await store.get('hub', 'hot');
    expect(Number(dec.decode(hot!.value).slice(4))).toBeGreaterThanOrEqual(acked);
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
    await store.close();
  });
});

describe('file store logging', () => {
  it('file store logging – a checkpoint the byte limit starts that cannot write a key file is logged at warn by the store’s logger, naming the data dir; the next that succeeds says so', async () => {
    const dir = await tempDir();
    const lines: { level: string; bindings: object; fields: Record<string, unknown>; msg: string }[] = [];
    const loggerWith = (bindings: object): Logger => {
      const line = (level: string) => (fields: object, msg?: string) =>
        lines.push({ level, bindings, fields: fields as Record<string, unknown>, msg: msg ?? '' });
      return {
        warn: line('warn'),
        info: line('info'),
        child: (more: object) => loggerWith({ ...bindings, ...more }),
      } as unknown as Logger;
    };
    const s = await FileStore.open({
      dir,
      checkpointBytes: 10,
      checkpointIntervalMs: 3_600_000,
      logger: loggerWith({}),
    });
    await s.put('assignments', 'x', enc.encode('x1'));
    await mkdir(join(dir, 'assignments', 'x', 'blocker'), { recursive: true });
    await s.put('assignments', 'x', enc.encode('more than ten bytes'));
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 1));
    expect(lines[0]).toMatchObject({
      level: 'warn',
      bindings: { [LogFields.component]: 'store' },
      fields: { dataDir: dir, suppressed: 0 },
    });
    expect(String(lines[0]!.fields[LogFields.err])).toContain(join(dir, 'assignments', 'x'));
    expect(await s.get('assignments', 'x')).toMatchObject({ revision: 2 });

    await rm(join(dir, 'assignments', 'x'), { recursive: true });
    await s.put('assignments', 'y', enc.encode('more than ten bytes'));
    while (lines.length === 1) await new Promise((r) => setTimeout(r, 1));
    expect(lines[1]).toMatchObject({
      level: 'info',
      msg: 'checkpoints succeed again',
      fields: { dataDir: dir },
    });
    await s.close();
  });
});
