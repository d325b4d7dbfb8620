import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError, sha256Digest } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import { writeFileAtomic, syncDirectory } from './atomic-file.ts';
import { referencedDigests } from './desired-state.ts';
import type { DesiredState } from './desired-state.ts';

/** What the agent keeps on disk: the last complete assignment, its blobs and the applied generation. */
export interface PersistedState {
  desired: DesiredState;
  /** Digest → canonical JSON of every object the desired state references. */
  blobs: Map<string, string>;
  appliedGeneration: number;
}

const ASSIGNMENT_FILE = 'assignment.json';
const APPLIED_FILE = 'applied.json';
const BLOB_DIR = 'blobs';
const FORMAT = 1;

/**
 * The agent's local persistence under `--state-dir`. Blobs are content-addressed files
 * (`blobs/sha256-<hex>.json`), written before the assignment that references them, so an
 * assignment on disk is always complete. Every write is crash-safe (write-and-rename with
 * fsync), except the applied generation's: it is a hint for status after a restart, which
 * applies everything again anyway, so it is renamed into place without flushes, and an
 * unreadable or older one reads as generation 0 or that older generation (never as more
 * than was applied). After a restart with the hub unreachable, `load()` gives the agent
 * the last desired state to keep enforcing.
 */
export class StateStore {
  private readonly dir: string;
  private readonly log: Logger;
  /** Digests of the blobs on disk, once read (see {@link heldDigests}). */
  private held: Set<string> | undefined;

  constructor(dir: string, log: Logger) {
    this.dir = dir;
    this.log = log;
  }

  /** Creates the directory layout. */
  async init(): Promise<void> {
    await mkdir(join(this.dir, BLOB_DIR), { recursive: true, mode: 0o700 });
  }

  /** Digests of the blobs held on disk (read once, then kept up to date by this store). */
  async heldDigests(): Promise<Set<string>> {
    if (!this.held) {
      const names = await readdir(join(this.dir, BLOB_DIR)).catch(() => [] as string[]);
      const held = new Set<string>();
      for (const n of names) {
        const m = /^sha256-([0-9a-f]{64})\.json$/.exec(n);
        if (m) held.add(`sha256:${m[1]}`);
      }
      this.held = held;
    }
    return new Set(this.held);
  }

  /** Reads one blob and checks its digest; `undefined` when absent or corrupt (corrupt files are removed). */
  async readBlob(digest: string): Promise<string | undefined> {
    const path = this.blobPath(digest);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    if (sha256Digest(text) !== digest) {
      this.log.warn({ digest }, 'stored blob does not match its digest; discarding it');
      await rm(path, { force: true });
      this.held?.delete(digest);
      return undefined;
    }
    return text;
  }

  /** Stores blobs whose digests the caller has already verified. */
  async writeBlobs(blobs: Iterable<[string, string]>): Promise<void> {
    let wrote = false;
    for (const [digest, canonical] of blobs) {
      // One directory fsync for the batch, below.
      await writeFileAtomic(this.blobPath(digest), canonical, { syncDir: false });
      this.held?.add(digest);
      wrote = true;
    }
    if (wrote) await syncDirectory(join(this.dir, BLOB_DIR));
  }

  /**
   * Persists a complete desired state (every referenced blob must already be stored),
   * then removes blobs no longer referenced.
   */
  async saveDesired(desired: DesiredState): Promise<void> {
    await writeFileAtomic(join(this.dir, ASSIGNMENT_FILE), JSON.stringify({ format: FORMAT, desired }));
    await this.collectGarbage(referencedDigests(desired));
  }

  /** Records the generation last applied to the cluster (a hint: not flushed, see the class). */
  async saveApplied(generation: number): Promise<void> {
    await writeFileAtomic(join(this.dir, APPLIED_FILE), JSON.stringify({ format: FORMAT, generation }), {
      durable: false,
    });
  }

  /**
   * Loads the last persisted state, or `undefined` when there is none.
   * @throws OutpostError STATE_CORRUPT when the assignment file is unreadable or a blob it references is missing.
   */
  async load(): Promise<PersistedState | undefined> {
    let raw: string;
    try {
      raw = await readFile(join(this.dir, ASSIGNMENT_FILE), 'utf8');
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
      throw new OutpostError(
        ErrorCodes.STATE_CORRUPT,
        `cannot read ${join(this.dir, ASSIGNMENT_FILE)}: ${(err as Error).message}`,
        {
          hint: 'remove the state directory; the agent fetches its assignment again from the hub',
          location: { file: join(this.dir, ASSIGNMENT_FILE) },
        },
      );
    }
    const blobs = new Map<string, string>();
    for (const digest of referencedDigests(desired)) {
      const text = await this.readBlob(digest);
      if (text === undefined) {
        throw new OutpostError(
          ErrorCodes.STATE_CORRUPT,
          `blob ${digest} of generation ${desired.generation} is missing or corrupt`,
          {
            hint: 'the agent fetches missing blobs from the hub when it reconnects',
            location: { file: this.blobPath(digest) },
          },
        );
      }
      blobs.set(digest, text);
    }
    return { desired, blobs, appliedGeneration: await this.readApplied() };
  }

  private async readApplied(): Promise<number> {
    try {
      const parsed = JSON.parse(await readFile(join(this.dir, APPLIED_FILE), 'utf8')) as {
        generation?: number;
      };
      return typeof parsed.generation === 'number' ? parsed.generation : 0;
    } catch {
      return 0;
    }
  }

  private async collectGarbage(keep: Set<string>): Promise<void> {
    for (const digest of await this.heldDigests()) {
      if (!keep.has(digest)) {
        await unlink(this.blobPath(digest)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        this.held?.delete(digest);
      }
    }
  }

  private blobPath(digest: string): string {
    const hex = digest.startsWith('sha256:') ? digest.slice(7) : digest;
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a sha256 digest: ${digest}`);
    return join(this.dir, BLOB_DIR, `sha256-${hex}.json`);
  }
}
