import { describe, expect, it } from 'vitest';
import { blobBatches, type BlobBatch } from './blob-batches.ts';

const store: Record<string, Uint8Array> = {
  a: new Uint8Array(40),
  b: new Uint8Array(40),
  c: new Uint8Array(40),
  huge: new Uint8Array(500),
  theirs: new Uint8Array(10),
};
const source = { mayServe: (d: string) => d !== 'theirs', read: async (d: string) => store[d] };

async function all(digests: string[]): Promise<BlobBatch[]> {
  const out: BlobBatch[] = [];
  for await (const b of blobBatches(digests, source, { maxBatchBytes: 100, maxBlobBytes: 200 })) out.push(b);
  return out;
}

describe('blob batches', () => {
  it('blob batches – blobs are packed up to the batch size, in request order', async () => {
    const batches = await all(['a', 'b', 'c']);
    expect(batches.map((b) => b.blobs.blobs.map((x) => x.digest))).toEqual([['a', 'b'], ['c']]);
    expect(batches.map((b) => b.contentBytes)).toEqual([80, 40]);
  });

  it('blob batches – a batch counts each blob\u2019s digest and framing, not only its content', async () => {
    const digests = Array.from({ length: 6 }, (_, i) => `sha256:${String(i).repeat(64)}`);
    const small = { mayServe: () => true, read: async () => new Uint8Array(10) };
    const batches: BlobBatch[] = [];
    for await (const b of blobBatches(digests, small, { maxBatchBytes: 200, maxBlobBytes: 200 }))
      batches.push(b);
    // 10 content + 71 digest + 8 framing = 89 per blob: two fit in 200, three would not.
    expect(batches.map((b) => b.blobs.blobs.length)).toEqual([2, 2, 2]);
  });

  it('blob batches – foreign, unknown and oversized digests are refused, not dropped', async () => {
    const batches = await all(['theirs', 'a', 'missing', 'huge']);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.blobs.refused).toEqual(['theirs', 'missing', 'huge']);
    expect(batches[0]!.oversized).toEqual(['huge']);
    expect(batches[0]!.blobs.blobs.map((x) => x.digest)).toEqual(['a']);
  });

  it('blob batches – an empty request yields nothing', async () => {
    expect(await all([])).toEqual([]);
  });
});
