import { ErrorCodes } from '@outpost/shared';
import { goSprintV } from '../go-format.ts';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { mergeOverride } from '../mergo.ts';
import { generatorError, type ChildRunner, type GeneratorContext } from './generator-context.ts';

/**
 * The merge generator (§3.6): at least two children, resolved independently. Sets are
 * keyed by the JSON of their (literal, top-level) `mergeKeys` values, a missing key being
 * `null`; a key repeated within one child is an error. For each later child, a base set
 * (from the first child) with the same key is overridden: flat mode copies keys (all
 * values become `%v` strings), Go mode deep-merges with the later child winning. Sets
 * found only in later children are dropped. Argo CD's output order is random; Outpost
 * keeps the first child's order.
 *
 * @throws OutpostError `APPSET_GENERATOR_INVALID` (children, mergeKeys),
 *   `APPSET_MERGE_DUPLICATE_KEY`, or any child's error.
 */
export async function generateMerge(
  spec: unknown,
  ctx: GeneratorContext,
  path: string,
  runChild: ChildRunner,
): Promise<ParamSet[]> {
  const children = isPlainObject(spec) ? spec.generators : undefined;
  if (!Array.isArray(children) || children.length < 2) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_INVALID,
      'found less than two generators, Merge requires two or more',
      `${path}.generators`,
    );
  }
  const sets: ParamSet[][] = [];
  for (const [i, child] of children.entries())
    sets.push(await runChild(child, `${path}.generators[${i}]`, undefined));
  const rawKeys = isPlainObject(spec) ? spec.mergeKeys : undefined;
  if (!Array.isArray(rawKeys) || rawKeys.length === 0) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_INVALID,
      'no merge keys were specified, Merge requires at least one',
      `${path}.mergeKeys`,
    );
  }
  const mergeKeys = [...new Set(rawKeys.map(String))].sort();
  const base = byMergeKey(mergeKeys, sets[0] ?? [], `${path}.generators[0]`);
  sets.slice(1).forEach((childSets, i) => {
    const overrides = byMergeKey(mergeKeys, childSets, `${path}.generators[${i + 1}]`);
    for (const [key, baseSet] of base) {
      const override = overrides.get(key);
      if (override === undefined) continue;
      base.set(key, ctx.goTemplate ? mergeOverride(baseSet, override) : copyStrings(baseSet, override));
    }
  });
  return [...base.values()];
}

function byMergeKey(mergeKeys: string[], sets: ParamSet[], path: string): Map<string, ParamSet> {
  const out = new Map<string, ParamSet>();
  for (const set of sets) {
    const keyObject: Record<string, unknown> = {};
    for (const k of mergeKeys) keyObject[k] = set[k] ?? null;
    const key = goJson(keyObject);
    if (out.has(key)) {
      throw generatorError(
        ErrorCodes.APPSET_MERGE_DUPLICATE_KEY,
        `the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${key}`,
        path,
        { hint: 'choose mergeKeys whose values are unique within every child generator' },
      );
    }
    out.set(key, set);
  }
  return out;
}

function copyStrings(base: ParamSet, override: ParamSet): ParamSet {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) out[k] = goSprintV(v);
  for (const [k, v] of Object.entries(override)) out[k] = goSprintV(v);
  return out;
}

/** Go's `json.Marshal` of decoded JSON: sorted map keys and HTML-safe escaping. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (isPlainObject(v)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) o[k] = sorted(v[k]);
      return o;
    }
    return v === undefined ? null : v;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
