import { ErrorCodes, type OutpostError } from '@outpost/shared';
import type { ApplicationTemplate, GeneratorKind } from './application-set.ts';
import { GENERATOR_KINDS } from './application-set.ts';
import { flattenToStrings, isPlainObject, type ParamSet } from './flatten.ts';
import { generateClusters } from './generators/clusters.ts';
import {
  atGenerator,
  generatorError,
  type ChildRunner,
  type GeneratorContext,
  type TerminalGenerator,
} from './generators/generator-context.ts';
import { generateGit } from './generators/git.ts';
import { generateList } from './generators/list.ts';
import { generateMatrix } from './generators/matrix.ts';
import { generateMerge } from './generators/merge.ts';
import { interpolateGenerator } from './interpolate-generator.ts';
import { compileLabelSelector, type LabelSelector } from './label-selector.ts';
import { mergeFillEmpty } from './mergo.ts';

/**
 * How deep an entry sits: `top` (spec.generators), `nested` (a child of a top-level matrix
 * or merge; may itself be a matrix or merge) or `terminal` (a child of a nested matrix or
 * merge, where `matrix`/`merge` fields do not exist and are ignored, §3.5).
 */
export type GeneratorLevel = 'top' | 'nested' | 'terminal';

/** One generator kind's output within an entry, with the effective template (§1.3). */
export interface TransformResult {
  kind: GeneratorKind;
  /** Path of the generator, e.g. `spec.generators[1].matrix`. */
  path: string;
  params: ParamSet[];
  template: ApplicationTemplate;
}

const TERMINAL: Partial<Record<GeneratorKind, TerminalGenerator>> = {
  list: generateList,
  clusters: generateClusters,
  git: generateGit,
};

/**
 * Argo CD's `Transform` (§1.1) for one generator entry: compiles the post-selector, then
 * for every generator kind the entry names (in struct order) builds the effective
 * template, interpolates the entry with `genParams` when given (matrix second child),
 * generates the param sets and drops those the post-selector rejects (tested against the
 * flattened set). Every kind runs; the first error is thrown afterwards.
 *
 * @throws OutpostError pointing at the generator path.
 */
export async function transform(
  entry: unknown,
  path: string,
  level: GeneratorLevel,
  baseTemplate: ApplicationTemplate | undefined,
  ctx: GeneratorContext,
  genParams: ParamSet | undefined,
): Promise<TransformResult[]> {
  if (!isPlainObject(entry)) {
    throw generatorError(ErrorCodes.APPSET_GENERATOR_INVALID, 'a generator entry must be an object', path);
  }
  let selector: LabelSelector | undefined;
  if (entry.selector !== undefined && entry.selector !== null) {
    try {
      selector = compileLabelSelector(entry.selector, { validateValues: false });
    } catch (err) {
      throw atGenerator(err, `${path}.selector`);
    }
  }
  const kinds = relevantKinds(entry, level);
  const interpolate = genParams !== undefined && Object.keys(genParams).length > 0;
  const results: TransformResult[] = [];
  let firstError: OutpostError | undefined;
  for (const kind of kinds) {
    const kindPath = `${path}.${kind}`;
    try {
      const template = effectiveTemplate(entry[kind], baseTemplate);
      const source = interpolate ? interpolateEntry(entry, genParams, ctx, path) : entry;
      const params = await generate(kind, source[kind], ctx, kindPath, level);
      const kept = selector ? params.filter((p) => selector.matches(flattenToStrings(p))) : params;
      results.push({ kind, path: kindPath, params: kept, template });
    } catch (err) {
      firstError ??= atGenerator(err, kindPath);
    }
  }
  if (firstError) throw firstError;
  return results;
}

function relevantKinds(entry: Record<string, unknown>, level: GeneratorLevel): GeneratorKind[] {
  return GENERATOR_KINDS.filter((kind) => {
    if (entry[kind] === undefined || entry[kind] === null) return false;
    return !(level === 'terminal' && (kind === 'matrix' || kind === 'merge'));
  });
}

function effectiveTemplate(spec: unknown, base: ApplicationTemplate | undefined): ApplicationTemplate {
  const own = isPlainObject(spec) ? spec.template : undefined;
  return mergeFillEmpty(own, base ?? {}) as ApplicationTemplate;
}

function interpolateEntry(
  entry: Record<string, unknown>,
  genParams: ParamSet,
  ctx: GeneratorContext,
  path: string,
): Record<string, unknown> {
  try {
    return interpolateGenerator(entry, genParams, ctx.renderer) as Record<string, unknown>;
  } catch (err) {
    throw atGenerator(err, path);
  }
}

async function generate(
  kind: GeneratorKind,
  spec: unknown,
  ctx: GeneratorContext,
  path: string,
  level: GeneratorLevel,
): Promise<ParamSet[]> {
  const terminal = TERMINAL[kind];
  if (terminal) return terminal(spec, ctx, path);
  if (kind === 'matrix' || kind === 'merge') {
    const childLevel: GeneratorLevel = level === 'top' ? 'nested' : 'terminal';
    const runChild = childRunner(ctx, childLevel, kind);
    return kind === 'matrix'
      ? generateMatrix(spec, ctx, path, runChild)
      : generateMerge(spec, ctx, path, runChild);
  }
  throw generatorError(
    ErrorCodes.APPSET_GENERATOR_INVALID,
    `the ${kind} generator is not supported by Outpost`,
    path,
    { hint: 'use list, clusters, git, matrix or merge generators' },
  );
}

function childRunner(ctx: GeneratorContext, level: GeneratorLevel, parent: 'matrix' | 'merge'): ChildRunner {
  return async (entry, path, genParams) => {
    const results = await transform(entry, path, level, undefined, ctx, genParams);
    if (results.length === 0) {
      const code =
        parent === 'matrix' ? ErrorCodes.APPSET_MATRIX_INVALID : ErrorCodes.APPSET_GENERATOR_INVALID;
      throw generatorError(code, 'child generator generated no parameters', path, {
        hint:
          level === 'terminal'
            ? `a ${parent} nested inside a matrix or merge can only hold list, clusters or git generators`
            : 'name one generator kind in each child',
      });
    }
    if (results.length > 1) {
      throw generatorError(
        parent === 'matrix' ? ErrorCodes.APPSET_MATRIX_INVALID : ErrorCodes.APPSET_GENERATOR_INVALID,
        `found more than one generator in matrix.Generators (${results.map((r) => r.kind).join(', ')})`,
        path,
      );
    }
    return (results[0] as TransformResult).params;
  };
}
