import { ErrorCodes } from '@outpost/shared';
import { goSprintV } from '../go-format.ts';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { mergeOverride } from '../mergo.ts';
import { generatorError, type ChildRunner, type GeneratorContext } from './generator-context.ts';

/**
 * The matrix generator (§3.5): exactly two children. For each set `a` of the first child,
 * in order, the second child is re-resolved with `a` interpolated (§6) and every set `b`
 * yields `combine(a, b)`. Flat mode: both stringified with `%v` and unioned, a key with two
 * different values being an error. Go mode: a deep merge where the first child wins on
 * every leaf.
 *
 * @throws OutpostError `APPSET_MATRIX_INVALID` (child count, child shape),
 *   `APPSET_MATRIX_KEY_CONFLICT` (flat mode), or any child's error.
 */
export async function generateMatrix(
  spec: unknown,
  ctx: GeneratorContext,
  path: string,
  runChild: ChildRunner,
): Promise<ParamSet[]> {
  const children = isPlainObject(spec) ? spec.generators : undefined;
  if (!Array.isArray(children)) {
    throw generatorError(
      ErrorCodes.APPSET_MATRIX_INVALID,
      'matrix needs a list of generators',
      `${path}.generators`,
    );
  }
  if (children.length < 2) {
    throw generatorError(
      ErrorCodes.APPSET_MATRIX_INVALID,
      'found less than two generators, Matrix support only two',
      path,
    );
  }
  if (children.length > 2) {
    throw generatorError(
      ErrorCodes.APPSET_MATRIX_INVALID,
      `found more than two generators, Matrix support only two (got ${children.length})`,
      path,
      { hint: 'nest a matrix inside one child to combine more generators' },
    );
  }
  const first = await runChild(children[0], `${path}.generators[0]`, undefined);
  const out: ParamSet[] = [];
  for (const a of first) {
    const second = await runChild(children[1], `${path}.generators[1]`, a);
    for (const b of second)
      out.push(ctx.goTemplate ? mergeOverride(mergeOverride({}, b), a) : combineFlat(a, b, path));
  }
  return out;
}

function combineFlat(a: ParamSet, b: ParamSet, path: string): ParamSet {
  const res: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) res[k] = goSprintV(v);
  for (const [k, raw] of Object.entries(b)) {
    const v = goSprintV(raw);
    const current = res[k];
    if (current !== undefined && current !== v) {
      throw generatorError(
        ErrorCodes.APPSET_MATRIX_KEY_CONFLICT,
        `failed to combine string maps with merging params for the matrix generator: found duplicate key ${k} with different value, a: ${current} ,b: ${v}`,
        path,
        { hint: 'set pathParamPrefix on one of two git generators, or rename the conflicting key' },
      );
    }
    res[k] = v;
  }
  return res;
}
