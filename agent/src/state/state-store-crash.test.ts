import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, StateStore } from './state-store.ts';
import { TempStateDirs, desiredWith, loadFrom, recordingLogger } from './state-test-fixtures.ts';

const temp = new TempStateDirs();
afterEach(() => temp.removeAll());

describe('state store after a crash', () => {
  it('state store – a journal cut at any byte of the last save loads exactly the generation before, and the next save appends cleanly', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 }, { b: 'two' });
    await s.save(one.desired, one.blobs);
    await s.saveApplied(1);
    const path = join(dir, JOURNAL_FILE);
    const committed = (await stat(path)).size;
    const two = desiredWith(2, { a: 1 }, { c: 'ä' });
    await s.save(two.desired, two.blobs);
    await s.close();
    const full = await readFile(path);
    const three = desiredWith(3, { a: 1 }, { e: 5 });
    const { dir: crashDir } = await temp.store();
    const crashPath = join(crashDir, JOURNAL_FILE);
    for (let cut = committed; cut < full.length; cut++) {
      await writeFile(crashPath, full.subarray(0, cut));
      const { log, warnings } = recordingLogger();
      const restarted = new StateStore(crashDir, log);
      const loaded = await restarted.load();
      expect(loaded?.desired, `cut at ${cut}`).toEqual(one.desired);
      expect(loaded?.blobs).toEqual(one.blobs);
      expect(loaded?.appliedGeneration).toBe(1);
      // The readable part ends after the last whole record (a blob of the cut save may be whole).
      const offsets = warnings.map((w) => w.fields.offset as number);
      expect(offsets.length).toBeLessThanOrEqual(1);
      const readable = offsets[0] ?? cut;
      expect(readable).toBeGreaterThanOrEqual(committed);
      expect((await stat(crashPath)).size).toBe(readable);
      await restarted.save(three.desired, three.blobs);
      await restarted.close();
      const after = await loadFrom(crashDir);
      expect(after?.desired, `save after a cut at ${cut}`).toEqual(three.desired);
      expect(after?.blobs).toEqual(three.blobs);
    }
  }, 60_000);

  it('state store – a flipped byte in the last record reads as a torn tail: the generation before it loads', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 });
    await s.save(one.desired, one.blobs);
    const two = desiredWith(2, { a: 2 });
    await s.save(two.desired, two.blobs);
    await s.close();
    const path = join(dir, JOURNAL_FILE);
    const bytes = await readFile(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x02;
    await writeFile(path, bytes);
    expect((await loadFrom(dir))?.desired).toEqual(one.desired);
  });

  it('state store – many saves keep the journal bounded by compaction, and a compacted journal loads the same state', async () => {
    const { dir, s } = await temp.store();
    const path = join(dir, JOURNAL_FILE);
    const big = 'x'.repeat(60_000);
    let last = desiredWith(0);
    let compactions = 0;
    for (let g = 1; g <= 60; g++) {
      last = desiredWith(g, { shared: big }, { own: `${big}${g}` });
      const before = (await stat(path).catch(() => ({ size: 0 }))).size;
      await s.save(last.desired, last.blobs);
      await s.saveApplied(g - 1);
      const after = (await stat(path)).size;
      if (after < before) compactions++;
      expect(after).toBeLessThan(1024 * 1024 + 200_000);
    }
    expect(compactions).toBeGreaterThanOrEqual(2);
    await s.close();
    const loaded = await loadFrom(dir);
    expect(loaded?.desired).toEqual(last.desired);
    expect(loaded?.blobs).toEqual(last.blobs);
    expect(loaded?.appliedGeneration).toBe(59);
  });

  it('state store – the first compaction comes only past 1 MiB, and a compacted journal holds just the live records', async () => {
    const { dir, s } = await temp.store();
    const path = join(dir, JOURNAL_FILE);
    const big = 'y'.repeat(100_000);
    let size = 0;
    for (let g = 1; ; g++) {
      const { desired, blobs } = desiredWith(g, { own: `${big}${g}` });
      await s.save(desired, blobs);
      const now = (await stat(path)).size;
      if (now < size) break;
      size = now;
    }
    expect(size).toBeGreaterThan(1024 * 1024 - 110_000);
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    expect((await stat(path)).size).toBeLessThan(101_000);
    await s.close();
  });

  it('state store – a crash between writing a compacted journal and renaming it (a stray temp file) is harmless and cleaned up', async () => {
    const { dir, s } = await temp.store();
    const { desired, blobs } = desiredWith(1, { a: 1 });
    await s.save(desired, blobs);
    await s.close();
    const stray = `.${JOURNAL_FILE}.4242-0badf00d-7.tmp`;
    await writeFile(join(dir, stray), 'OJ1 assignment 999 half-written');
    const loaded = await loadFrom(dir);
    expect(loaded?.desired).toEqual(desired);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
  });
});
