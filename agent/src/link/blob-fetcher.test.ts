import { describe, expect, it } from 'vitest';
import { sha256Digest } from '@outpost/shared';
import { BlobFetcher } from './blob-fetcher.ts';

const blob = (text: string) => ({ digest: sha256Digest(text), content: new TextEncoder().encode(text) });

describe('blob fetcher', () => {
  it('blob fetcher – completes when every wanted blob arrived, across several messages', async () => {
    const a = blob('{"a":1}');
    const b = blob('{"b":2}');
    const f = new BlobFetcher([a.digest, b.digest]);
    expect(f.batches(1)).toEqual([[a.digest], [b.digest]]);
    f.receive({ blobs: [a], refused: [] });
    f.receive({ blobs: [b], refused: [] });
    const got = await f.done;
    expect([...got.values()].sort()).toEqual(['{"a":1}', '{"b":2}']);
    expect(f.receivedBytes).toBe(14);
  });

  it('blob fetcher – a blob whose content does not match its digest is rejected', async () => {
    const a = blob('{"a":1}');
    const f = new BlobFetcher([a.digest]);
    f.receive({ blobs: [{ digest: a.digest, content: new TextEncoder().encode('{"a":2}') }], refused: [] });
    await expect(f.done).rejects.toThrow(/does not match its digest/);
  });

  it('blob fetcher – a refused digest fails the fetch with the hub’s refusal', async () => {
    const a = blob('{"a":1}');
    const f = new BlobFetcher([a.digest]);
    f.receive({ blobs: [], refused: [a.digest] });
    await expect(f.done).rejects.toThrow(/refused 1 blob/);
  });
});
