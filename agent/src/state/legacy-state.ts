/**
 * The agent's state layout before the journal: `assignment.json`, `applied.json` and
 * `blobs/sha256-<hex>.json` in the state directory. Only read, once, to upgrade to the journal.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError, sha256Digest } from '@outpost/shared';
import { referencedDigests } from './desired-state.ts';
import type { DesiredState, PersistedState } from './desired-state.ts';

const ASSIGNMENT_FILE = 'assignment.json';
const APPLIED_FILE = 'applied.json';
const BLOB_DIR = 'blobs';
const FORMAT = 1;

/** Whether a state directory listing holds any file of the old layout. */
export function hasLegacyState(names: readonly string[]): boolean {
  return names.some((n) => n === ASSIGNMENT_FILE || n === APPLIED_FILE || n === BLOB_DIR);
}

/**
 * Reads the old layout: `undefined` when there is no readable `assignment.json`.
 * @throws OutpostError STATE_CORRUPT when the assignment does not parse or a blob it
 * references is missing or does not match its digest.
 */
export async function readLegacyState(dir: string): Promise<PersistedState | undefined> {
  const file = join(dir, ASSIGNMENT_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let desired: DesiredState;
  try {
    const parsed = JSON.parse(raw) as { format?: number; desired?: DesiredState };
    if (parsed.format !== FORMAT || !parsed.desired || !Array.isArray(parsed.desired.apps))
      throw new Error('unknown format');
    desired = parsed.desired;
  } catch (err) {
    throw new OutpostError(ErrorCodes.STATE_CORRUPT, `cannot read ${file}: ${(err as Error).message}`, {
      hint: 'the agent fetches its assignment again from the hub',
      location: { file },
    });
  }
  const blobs = new Map<string, string>();
  for (const digest of referencedDigests(desired)) {
    const path = join(dir, BLOB_DIR, `sha256-${digest.slice('sha256:'.length)}.json`);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined || sha256Digest(text) !== digest) {
      throw new OutpostError(
        ErrorCodes.STATE_CORRUPT,
        `blob ${digest} of generation ${desired.generation} is missing or corrupt`,
        { hint: 'the agent fetches missing blobs from the hub when it reconnects', location: { file: path } },
      );
    }
    blobs.set(digest, text);
  }
  return { desired, blobs, appliedGeneration: await readApplied(join(dir, APPLIED_FILE)) };
}

/** The applied hint of the old layout: 0 when missing or unreadable (it was never flushed). */
async function readApplied(file: string): Promise<number> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { generation?: number };
    return typeof parsed.generation === 'number' ? parsed.generation : 0;
  } catch {
    return 0;
  }
}

/** Removes the old layout's files (the assignment first, so no partial removal looks complete). */
export async function removeLegacyState(dir: string): Promise<void> {
  await rm(join(dir, ASSIGNMENT_FILE), { force: true });
  await rm(join(dir, APPLIED_FILE), { force: true });
  await rm(join(dir, BLOB_DIR), { recursive: true, force: true });
}
