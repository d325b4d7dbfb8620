/**
 * Field-by-field comparison of a recorded JSON body with the double's answer, with named
 * ignored paths (each with the reason the double deliberately differs there).
 */

/**
 * A path pattern the comparison skips, and why. Segments are separated by `.` (a literal dot
 * in a key is `\\.`): names, `*` (one segment), `**` (any depth).
 */
export interface IgnoredPath {
  path: string;
  reason: string;
}

function matches(pattern: string[], path: string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let i = 0; i <= path.length; i++) if (matches(rest, path.slice(i))) return true;
    return false;
  }
  if (path.length === 0) return false;
  return (head === '*' || head === path[0]) && matches(rest, path.slice(1));
}

/** Compares `expected` with `actual`; returns one line per difference (empty when equal). */
export function compareJson(
  expected: unknown,
  actual: unknown,
  ignored: readonly IgnoredPath[] = [],
): string[] {
  const patterns = ignored.map((i) => i.path.split(/(?<!\\)\./).map((seg) => seg.replace(/\\\./g, '.')));
  const diffs: string[] = [];
  const visit = (e: unknown, a: unknown, path: string[]) => {
    if (patterns.some((p) => matches(p, path))) return;
    const where = path.join('.') || '(root)';
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return void diffs.push(`${where}: expected an array, got ${JSON.stringify(a)}`);
      if (e.length !== a.length) diffs.push(`${where}: expected ${e.length} items, got ${a.length}`);
      for (let i = 0; i < Math.min(e.length, a.length); i++) visit(e[i], a[i], [...path, String(i)]);
      return;
    }
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) {
        return void diffs.push(`${where}: expected an object, got ${JSON.stringify(a)}`);
      }
      const eo = e as Record<string, unknown>;
      const ao = a as Record<string, unknown>;
      for (const k of new Set([...Object.keys(eo), ...Object.keys(ao)])) {
        if (patterns.some((p) => matches(p, [...path, k]))) continue;
        if (!(k in ao)) diffs.push(`${[...path, k].join('.')}: missing (expected ${JSON.stringify(eo[k])})`);
        else if (!(k in eo)) diffs.push(`${[...path, k].join('.')}: unexpected ${JSON.stringify(ao[k])}`);
        else visit(eo[k], ao[k], [...path, k]);
      }
      return;
    }
    if (e !== a) diffs.push(`${where}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  };
  visit(expected, actual, []);
  return diffs;
}

/** Sorts managedFields entries by manager, operation and subresource (the double keeps its own order). */
export function normalizeManagedFields(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(normalizeManagedFields);
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'managedFields' && Array.isArray(v)) {
      const key = (x: Record<string, unknown>) =>
        `${String(x['manager'])}|${String(x['operation'])}|${String(x['subresource'] ?? '')}`;
      out[k] = [...(v as Record<string, unknown>[])].sort((a, b) => key(a).localeCompare(key(b)));
    } else out[k] = normalizeManagedFields(v);
  }
  return out;
}
