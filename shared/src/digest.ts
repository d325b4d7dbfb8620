import { createHash } from 'node:crypto';
import { canonicalJson } from './core/canonical-json.ts';

/** `sha256:<hex>` of the bytes. */
export function sha256Digest(bytes: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A rendered object with its canonical bytes and content digest, as the wire carries it. */
export interface DigestedObject {
  digest: string;
  canonical: string;
}

export function digestObject(obj: unknown): DigestedObject {
  const canonical = canonicalJson(obj);
  return { digest: sha256Digest(canonical), canonical };
}
