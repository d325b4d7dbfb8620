import { readFile } from 'node:fs/promises';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ClusterInfo, ClusterInventory } from '../appsets/application.ts';

/**
 * Reads a cluster inventory file for offline use (`outpost appset generate --clusters`):
 * a YAML or JSON list of `{name, server, project?, labels?, annotations?}`.
 *
 * @throws OutpostError `INPUT_PARSE` (syntax) or `CONFIG_INVALID` (shape), with file and line.
 */
export async function loadClusterInventoryFile(file: string): Promise<ClusterInventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new OutpostError(
      ErrorCodes.CONFIG_INVALID,
      `cannot read cluster inventory: ${(err as Error).message}`,
      {
        location: { file },
        cause: err,
      },
    );
  }
  const clusters = parseClusterInventory(text, file);
  return { list: () => Promise.resolve(clusters) };
}

/** Parses the text of a cluster inventory file (see {@link loadClusterInventoryFile}). */
export function parseClusterInventory(text: string, file: string): ClusterInfo[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const syntax = doc.errors[0];
  if (syntax) {
    throw new OutpostError(
      ErrorCodes.INPUT_PARSE,
      `invalid cluster inventory: ${syntax.message.split('\n')[0]}`,
      {
        location: { file, line: syntax.linePos?.[0]?.line },
      },
    );
  }
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lines.linePos(node.range[0]).line : undefined;
  const fail = (message: string, node?: Node | null) =>
    new OutpostError(ErrorCodes.CONFIG_INVALID, message, {
      location: { file, line: lineOf(node ?? (doc.contents as Node | null)) },
      hint: 'the file must be a list of {name, server, project?, labels?, annotations?}',
    });
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) throw fail('a cluster inventory must be a list');
  const seen = new Set<string>();
  return doc.contents.items.map((item, i) => {
    const node = item as Node;
    if (!isMap(node)) throw fail(`clusters[${i}] must be an object`, node);
    const raw = node.toJSON() as Record<string, unknown>;
    const { name, server, project, labels, annotations } = raw;
    if (typeof name !== 'string' || name === '')
      throw fail(`clusters[${i}].name must be a non-empty string`, node);
    if (seen.has(name)) throw fail(`cluster ${name} is listed twice`, node);
    seen.add(name);
    if (typeof server !== 'string' || server === '')
      throw fail(`cluster ${name}: server must be a non-empty string`, node);
    if (project !== undefined && typeof project !== 'string')
      throw fail(`cluster ${name}: project must be a string`, node);
    const cluster: ClusterInfo = { name, server };
    if (project !== undefined) cluster.project = project;
    const l = stringMap(labels, `cluster ${name}: labels`, node, fail);
    const a = stringMap(annotations, `cluster ${name}: annotations`, node, fail);
    if (l) cluster.labels = l;
    if (a) cluster.annotations = a;
    return cluster;
  });
}

function stringMap(
  value: unknown,
  what: string,
  node: Node,
  fail: (message: string, node?: Node) => OutpostError,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw fail(`${what} must be a map of strings`, node);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`${what}.${k} must be a string (quote numbers and booleans)`, node);
    out[k] = v;
  }
  return out;
}
