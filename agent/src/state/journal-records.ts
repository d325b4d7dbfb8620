/**
 * The record framing of the agent's state journal (`state.journal`). Each record checks
 * itself: a header line `OJ1 <type> <bodyBytes> <sha256hex>\n`, the body, and a newline.
 * The hash covers the body's bytes. Types and bodies:
 *
 * - `blob`: the object's canonical JSON; the header's hash IS its digest (`sha256:<hex>`), so a
 *   blob record needs no second hash when written.
 * - `assignment`: the DesiredState as JSON.
 * - `applied`: a generation in decimal (a hint, see the store).
 *
 * Bodies never hold a raw newline (JSON escapes them), so every `\nOJ1 ` in a file starts a
 * record; only the hash decides whether it is one.
 */
import { createHash } from 'node:crypto';
import type { DesiredState } from './desired-state.ts';

/** One record of the journal, decoded. */
export type JournalRecord =
  | { type: 'blob'; digest: string; canonical: string }
  | { type: 'assignment'; desired: DesiredState }
  | { type: 'applied'; generation: number };

/** Records encoded for one write, with the size of each record in bytes (in input order). */
export interface EncodedRecords {
  bytes: Buffer;
  sizes: number[];
}

/** A record read from a journal, with where its bytes start and end. */
export interface ScannedRecord {
  record: JournalRecord;
  start: number;
  end: number;
}

/** What {@link scanJournal} found. */
export interface JournalScan {
  /** Every record before the first torn or invalid one. */
  records: ScannedRecord[];
  /** The byte offset where the readable part ends (the file's length when all of it is). */
  readableEnd: number;
  /**
   * Set (to `readableEnd`) when an assignment record past the invalid one still verifies: the
   * damaged bytes were committed before that later save, so this is corruption, not a crash tear.
   */
  corruptAt: number | undefined;
}

const MAGIC = 'OJ1';
const HEADER = /^OJ1 (blob|assignment|applied) (\d{1,10}) ([0-9a-f]{64})$/;
/** Longer than any valid header line (`OJ1 assignment <10 digits> <64 hex>`). */
const MAX_HEADER = 96;
const NEWLINE = 0x0a;

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Encodes records into one buffer, for one write call. Blob digests must already be verified
 * against their canonical JSON (the link checks every blob it receives).
 * @throws Error for a blob digest that is not `sha256:<64 hex>` (a programmer error).
 */
export function encodeRecords(records: readonly JournalRecord[]): EncodedRecords {
  const parts: { header: string; body: string; size: number }[] = [];
  let total = 0;
  for (const r of records) {
    let body: string;
    let hex: string;
    if (r.type === 'blob') {
      hex = r.digest.startsWith('sha256:') ? r.digest.slice(7) : '';
      if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a sha256 digest: ${r.digest}`);
      body = r.canonical;
    } else {
      body = r.type === 'assignment' ? JSON.stringify(r.desired) : String(r.generation);
      hex = sha256Hex(body);
    }
    const bodyBytes = Buffer.byteLength(body, 'utf8');
    const header = `${MAGIC} ${r.type} ${bodyBytes} ${hex}\n`;
    const size = header.length + bodyBytes + 1;
    parts.push({ header, body, size });
    total += size;
  }
  const bytes = Buffer.allocUnsafe(total);
  let at = 0;
  for (const p of parts) {
    at += bytes.write(p.header, at, 'latin1');
    at += bytes.write(p.body, at, 'utf8');
    bytes[at++] = NEWLINE;
  }
  return { bytes, sizes: parts.map((p) => p.size) };
}

/** Reads and verifies the record starting at `at`; `undefined` when it is torn or invalid. */
function readRecord(buf: Buffer, at: number): ScannedRecord | undefined {
  const nl = buf.subarray(at, Math.min(buf.length, at + MAX_HEADER)).indexOf(NEWLINE);
  if (nl < 0) return undefined;
  const m = HEADER.exec(buf.toString('latin1', at, at + nl));
  if (!m) return undefined;
  const type = m[1] as JournalRecord['type'];
  const hex = m[3]!;
  const bodyStart = at + nl + 1;
  const end = bodyStart + Number(m[2]);
  if (end >= buf.length || buf[end] !== NEWLINE) return undefined;
  const body = buf.subarray(bodyStart, end);
  if (sha256Hex(body) !== hex) return undefined;
  const record = decodeBody(type, hex, body.toString('utf8'));
  return record && { record, start: at, end: end + 1 };
}

function decodeBody(type: JournalRecord['type'], hex: string, text: string): JournalRecord | undefined {
  if (type === 'blob') return { type, digest: `sha256:${hex}`, canonical: text };
  if (type === 'applied') {
    return /^\d{1,15}$/.test(text) ? { type, generation: Number(text) } : undefined;
  }
  try {
    const desired = JSON.parse(text) as DesiredState;
    const valid = Number.isSafeInteger(desired?.generation) && Array.isArray(desired?.apps);
    return valid ? { type, desired } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a journal's records in order, verifying each. The first torn or invalid record ends the
 * readable part; past it, a later assignment record that verifies marks the damage as corruption
 * (see {@link JournalScan.corruptAt}).
 */
export function scanJournal(buf: Buffer): JournalScan {
  const records: ScannedRecord[] = [];
  let at = 0;
  while (at < buf.length) {
    const r = readRecord(buf, at);
    if (!r) break;
    records.push(r);
    at = r.end;
  }
  return {
    records,
    readableEnd: at,
    corruptAt: at < buf.length && laterAssignment(buf, at) ? at : undefined,
  };
}

function laterAssignment(buf: Buffer, from: number): boolean {
  const marker = `\n${MAGIC} assignment `;
  for (let i = buf.indexOf(marker, from, 'latin1'); i >= 0; i = buf.indexOf(marker, i + 1, 'latin1')) {
    if (readRecord(buf, i + 1)) return true;
  }
  return false;
}
