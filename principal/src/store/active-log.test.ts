import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActiveLog } from './active-log.ts';
import { DataDir } from './data-dir.ts';
import { readLog, type LogRecord } from './write-ahead-log.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function record(key: string): LogRecord {
  return { op: 'p', bucket: 'hub', key, revision: 1, value: new TextEncoder().encode(key) };
}

describe('active log', () => {
  it('active log – a swap hands over every change appended before it and sends later ones to the new log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-active-log-'));
    dirs.push(dir);
    const dataDir = new DataDir(dir);
    const log = await ActiveLog.open(dataDir, 7, true);
    const remembered: string[] = [];
    let handed: string[] = [];
    const before = ['a', 'b', 'c'].map((k) => log.append(record(k), () => remembered.push(k)));
    const swapped = log.swap(() => (handed = remembered.splice(0)));
    const after = log.append(record('d'), () => remembered.push('d'));
    const retired = await swapped;
    await Promise.all([...before, after]);
    expect(handed).toEqual(['a', 'b', 'c']);
    expect(remembered).toEqual(['d']);
    expect(retired.seq).toBe(7);
    expect(log.seq).toBe(8);
    await retired.wal.close();
    await log.close();
    expect((await readLog(dataDir.logPath(7))).map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect((await readLog(dataDir.logPath(8))).map((r) => r.key)).toEqual(['d']);
  });
});
