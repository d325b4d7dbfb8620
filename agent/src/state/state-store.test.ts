import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@outpost/shared';
import { encodeRecords } from './journal-records.ts';
import { JOURNAL_FILE, StateStore } from './state-store.ts';
import { TempStateDirs, desiredWith, loadFrom } from './state-test-fixtures.ts';

const temp = new TempStateDirs();
afterEach(() => temp.removeAll());

describe('state store', () => {
  it('state store – a saved assignment loads back with its blobs and applied generation after a restart', async () => {
    const { dir, s } = await temp.store();
    const { desired, blobs } = desiredWith(3, { a: 1 }, { b: 'ü' });
    await s.save(desired, blobs);
    await s.saveApplied(2);
    await s.close();
    const loaded = await loadFrom(dir);
    expect(loaded?.desired).toEqual(desired);
    expect(loaded?.blobs).toEqual(blobs);
    expect(loaded?.appliedGeneration).toBe(2);
  });

  it('state store – the state directory is private (0700) and the journal its only file (0600)', async () => {
    const { dir, s } = await temp.store();
    await s.load();
    const { desired, blobs } = desiredWith(1, { a: 1 });
    await s.save(desired, blobs);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
    await s.close();
  });

  it('state store – no state yet loads as undefined, and the last applied hint wins', async () => {
    const { dir, s } = await temp.store();
    expect(await s.load()).toBeUndefined();
    const { desired, blobs } = desiredWith(4, { a: 1 });
    await s.save(desired, blobs);
    for (const g of [1, 3, 4]) await s.saveApplied(g);
    await s.close();
    expect((await loadFrom(dir))?.appliedGeneration).toBe(4);
  });

  it('state store – blobs shared across generations are written once: the journal grows by the new blobs and the assignment only', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 }, { b: 2 });
    await s.save(one.desired, one.blobs);
    const before = (await stat(join(dir, JOURNAL_FILE))).size;
    const two = desiredWith(2, { a: 1 }, { b: 2 }, { c: 3 });
    await s.save(two.desired, two.blobs);
    const c = [...two.blobs].find(([d]) => !one.blobs.has(d))!;
    const expected = encodeRecords([
      { type: 'blob', digest: c[0], canonical: c[1] },
      { type: 'assignment', desired: two.desired },
    ]).bytes.length;
    expect((await stat(join(dir, JOURNAL_FILE))).size - before).toBe(expected);
    await s.close();
    const loaded = await loadFrom(dir);
    expect(loaded?.desired.generation).toBe(2);
    expect(loaded?.blobs).toEqual(two.blobs);
  });

  it('state store – only the blobs of the last assignment are loaded, not older ones still in the journal', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 }, { b: 2 });
    await s.save(one.desired, one.blobs);
    const two = desiredWith(2, { a: 1 });
    await s.save(two.desired, two.blobs);
    await s.close();
    expect((await loadFrom(dir))?.blobs).toEqual(two.blobs);
  });

  it('state store – saves run one at a time in call order, even when not awaited', async () => {
    const { dir, s } = await temp.store();
    const gens = [1, 2, 3, 4].map((g) => desiredWith(g, { a: g }, { shared: true }));
    await Promise.all(gens.flatMap((g) => [s.save(g.desired, g.blobs), s.saveApplied(g.desired.generation)]));
    await s.close();
    const loaded = await loadFrom(dir);
    expect(loaded?.desired).toEqual(gens[3]!.desired);
    expect(loaded?.appliedGeneration).toBe(4);
  });

  it('state store – a save lacking a blob the journal lacks too is refused before anything is written', async () => {
    const { dir, s } = await temp.store();
    const { desired } = desiredWith(1, { a: 1 });
    await expect(s.save(desired, new Map())).rejects.toThrow(
      /blob sha256:[0-9a-f]+ of generation 1 not given/,
    );
    await s.close();
    expect(await readFile(join(dir, JOURNAL_FILE), 'utf8')).toBe('');
  });

  it('state store – a flipped byte in a record that later saves follow is corrupt state: named, set aside, and saves start afresh', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 });
    await s.save(one.desired, one.blobs);
    const two = desiredWith(2, { a: 1 }, { b: 2 });
    await s.save(two.desired, two.blobs);
    await s.close();
    const path = join(dir, JOURNAL_FILE);
    const bytes = await readFile(path);
    const at = bytes.indexOf('{"a":1}') + 5;
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(path, bytes);
    const again = new StateStore(dir, silentLogger());
    await expect(again.load()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(`${path}: record at byte 0 is damaged`),
    });
    expect((await readdir(dir)).sort()).toEqual([JOURNAL_FILE, `${JOURNAL_FILE}.corrupt`]);
    const three = desiredWith(3, { c: 3 });
    await again.save(three.desired, three.blobs);
    await again.close();
    expect((await loadFrom(dir))?.desired).toEqual(three.desired);
  });

  it('state store – an assignment whose blob the journal lacks is corrupt state naming the file and the digest', async () => {
    const { dir, s } = await temp.store();
    const { desired } = desiredWith(1, { a: 1 });
    await writeFile(join(dir, JOURNAL_FILE), encodeRecords([{ type: 'assignment', desired }]).bytes);
    const digest = desired.apps[0]!.objects[0]!.digest;
    await expect(s.load()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: `state journal ${join(dir, JOURNAL_FILE)}: blob ${digest} of generation 1 is missing`,
    });
    await s.close();
  });

  it('state store – a closed store refuses saves instead of reopening the journal', async () => {
    const { s } = await temp.store();
    const { desired, blobs } = desiredWith(1, { a: 1 });
    await s.save(desired, blobs);
    await s.close();
    await expect(s.saveApplied(1)).rejects.toThrow(/is closed/);
    await expect(s.save(desired, blobs)).rejects.toThrow(/is closed/);
  });

  it('state store – saving without a load first keeps what the journal holds', async () => {
    const { dir, s } = await temp.store();
    const one = desiredWith(1, { a: 1 });
    await s.save(one.desired, one.blobs);
    await s.close();
    const restarted = new StateStore(dir, silentLogger());
    const two = desiredWith(2, { a: 1 }, { b: 2 });
    await restarted.save(two.desired, new Map([...two.blobs].filter(([d]) => !one.blobs.has(d))));
    await restarted.close();
    expect((await loadFrom(dir))?.blobs).toEqual(two.blobs);
  });
});
