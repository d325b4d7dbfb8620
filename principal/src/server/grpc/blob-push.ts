/**
 * Capability `blob-push`: the blobs a delta assignment brings that the agent cannot hold
 * yet, sent with the assignment instead of after the agent's BlobRequest. A one-object
 * commit then reaches an agent in one message instead of a round trip through a hub that is
 * serving the same commit to every other cluster.
 *
 * Only refs of the delta count (added or changed objects: their content is new unless it
 * equals another object's, in which case the agent ignores the copy), only blobs in the
 * hub's memory cache (a fan-out has just written them there; nothing waits for the disk),
 * and only up to a byte budget. Whatever is left out the agent requests as before.
 */
import type { Assignment, Blob } from '@outpost/shared';

/** The blobs to send along with `delta`, in ref order, and their content bytes. */
export function blobsToPush(
  delta: Assignment,
  cached: (digest: string) => Uint8Array | undefined,
  budgetBytes: number,
): { blobs: Blob[]; bytes: number } {
  const blobs: Blob[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  for (const app of delta.apps) {
    for (const ref of app.objects) {
      if (seen.has(ref.digest)) continue;
      seen.add(ref.digest);
      const content = cached(ref.digest);
      if (!content || bytes + content.byteLength > budgetBytes) continue;
      blobs.push({ digest: ref.digest, content });
      bytes += content.byteLength;
    }
  }
  return { blobs, bytes };
}
