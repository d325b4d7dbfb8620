import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { LogFields } from '@outpost/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ActiveLog } from './active-log.ts';
import { CheckpointFailureLog, StoreLogFields, type CheckpointOutcomes } from './checkpoint-failure-log.ts';
import {
  Checkpointer,
  URGENT_WRITERS,
  writeKeyFiles,
  type CheckpointPolicy,
  type WriteChange,
} from './checkpointer.ts';
import { DataDir } from './data-dir.ts';
import { RememberedChanges, type Change } from './remembered-changes.ts';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function change(key: string, bytes = 100): Change {
  return { bucket: 'assignments', key, entry: { value: new Uint8Array(bytes), revision: 1 } };
}

function changes(count: number, prefix = 'k'): Change[] {
  return Array.from({ length: count }, (_, i) => change(`${prefix}${i}`));
}

/**
 * A disk that holds every key-file write until the test lets the writes under way finish
 * (one "round"): counts the writes in flight at once, and the rounds a checkpoint took.
 */
class SlowDisk {
  inFlight = 0;
  most = 0;
  rounds = 0;
  readonly written: string[] = [];
  private held: (() => void)[] = [];

  readonly write = async (c: Change): Promise<void> => {
    this.inFlight++;
    this.most = Math.max(this.most, this.inFlight);
    await new Promise<void>((resolve) => this.held.push(resolve));
    this.inFlight--;
    this.written.push(c.key);
  };

  /** Lets the writes under way finish, then gives the writers a turn to start the next ones. */
  async round(): Promise<void> {
    const held = this.held.splice(0);
    if (held.length > 0) this.rounds++;
    for (const finish of held) finish();
    await nextTurn();
  }

  /** Runs rounds until `work` settles. */
  async drive(work: Promise<void>): Promise<void> {
    let done = false;
    const settled = work.finally(() => (done = true));
    while (!done) await this.round();
    await settled;
  }
}

async function openCheckpointer(
  policy: Partial<CheckpointPolicy>,
  disk: { write: WriteChange },
  outcomes?: (dir: string) => CheckpointOutcomes,
) {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-checkpoint-'));
  dirs.push(dir);
  const dataDir = new DataDir(dir);
  await dataDir.prepare();
  const log = await ActiveLog.open(dataDir, 1, false);
  const memory = new RememberedChanges();
  const checkpointer = new Checkpointer(
    dataDir,
    log,
    memory,
    {
      fsync: false,
      checkpointBytes: 1000,
      maxLogBytes: 1024 * 1024,
      intervalMs: 3_600_000,
      concurrency: 2,
      ...policy,
    },
    { write: disk.write, ...(outcomes ? { outcomes: outcomes(dir) } : {}) },
  );
  cleanups.push(async () => {
    checkpointer.stop();
    await log.close();
  });
  /** A put as the store makes it: appended to the current log, then remembered. */
  const put = (c: Change) =>
    log.append({ op: 'p', bucket: c.bucket, key: c.key, revision: 1, value: c.entry!.value }, () =>
      memory.remember(c),
    );
  return { dir, log, memory, checkpointer, put };
}

describe('checkpoint key-file writers', () => {
  it('checkpoint key-file writers – while the checkpoint is behind, a writer joins after each write, up to 16', async () => {
    const disk = new SlowDisk();
    await disk.drive(writeKeyFiles(changes(60), { concurrency: 2, behind: () => true, write: disk.write }));
    expect(disk.most).toBe(URGENT_WRITERS);
    expect(disk.written).toHaveLength(60);
  });

  it('checkpoint key-file writers – while the disk keeps up, the two writers stay two', async () => {
    const disk = new SlowDisk();
    await disk.drive(writeKeyFiles(changes(60), { concurrency: 2, behind: () => false, write: disk.write }));
    expect(disk.most).toBe(2);
    expect(disk.rounds).toBe(30);
    expect(new Set(disk.written).size).toBe(60);
  });

  it('checkpoint key-file writers – the first failed write stops the writers and is thrown', async () => {
    let started = 0;
    const write = async (c: Change): Promise<void> => {
      started++;
      await nextTurn();
      if (c.key === 'k3') throw new Error('disk full');
    };
    await expect(writeKeyFiles(changes(40), { concurrency: 2, behind: () => false, write })).rejects.toThrow(
      'disk full',
    );
    expect(started).toBeLessThan(8);
  });
});

describe('checkpointer', () => {
  it('checkpointer – when the values remembered during a checkpoint pass the limit (a slow disk), writers join up to 16 and the checkpoint ends in far fewer disk rounds; the next one, keeping up, writes with two', async () => {
    const disk = new SlowDisk();
    const { memory, checkpointer, put } = await openCheckpointer({ checkpointBytes: 1000 }, disk);
    for (const c of changes(60)) memory.remember(c);
    const first = checkpointer.run();
    while (disk.inFlight < 2) await nextTurn();
    expect(disk.most).toBe(2);
    // puts keep coming while the disk is slow: 1,100 bytes of new values pass the 1,000-byte limit
    await Promise.all(changes(11, 'new-').map(put));
    expect(memory.bytes).toBe(1100);
    expect(checkpointer.due).toBe(true);
    await disk.drive(first);
    expect(disk.most).toBe(URGENT_WRITERS);
    expect(disk.rounds).toBeLessThanOrEqual(8);
    expect(disk.written).toHaveLength(60);

    Object.assign(disk, { inFlight: 0, most: 0, rounds: 0 });
    disk.written.splice(0);
    await disk.drive(checkpointer.run());
    expect(disk.most).toBe(2);
    expect(disk.written.sort()).toEqual(
      changes(11, 'new-')
        .map((c) => c.key)
        .sort(),
    );
    expect(memory.bytes).toBe(0);
  });

  it('checkpointer – a checkpoint whose remembered values stay under the limit never adds writers', async () => {
    const disk = new SlowDisk();
    const { memory, checkpointer, put } = await openCheckpointer({ checkpointBytes: 1000 }, disk);
    for (const c of changes(40)) memory.remember(c);
    const run = checkpointer.run();
    while (disk.inFlight < 2) await nextTurn();
    await Promise.all(changes(9, 'new-').map(put));
    expect(memory.bytes).toBe(900);
    await disk.drive(run);
    expect(disk.most).toBe(2);
    expect(disk.rounds).toBe(20);
  });

  it('checkpointer – when the next log cannot be opened, the checkpoint fails and the changes stay in memory and in the current log', async () => {
    const disk = new SlowDisk();
    const { dir, log, memory, checkpointer } = await openCheckpointer({}, disk);
    memory.remember(change('x'));
    await mkdir(join(dir, 'wal-2.log'));
    await expect(checkpointer.run()).rejects.toThrow(/EISDIR/);
    expect(log.seq).toBe(1);
    expect(memory.find('assignments', 'x')).toBeDefined();
    expect(memory.bytes).toBe(100);
    await rm(join(dir, 'wal-2.log'), { recursive: true });
    await disk.drive(checkpointer.run());
    expect(disk.written).toEqual(['x']);
    expect(log.seq).toBe(2);
    expect((await readdir(dir)).filter((n) => n.startsWith('wal-'))).toEqual(['wal-2.log']);
  });
});

describe('checkpointer failures in the background', () => {
  /** A failing disk, a hand-set clock and the store's failure log writing to a list. */
  async function failingCheckpointer(intervalMs = 3_600_000) {
    const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
    const logger = {
      warn: (fields: object, msg?: string) =>
        lines.push({ level: 'warn', fields: fields as Record<string, unknown>, msg: msg ?? '' }),
      info: (fields: object, msg?: string) =>
        lines.push({ level: 'info', fields: fields as Record<string, unknown>, msg: msg ?? '' }),
    };
    const clock = { now: 0 };
    let failing = true;
    const disk = {
      written: [] as string[],
      write: async (c: Change): Promise<void> => {
        await nextTurn();
        if (failing) throw new Error('ENOSPC: no space left on device');
        disk.written.push(c.key);
      },
    };
    const reported: unknown[] = [];
    const outcomes = (dir: string): CheckpointOutcomes => {
      const failureLog = new CheckpointFailureLog({ logger, dataDir: dir, now: () => clock.now });
      return {
        failed: (err) => {
          reported.push(err);
          failureLog.failed(err);
        },
        succeeded: () => failureLog.succeeded(),
      };
    };
    const opened = await openCheckpointer({ checkpointBytes: 1000, intervalMs }, disk, outcomes);
    return { ...opened, lines, clock, disk, reported, heal: () => (failing = false) };
  }

  it('checkpointer failures in the background – a checkpoint started by the byte limit that fails is logged at warn with the error and the data dir, once however many changes joined it', async () => {
    const { dir, memory, checkpointer, lines, reported } = await failingCheckpointer();
    memory.remember(change('big', 2000));
    for (let i = 0; i < 5; i++) checkpointer.afterChange();
    await checkpointer.settled();
    expect(reported).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      fields: { [LogFields.err]: expect.objectContaining({ message: 'ENOSPC: no space left on device' }) },
    });
    expect(lines[0]!.fields[StoreLogFields.dataDir]).toBe(dir);
    expect(lines[0]!.fields[StoreLogFields.suppressed]).toBe(0);
    expect(lines[0]!.msg).toMatch(/background checkpoint failed/);
    expect(memory.find('assignments', 'big')).toBeDefined();
  });

  it('checkpointer failures in the background – repeated failures log at most once a minute and say how many were suppressed; a success says so once', async () => {
    const { memory, checkpointer, lines, clock, disk, heal } = await failingCheckpointer();
    memory.remember(change('big', 2000));
    const failAt = async (ms: number) => {
      clock.now = ms;
      checkpointer.afterChange();
      await checkpointer.settled();
    };
    await failAt(0);
    await failAt(1_000);
    await failAt(30_000);
    await failAt(59_999);
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    await failAt(60_000);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn']);
    expect(lines[1]!.fields[StoreLogFields.suppressed]).toBe(3);
    await failAt(61_000);
    expect(lines).toHaveLength(2);

    heal();
    await failAt(62_000);
    expect(disk.written).toEqual(['big']);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ level: 'info', fields: { [StoreLogFields.suppressed]: 1 } });
    memory.remember(change('again', 10));
    await checkpointer.run();
    expect(lines).toHaveLength(3);
  });

  it('checkpointer failures in the background – a checkpoint the interval timer starts is reported when it fails', async () => {
    const { memory, lines, reported } = await failingCheckpointer(2);
    memory.remember(change('small', 10));
    while (reported.length === 0) await sleep(1);
    expect(lines[0]).toMatchObject({ level: 'warn' });
  });

  it('checkpointer failures in the background – a failure the caller awaits is the caller’s to report, not logged', async () => {
    const { memory, checkpointer, lines, reported } = await failingCheckpointer();
    memory.remember(change('small', 10));
    await expect(checkpointer.run()).rejects.toThrow(/ENOSPC/);
    expect(reported).toEqual([]);
    expect(lines).toEqual([]);
  });
});
