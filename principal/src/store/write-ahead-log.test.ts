import { statSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.ts';
import { WriteAheadLog, readLog } from './write-ahead-log.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'outpost-wal-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('write-ahead log', () => {
  it('write-ahead log – concurrent appends are all read back in order, binary values intact', async () => {
    const path = join(await tempDir(), 'wal.log');
    const wal = await WriteAheadLog.open(path, true);
    const values = Array.from({ length: 20 }, (_, i) => new Uint8Array([i, 10, 0, 255, i]));
    await Promise.all(
      values.map((value, i) =>
        wal.append({ op: 'p', bucket: 'blobs', key: `k${i}`, revision: i + 1, value }),
      ),
    );
    await wal.close();
    const got = await readLog(path);
    expect(got.map((r) => r.key)).toEqual(values.map((_, i) => `k${i}`));
    expect(got[7]!.value).toEqual(values[7]);
  });

  it('write-ahead log – a burst of appends in one turn is written and fsynced as one group', async () => {
    const path = join(await tempDir(), 'wal-1.log');
    const wal = await WriteAheadLog.open(path, true);
    const records = Array.from({ length: 100 }, (_, i) => ({
      op: 'p' as const,
      bucket: 'assignments',
      key: `c${i}`,
      revision: 1,
      value: enc.encode(`v${i}`),
    }));
    const sizes: number[] = [];
    await Promise.all(records.map((r) => wal.append(r).then(() => sizes.push(statSync(path).size))));
    const total = statSync(path).size;
    expect(sizes).toEqual(records.map(() => total));
    expect(await readLog(path)).toHaveLength(100);
    await wal.close();
  });

  it('write-ahead log – a torn or corrupted tail ends the replay at the last intact record', async () => {
    const path = join(await tempDir(), 'wal.log');
    const wal = await WriteAheadLog.open(path, false);
    await wal.append({ op: 'p', bucket: 'hub', key: 'a', revision: 1, value: enc.encode('one') });
    await wal.append({ op: 'd', bucket: 'hub', key: 'b', revision: 0, value: new Uint8Array() });
    await wal.close();
    await appendFile(path, 'W1 p hub c 1 100 0123456789abcdef0123456789abcdef\npartial');
    expect((await readLog(path)).map((r) => `${r.op}:${r.key}`)).toEqual(['p:a', 'd:b']);
    await writeFile(path, (await readFile(path)).toString('latin1').replace('one', 'two'), 'latin1');
    expect(await readLog(path)).toEqual([]);
  });

  it('file store – changes not yet checkpointed are replayed from the log after a crash', async () => {
    const dir = await tempDir();
    const a = await FileStore.open({ dir });
    await a.put('assignments', 'edge-1', enc.encode('generation 1'));
    await a.put('assignments', 'edge-1', enc.encode('generation 2'));
    await a.put('assignments', 'edge-2', enc.encode('other'));
    await a.delete('assignments', 'edge-2');
    expect(await a.keys('assignments')).toEqual(['edge-1']);
    // a crash: no close, no checkpoint; the key files were never written
    await expect(stat(join(dir, 'assignments', 'edge-1'))).rejects.toThrow(/ENOENT/);
    const b = await FileStore.open({ dir });
    const e = await b.get('assignments', 'edge-1');
    expect(e && [dec.decode(e.value), e.revision]).toEqual(['generation 2', 2]);
    expect(await b.keys('assignments')).toEqual(['edge-1']);
    await b.close();
  });

  it('file store – a checkpoint writes key files and drops the old log, while writes go on', async () => {
    const dir = await tempDir();
    const s = await FileStore.open({ dir, checkpointBytes: 1_000_000 });
    for (let i = 0; i < 10; i++) await s.put('blobs', `b${i}`, enc.encode('x'.repeat(100)));
    const during = s.put('blobs', 'late', enc.encode('late'));
    await Promise.all([s.checkpoint(), during]);
    expect((await stat(join(dir, 'blobs', 'b3'))).size).toBeGreaterThan(100);
    const logs = (await readdir(dir)).filter((n) => n.startsWith('wal-'));
    expect(logs).toHaveLength(1);
    expect(await s.keys('blobs')).toHaveLength(11);
    await s.close();
    expect((await readdir(dir)).filter((n) => n.startsWith('wal-'))).toEqual([]);
    const again = await FileStore.open({ dir });
    expect(dec.decode((await again.get('blobs', 'late'))!.value)).toBe('late');
    await again.close();
  });
});
