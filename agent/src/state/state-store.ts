import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { Logger } from '@outpost/shared';
import { isStrayTempFile } from './atomic-file.ts';
import { referencedDigests } from './desired-state.ts';
import type { DesiredState, PersistedState } from './desired-state.ts';
import { JournalFile } from './journal-file.ts';
import { encodeRecords, scanJournal } from './journal-records.ts';
import type { JournalRecord } from './journal-records.ts';
import { hasLegacyState, readLegacyState, removeLegacyState } from './legacy-state.ts';

export type { PersistedState } from './desired-state.ts';

/** The journal's name in the state directory. */
export const JOURNAL_FILE = 'state.journal';
/** A journal is compacted once it exceeds both this and {@link COMPACT_RATIO} × its live bytes. */
const COMPACT_MIN_BYTES = 1024 * 1024;
const COMPACT_RATIO = 4;

/**
 * The agent's local persistence under `--state-dir`: one append-only journal,
 * `state.journal`, kept open (records: journal-records.ts). {@link save} appends the blobs
 * the journal lacks and the assignment as one write and one fdatasync, so an assignment on
 * disk is always complete and durable before the agent acknowledges it. {@link saveApplied}
 * appends the applied generation without a flush: it is a hint for status after a restart,
 * which applies everything again anyway, so a lost one reads as an older generation (or 0),
 * never as more. {@link load} verifies every record and cuts a torn tail (a crash while
 * appending). The journal is rewritten from its live records when it grows past
 * max(1 MiB, 4 × live bytes). Operations run one at a time. One process per state directory.
 */
export class StateStore {
  private readonly dir: string;
  private readonly log: Logger;
  private file: JournalFile | undefined;
  /** Digest → record bytes of every blob in the journal (live or not). */
  private inJournal = new Map<string, number>();
  private applied = 0;
  /** Set after a failed write: the journal's tail is unknown, so the next save rewrites it whole. */
  private rewrite = false;
  /** After {@link close}, saves fail until a {@link load} opens the journal again. */
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, log: Logger) {
    this.dir = dir;
    this.log = log;
  }

  /** Creates the state directory (mode 0700) when missing. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Loads the last persisted state, or `undefined` when there is none: the last assignment
   * that verifies, its blobs and the last applied generation. A torn tail is cut (logged at
   * warn with its offset). A state directory of the old layout is upgraded to a journal and
   * its files removed. After a STATE_CORRUPT the store is still usable: the damaged journal
   * is renamed to `state.journal.corrupt` and saves start a new one.
   * @throws OutpostError STATE_CORRUPT when a record before a later complete assignment is
   * damaged (cutting there would roll the cluster back to a superseded generation), or when
   * the last assignment references a blob the journal lacks.
   */
  load(): Promise<PersistedState | undefined> {
    return this.serial(() => this.open());
  }

  /**
   * Persists a complete desired state durably: appends the records of the blobs not yet in
   * the journal, then the assignment, as one write and one fdatasync. May then compact.
   * @param blobs digest → canonical JSON of (at least) every blob `desired` references, digests
   * already verified.
   * @throws Error when `blobs` lacks a referenced blob the journal lacks too (a programmer error).
   */
  save(desired: DesiredState, blobs: ReadonlyMap<string, string>): Promise<void> {
    return this.serial(async () => {
      const file = await this.opened();
      const live = referencedDigests(desired);
      if (this.rewrite) return this.compact(file, desired, live, blobs);
      const records: JournalRecord[] = [];
      for (const digest of live) {
        if (this.inJournal.has(digest)) continue;
        const canonical = blobs.get(digest);
        if (canonical === undefined)
          throw new Error(`blob ${digest} of generation ${desired.generation} not given`);
        records.push({ type: 'blob', digest, canonical });
      }
      records.push({ type: 'assignment', desired });
      const { bytes, sizes } = encodeRecords(records);
      await this.guard(file.append(bytes, true));
      for (let i = 0; i < records.length - 1; i++)
        this.inJournal.set((records[i] as { digest: string }).digest, sizes[i]!);
      if (file.size > COMPACT_MIN_BYTES && file.size > COMPACT_RATIO * this.liveBytes(live, sizes.at(-1)!)) {
        // The save is durable already; a failed compaction is retried at the next save.
        await this.compact(file, desired, live, blobs).catch((err: Error) =>
          this.log.warn({ file: file.path, err: err.message }, 'cannot compact the state journal'),
        );
      }
    });
  }

  /** Records the generation last applied to the cluster (a hint: not flushed, see the class). */
  saveApplied(generation: number): Promise<void> {
    return this.serial(async () => {
      const file = await this.opened();
      this.applied = generation;
      if (this.rewrite) return;
      await this.guard(file.append(encodeRecords([{ type: 'applied', generation }]).bytes, false));
    });
  }

  /** Closes the journal (pending operations finish first); later saves fail. */
  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      await this.file?.close();
      this.file = undefined;
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A write whose failure leaves the journal's tail unknown: the next save rewrites the journal. */
  private async guard(write: Promise<void>): Promise<void> {
    try {
      await write;
    } catch (err) {
      this.rewrite = true;
      throw err;
    }
  }

  /** The open journal; opens it first when nothing did (a damaged one is set aside, not used). */
  private async opened(): Promise<JournalFile> {
    if (this.closed) throw new Error(`state store ${this.dir} is closed`);
    if (!this.file) {
      await this.open().catch((err: Error) => {
        if (!(err instanceof OutpostError) || !this.file) throw err;
        this.log.warn({ err: err.message }, 'ignoring unusable persisted state');
      });
    }
    return this.file!;
  }

  private async open(): Promise<PersistedState | undefined> {
    this.closed = false;
    await this.file?.close();
    this.file = undefined;
    this.inJournal = new Map();
    this.applied = 0;
    this.rewrite = false;
    const names = await readdir(this.dir);
    for (const n of names.filter((n) => isStrayTempFile(n, JOURNAL_FILE)))
      await rm(join(this.dir, n), { force: true });
    const { file, content } = await JournalFile.open(join(this.dir, JOURNAL_FILE));
    this.file = file;
    const scan = scanJournal(content);
    if (scan.corruptAt !== undefined) {
      throw await this.setAside(file, `record at byte ${scan.corruptAt} is damaged, later ones are intact`);
    }
    if (scan.readableEnd < content.length) {
      this.log.warn(
        { file: file.path, offset: scan.readableEnd, bytes: content.length - scan.readableEnd },
        'state journal ends in a torn record (a crash while appending); cutting it there',
      );
      await this.guard(file.truncate(scan.readableEnd));
    }
    const all = new Map<string, string>();
    let desired: DesiredState | undefined;
    for (const { record, start, end } of scan.records) {
      if (record.type === 'blob') {
        all.set(record.digest, record.canonical);
        this.inJournal.set(record.digest, end - start);
      } else if (record.type === 'assignment') desired = record.desired;
      else this.applied = record.generation;
    }
    if (!desired) return hasLegacyState(names) ? this.upgrade(file) : undefined;
    if (hasLegacyState(names)) await removeLegacyState(this.dir);
    const blobs = new Map<string, string>();
    for (const digest of referencedDigests(desired)) {
      const text = all.get(digest);
      if (text === undefined) {
        throw await this.setAside(file, `blob ${digest} of generation ${desired.generation} is missing`);
      }
      blobs.set(digest, text);
    }
    return { desired, blobs, appliedGeneration: this.applied };
  }

  /** Moves a damaged journal aside (saves start a new one) and returns the error to throw. */
  private async setAside(file: JournalFile, problem: string): Promise<OutpostError> {
    const aside = await file.setAside();
    this.inJournal = new Map();
    this.applied = 0;
    return new OutpostError(ErrorCodes.STATE_CORRUPT, `state journal ${file.path}: ${problem}`, {
      hint: `moved to ${aside}; the agent fetches its assignment again from the hub`,
      location: { file: file.path },
    });
  }

  /** Writes the old layout's state as a new journal, then removes the old files. */
  private async upgrade(file: JournalFile): Promise<PersistedState | undefined> {
    let state: PersistedState | undefined;
    try {
      state = await readLegacyState(this.dir);
    } finally {
      if (!state) await removeLegacyState(this.dir);
    }
    if (!state) return undefined;
    this.applied = state.appliedGeneration;
    await this.compact(file, state.desired, referencedDigests(state.desired), state.blobs);
    await removeLegacyState(this.dir);
    this.log.info({ file: file.path, generation: state.desired.generation }, 'state upgraded to a journal');
    return state;
  }

  /** Record bytes of a fresh journal: the live blobs, the assignment and the applied hint. */
  private liveBytes(live: Set<string>, assignmentBytes: number): number {
    let total = assignmentBytes + 100;
    for (const d of live) total += this.inJournal.get(d) ?? 0;
    return total;
  }

  /** Rewrites the journal with only the live blobs, the assignment and the applied hint. */
  private async compact(
    file: JournalFile,
    desired: DesiredState,
    live: Set<string>,
    blobs: ReadonlyMap<string, string>,
  ): Promise<void> {
    const records: JournalRecord[] = [];
    for (const digest of live) {
      const canonical = blobs.get(digest);
      if (canonical === undefined)
        throw new Error(`blob ${digest} of generation ${desired.generation} not given`);
      records.push({ type: 'blob', digest, canonical });
    }
    records.push({ type: 'assignment', desired });
    if (this.applied > 0) records.push({ type: 'applied', generation: this.applied });
    const { bytes, sizes } = encodeRecords(records);
    await this.guard(file.replace(bytes));
    this.rewrite = false;
    this.inJournal = new Map([...live].map((d, i) => [d, sizes[i]!]));
  }
}
