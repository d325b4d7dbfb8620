import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestObject, silentLogger } from '@outpost/shared';
import { StateStore } from './state-store.ts';
import type { DesiredState } from './desired-state.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-state-'));
  dirs.push(dir);
  const s = new StateStore(dir, silentLogger());
  await s.init();
  return { dir, s };
}

function desiredWith(generation: number, ...objects: object[]) {
  const blobs = new Map<string, string>();
  const refs = objects.map((o, i) => {
    const { digest, canonical } = digestObject(o);
    blobs.set(digest, canonical);
    return {
      digest,
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: '',
      name: `o${i}`,
      size: canonical.length,
    };
  });
  const desired: DesiredState = {
    generation,
    apps: [
      {
        name: 'web',
        appset: '',
        destinationNamespace: 'default',
        revision: 'r',
        syncPolicy: { automated: true, prune: true, selfHeal: true, syncOptions: [] },
        ignoreDifferences: [],
        objects: refs,
        error: '',
      },
    ],
  };
  return { desired, blobs };
}

describe('state store', () => {
  it('state store – a saved assignment loads back with its blobs and applied generation after a restart', async () => {
    const { dir, s } = await store();
    const { desired, blobs } = desiredWith(3, { a: 1 }, { b: 2 });
    await s.writeBlobs(blobs);
    await s.saveDesired(desired);
    await s.saveApplied(2);
    const loaded = await new StateStore(dir, silentLogger()).load();
    expect(loaded?.desired).toEqual(desired);
    expect(loaded?.blobs).toEqual(blobs);
    expect(loaded?.appliedGeneration).toBe(2);
  });

  it('state store – blobs no longer referenced are removed when a new assignment is saved', async () => {
    const { dir, s } = await store();
    const one = desiredWith(1, { a: 1 }, { b: 2 });
    await s.writeBlobs(one.blobs);
    await s.saveDesired(one.desired);
    const two = desiredWith(2, { a: 1 });
    await s.saveDesired(two.desired);
    expect(await readdir(join(dir, 'blobs'))).toHaveLength(1);
    expect(await s.heldDigests()).toEqual(new Set(two.blobs.keys()));
  });

  it('state store – a blob that does not match its digest is reported as corrupt state, naming the file', async () => {
    const { dir, s } = await store();
    const { desired, blobs } = desiredWith(1, { a: 1 });
    await s.writeBlobs(blobs);
    await s.saveDesired(desired);
    const digest = [...blobs.keys()][0]!;
    await writeFile(join(dir, 'blobs', `sha256-${digest.slice(7)}.json`), '{"a":2}');
    await expect(s.load()).rejects.toThrow(/STATE_CORRUPT|missing or corrupt/);
  });

  it('state store – a torn or missing applied generation (it is not flushed) loads as 0, never as more', async () => {
    const { dir, s } = await store();
    const { desired, blobs } = desiredWith(3, { a: 1 });
    await s.writeBlobs(blobs);
    await s.saveDesired(desired);
    await s.saveApplied(3);
    expect((await s.load())?.appliedGeneration).toBe(3);
    await writeFile(join(dir, 'applied.json'), '{"format":1,"gen');
    expect((await s.load())?.appliedGeneration).toBe(0);
    await writeFile(join(dir, 'applied.json'), '');
    expect((await s.load())?.appliedGeneration).toBe(0);
    await rm(join(dir, 'applied.json'));
    expect((await s.load())?.appliedGeneration).toBe(0);
  });

  it('state store – no state yet loads as undefined; a torn assignment file is an error, not a silent reset', async () => {
    const { dir, s } = await store();
    expect(await s.load()).toBeUndefined();
    await writeFile(join(dir, 'assignment.json'), '{"format":1,"desi');
    await expect(s.load()).rejects.toThrow(/cannot read .*assignment.json/);
  });
});
