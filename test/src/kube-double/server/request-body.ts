/**
 * Request bodies of the double's HTTP layer: reading them, and decoding JSON and apply
 * configurations (YAML, or JSON as most clients send) with the real server's error wording.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../core/api-errors.ts';

/** Reads the whole body as UTF-8 (empty when there is none). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    req.once('error', reject);
  });
}

/** Decodes a JSON body; a 400 worded like the apiserver's decoder when it is not JSON. */
export function parseJson(text: string, kind: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = String((e as Error).message);
    const pos = /position (\d+)/.exec(msg);
    const truncated =
      /end of JSON|Unterminated|Unexpected end/i.test(msg) ||
      (pos !== null && Number(pos[1]) >= text.trimEnd().length);
    const snippet = text.length > 30 ? `${text.slice(0, 30)} ...` : text;
    throw badRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${
        truncated ? 'unexpected end of JSON input' : 'invalid character looking for beginning of value'
      } (${snippet})`,
    );
  }
}

/**
 * Decodes a server-side apply body (`application/apply-patch+yaml`): YAML, of which JSON is
 * a subset. A body that is exactly the compact JSON encoding of what it decodes to (as
 * `JSON.stringify` writes it, so without duplicate keys) reads the same as YAML and takes
 * the native JSON parser, many times cheaper than the YAML one; any other body is read as YAML.
 */
export function parseApplyBody(text: string): unknown {
  if (text.charCodeAt(0) === 0x7b /* { */) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value !== undefined && JSON.stringify(value) === text) return value;
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}
