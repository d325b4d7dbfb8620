import { OutpostError, silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { StoredAppSet } from '../registry/appset-store.ts';
import { StoredAppsets } from './stored-appsets.ts';

const stored = (name: string): StoredAppSet => ({
  appset: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name },
    spec: { generators: [], template: { metadata: {}, spec: {} } },
  } as unknown as StoredAppSet['appset'],
  appliedAt: '2026-01-01T00:00:00.000Z',
  appliedBy: 'test',
});

describe('StoredAppsets', () => {
  it('a failed read returns the last good appsets with the error, and a later read replaces them', async () => {
    let next: () => Promise<StoredAppSet[]> = async () => [stored('a'), stored('b')];
    const reader = new StoredAppsets(() => next(), silentLogger());
    expect((await reader.read()).appsets.map((s) => s.appset.metadata.name)).toEqual(['a', 'b']);
    next = async () => {
      throw new Error('disk on fire');
    };
    const kept = await reader.read();
    expect(kept.appsets.map((s) => s.appset.metadata.name)).toEqual(['a', 'b']);
    expect(kept.error).toMatch(/cannot be read; keeping the 2 read last: disk on fire/);
    next = async () => [];
    expect(await reader.read()).toEqual({ appsets: [] });
  });

  it('a failed first read refuses the pass with STORE_FAILED instead of answering "no appsets"', async () => {
    const reader = new StoredAppsets(async () => {
      throw new Error('store unreachable');
    }, silentLogger());
    const err = await reader.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutpostError);
    expect(err).toMatchObject({ code: 'STORE_FAILED' });
    expect((err as Error).message).toMatch(/none were read before.*store unreachable/);
  });
});
