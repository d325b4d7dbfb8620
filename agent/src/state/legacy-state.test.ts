import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from './state-store.ts';
import type { DesiredState } from './desired-state.ts';
import { TempStateDirs, desiredWith, loadFrom } from './state-test-fixtures.ts';

const temp = new TempStateDirs();
afterEach(() => temp.removeAll());

/** Writes the layout the agent used before the journal, file by file as it did. */
async function writeLegacy(dir: string, desired: DesiredState, blobs: Map<string, string>, applied?: number) {
  await mkdir(join(dir, 'blobs'), { recursive: true });
  for (const [digest, canonical] of blobs)
    await writeFile(join(dir, 'blobs', `sha256-${digest.slice(7)}.json`), canonical);
  await writeFile(join(dir, 'assignment.json'), JSON.stringify({ format: 1, desired }));
  if (applied !== undefined)
    await writeFile(join(dir, 'applied.json'), JSON.stringify({ format: 1, generation: applied }));
}

describe('state store upgrade from the file-per-blob layout', () => {
  it('legacy state – an old state directory loads, is written once as a journal, and its old files are removed', async () => {
    const { dir, s } = await temp.store();
    const { desired, blobs } = desiredWith(7, { a: 1 }, { b: 2 });
    await writeLegacy(dir, desired, blobs, 6);
    const loaded = await s.load();
    expect(loaded).toEqual({ desired, blobs, appliedGeneration: 6 });
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
    expect((await stat(join(dir, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
    const next = desiredWith(8, { a: 1 }, { c: 3 });
    await s.save(next.desired, next.blobs);
    await s.close();
    expect(await loadFrom(dir)).toEqual({ desired: next.desired, blobs: next.blobs, appliedGeneration: 6 });
  });

  it('legacy state – old files left by a crash after the upgrade are removed without being read', async () => {
    const { dir, s } = await temp.store();
    const current = desiredWith(2, { a: 2 });
    await s.save(current.desired, current.blobs);
    await s.close();
    const old = desiredWith(1, { a: 1 });
    await writeLegacy(dir, old.desired, old.blobs, 1);
    expect((await loadFrom(dir))?.desired).toEqual(current.desired);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
  });

  it('legacy state – an old state whose blob is missing is corrupt state naming the blob file; it is removed and saves work', async () => {
    const { dir, s } = await temp.store();
    const { desired, blobs } = desiredWith(3, { a: 1 });
    await writeLegacy(dir, desired, blobs);
    const digest = [...blobs.keys()][0]!;
    await rm(join(dir, 'blobs', `sha256-${digest.slice(7)}.json`));
    await expect(s.load()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: `blob ${digest} of generation 3 is missing or corrupt`,
      location: { file: join(dir, 'blobs', `sha256-${digest.slice(7)}.json`) },
    });
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
    await s.save(desired, blobs);
    await s.close();
    expect((await loadFrom(dir))?.desired).toEqual(desired);
  });

  it('legacy state – a torn old assignment file is corrupt state naming it, not a silent reset', async () => {
    const { dir, s } = await temp.store();
    await writeFile(join(dir, 'assignment.json'), '{"format":1,"desi');
    await expect(s.load()).rejects.toThrow(/cannot read .*assignment\.json/);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
  });
});
