import type { Blob, Blobs } from '@outpost/shared';

/** What {@link blobBatches} reads through. */
export interface BlobSource {
  /** True when this cluster may receive the digest (its current or in-flight assignment references it). */
  mayServe(digest: string): boolean;
  read(digest: string): Promise<Uint8Array | undefined>;
}

/** One Blobs message and the content bytes it carries. */
export interface BlobBatch {
  blobs: Blobs;
  contentBytes: number;
  /** Digests refused because the blob alone exceeds the message limit. */
  oversized: string[];
}

/** Protobuf framing of one blob in a Blobs message beyond its content and digest (tags, lengths). */
const BLOB_FRAMING_BYTES = 8;

/**
 * Answers a BlobRequest as Blobs messages of at most `maxBatchBytes` each, counting every
 * blob's content, digest and framing (one blob per message when a blob alone is larger). A
 * digest the cluster may not receive, an unknown one, or a blob above `maxBlobBytes` goes
 * into `refused`, never silently dropped.
 */
export async function* blobBatches(
  digests: readonly string[],
  source: BlobSource,
  limits: { maxBatchBytes: number; maxBlobBytes: number },
): AsyncGenerator<BlobBatch> {
  let blobs: Blob[] = [];
  let refused: string[] = [];
  let oversized: string[] = [];
  let bytes = 0;
  let size = 0;
  const take = (): BlobBatch => {
    const batch = { blobs: { blobs, refused }, contentBytes: bytes, oversized };
    blobs = [];
    refused = [];
    oversized = [];
    bytes = 0;
    size = 0;
    return batch;
  };
  for (const digest of digests) {
    const content = source.mayServe(digest) ? await source.read(digest) : undefined;
    if (!content || content.byteLength > limits.maxBlobBytes) {
      if (content) oversized.push(digest);
      refused.push(digest);
      continue;
    }
    const cost = content.byteLength + digest.length + BLOB_FRAMING_BYTES;
    if (blobs.length > 0 && size + cost > limits.maxBatchBytes) yield take();
    blobs.push({ digest, content });
    bytes += content.byteLength;
    size += cost;
  }
  if (blobs.length > 0 || refused.length > 0) yield take();
}
