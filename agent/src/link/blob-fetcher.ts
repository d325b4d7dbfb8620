import { ErrorCodes, OutpostError, sha256Digest } from '@outpost/shared';
import type { Blobs } from '@outpost/shared';

/**
 * Tracks one assignment's outstanding blob requests: requests go out in batches of at
 * most `maxPerRequest` digests, answers (possibly split over several Blobs messages)
 * are matched by digest, and every blob's content is checked against its digest before
 * it is accepted.
 */
export class BlobFetcher {
  private readonly wanted: Set<string>;
  private readonly got = new Map<string, string>();
  private bytes = 0;
  private resolve!: (blobs: Map<string, string>) => void;
  private reject!: (err: Error) => void;
  /** Settles when every wanted blob arrived (or one was refused or corrupt). */
  readonly done: Promise<Map<string, string>>;

  constructor(digests: Iterable<string>) {
    this.wanted = new Set(digests);
    this.done = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    this.done.catch(() => undefined);
    if (this.wanted.size === 0) this.resolve(this.got);
  }

  /** The BlobRequest batches to send: every wanted blob not received yet. */
  batches(maxPerRequest: number): string[][] {
    const all = [...this.wanted].filter((d) => !this.got.has(d));
    const out: string[][] = [];
    for (let i = 0; i < all.length; i += maxPerRequest) out.push(all.slice(i, i + maxPerRequest));
    return out;
  }

  /** Feeds one Blobs message. */
  receive(message: Blobs): void {
    const refused = message.refused.filter((d) => this.wanted.has(d));
    if (refused.length > 0) {
      this.reject(
        new OutpostError(
          ErrorCodes.BLOB_INVALID,
          `the hub refused ${refused.length} blob(s) of the assignment, e.g. ${refused[0]}`,
          {
            hint: 'the hub no longer serves them; the agent waits for the next assignment',
          },
        ),
      );
      return;
    }
    for (const blob of message.blobs) {
      if (!this.wanted.has(blob.digest) || this.got.has(blob.digest)) continue;
      const text = Buffer.from(blob.content).toString('utf8');
      if (sha256Digest(text) !== blob.digest) {
        this.reject(
          new OutpostError(ErrorCodes.BLOB_INVALID, `blob ${blob.digest} does not match its digest`),
        );
        return;
      }
      this.got.set(blob.digest, text);
      this.bytes += blob.content.byteLength;
    }
    if (this.got.size === this.wanted.size) this.resolve(this.got);
  }

  /** Abandons the fetch (stream ended or a newer assignment arrived). */
  cancel(reason: Error): void {
    this.reject(reason);
  }

  /** Wanted blobs received so far. */
  get receivedCount(): number {
    return this.got.size;
  }

  /** Blob bytes received so far. */
  get receivedBytes(): number {
    return this.bytes;
  }
}
