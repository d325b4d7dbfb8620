/**
 * Label selectors (equality- and set-based: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`) and field selectors (`metadata.name`, `metadata.namespace`).
 */

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

/** A parsed selector; `matches` tests a label (or field) map. */
export interface Selector {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

/** A selector that cannot be parsed; the message is shown to the client in a 400 Status. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const SET_RE = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/;

function parseRequirement(text: string): Requirement {
  const set = SET_RE.exec(text);
  if (set) {
    const values = (set[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1] ?? '', values };
  }
  const neq = /^([^\s!=]+)\s*!=\s*([^\s!=]*)$/.exec(text);
  if (neq) return { op: 'neq', key: neq[1] ?? '', value: neq[2] ?? '' };
  const eq = /^([^\s!=]+)\s*==?\s*([^\s!=]*)$/.exec(text);
  if (eq) return { op: 'eq', key: eq[1] ?? '', value: eq[2] ?? '' };
  const not = /^!\s*([^\s!=(),]+)$/.exec(text);
  if (not) return { op: 'notexists', key: not[1] ?? '' };
  if (/^[^\s!=(),]+$/.test(text)) return { op: 'exists', key: text };
  throw new SelectorError(`unable to parse requirement: ${JSON.stringify(text)}`);
}

function test(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'eq':
      return has && v === r.value;
    case 'neq':
      return !has || v !== r.value;
    case 'in':
      return has && r.values.includes(v ?? '');
    case 'notin':
      return !has || !r.values.includes(v ?? '');
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

/** Parses a label selector string; an empty string selects everything. */
export function parseLabelSelector(text: string | undefined): Selector {
  const reqs = splitTopLevel(text ?? '').map(parseRequirement);
  return { matches: (labels) => reqs.every((r) => test(r, labels)) };
}

/** Field selectors every resource supports. */
export const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace'] as const;

/** Extra field selectors of some kinds, as the real server registers them. */
export const KIND_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  Job: ['status.successful'],
};

/**
 * Parses a field selector: equality or inequality on `metadata.name`, `metadata.namespace` and
 * the kind's own fields (`KIND_FIELDS`); anything else throws with the real server's message.
 */
export function parseFieldSelector(text: string | undefined, kind = ''): Selector {
  const supported = [...SUPPORTED_FIELDS, ...(KIND_FIELDS[kind] ?? [])];
  const reqs = splitTopLevel(text ?? '').map(parseRequirement);
  for (const r of reqs) {
    if (!supported.includes(r.key)) {
      throw new SelectorError(
        `"${r.key}" is not a known field selector: only ${supported.map((f) => `"${f}"`).join(', ')}`,
      );
    }
    if (r.op !== 'eq' && r.op !== 'neq') throw new SelectorError(`invalid selector: ${JSON.stringify(text)}`);
  }
  return { matches: (fields) => reqs.every((r) => test(r, fields)) };
}

/** The keys a field selector may name for `kind`. */
export function fieldSelectorKeys(kind: string): readonly string[] {
  return [...SUPPORTED_FIELDS, ...(KIND_FIELDS[kind] ?? [])];
}
