/**
 * Reading manifest files: YAML (multi-document) and JSON, with the line of every object,
 * empty documents skipped and `List` kinds flattened into their items, as Argo CD's
 * repo-server does. Every object is validated.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml';
import { manifestError, validateManifest, type SourcedObject } from './manifest.ts';

/** File names the directory renderer reads (case-sensitive, as Argo CD). */
export function isManifestFile(path: string): boolean {
  return path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.json');
}

/** True for `kind: List` and `*List` kinds that carry an `items` array. */
function isListObject(value: unknown): value is { kind: string; items: unknown[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { kind, items } = value as Record<string, unknown>;
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

function lineOf(node: Node | null | undefined, counter: LineCounter, fallback: number): number {
  const offset = node?.range?.[0];
  return offset === undefined ? fallback : counter.linePos(offset).line;
}

/**
 * Parses one manifest file into validated objects in document order.
 *
 * @param file repo-relative path, used in errors and in each object's source.
 * @param text the file's content.
 * @throws OutpostError RENDER_MANIFEST_INVALID on a syntax error or an invalid object, with file:line.
 */
export function parseManifests(file: string, text: string): SourcedObject[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), {
    lineCounter: counter,
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
  });
  const out: SourcedObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0] ?? counter.linePos(error.pos[0]);
      throw manifestError(`YAML syntax error: ${error.message.split('\n')[0]}`, {
        file,
        line: pos.line,
      });
    }
    const contents = doc.contents;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const line = lineOf(contents, counter, 1);
    if (isListObject(value)) {
      const itemNodes = isMap(contents) ? contents.get('items', true) : undefined;
      value.items.forEach((item, index) => {
        const node = isSeq(itemNodes) ? (itemNodes.items[index] as Node | undefined) : undefined;
        const source = { file, line: lineOf(node, counter, line) };
        out.push({ object: validateManifest(item, source), source });
      });
      continue;
    }
    const source = { file, line };
    out.push({ object: validateManifest(value, source), source });
  }
  return out;
}

/** Thrown text for a file that is not valid UTF-8. */
export function decodeManifest(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw manifestError('file is not valid UTF-8', { file });
  }
}
