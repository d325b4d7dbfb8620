import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestObject, silentLogger } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import type { DesiredState, PersistedState } from './desired-state.ts';
import { StateStore } from './state-store.ts';

/** Temp state directories of the state tests, and a way to remove them all. */
export class TempStateDirs {
  private readonly dirs: string[] = [];
  private readonly stores: StateStore[] = [];

  /** A new empty state directory with an initialised store on it. */
  async store(log: Logger = silentLogger()): Promise<{ dir: string; s: StateStore }> {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-state-'));
    this.dirs.push(dir);
    const s = new StateStore(dir, log);
    await s.init();
    this.stores.push(s);
    return { dir, s };
  }

  /** Closes the stores {@link store} made and removes their directories. */
  async removeAll(): Promise<void> {
    for (const s of this.stores.splice(0)) await s.close();
    for (const d of this.dirs.splice(0)) await rm(d, { recursive: true, force: true });
  }
}

/** A desired state of one app holding `objects` (as ConfigMaps), with its blobs. */
export function desiredWith(
  generation: number,
  ...objects: object[]
): { desired: DesiredState; blobs: Map<string, string> } {
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

/** A silent logger that keeps its warn entries, for asserting what a load reported. */
export function recordingLogger(): {
  log: Logger;
  warnings: { fields: Record<string, unknown>; msg: string }[];
} {
  const warnings: { fields: Record<string, unknown>; msg: string }[] = [];
  const log = silentLogger();
  log.warn = ((fields: Record<string, unknown>, msg: string) => {
    warnings.push({ fields, msg });
  }) as Logger['warn'];
  return { log, warnings };
}

/** Loads `dir` as a restarted agent would, then closes the store. */
export async function loadFrom(dir: string): Promise<PersistedState | undefined> {
  const s = new StateStore(dir, silentLogger());
  try {
    return await s.load();
  } finally {
    await s.close();
  }
}
