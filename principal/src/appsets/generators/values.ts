import { ErrorCodes } from '@outpost/shared';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { atGenerator, generatorError, type GeneratorContext } from './generator-context.ts';

/**
 * Checks a generator's `values` field: absent, or a map of strings.
 *
 * @throws OutpostError `APPSET_GENERATOR_INVALID`.
 */
export function readValues(values: unknown, path: string): Record<string, string> {
  if (values === undefined || values === null) return {};
  if (!isPlainObject(values) || Object.values(values).some((v) => typeof v !== 'string')) {
    throw generatorError(
      ErrorCodes.APPSET_GENERATOR_INVALID,
      'values must be a map of strings',
      `${path}.values`,
    );
  }
  return values as Record<string, string>;
}

/**
 * Adds a generator's rendered `values` to each param set (Argo CD's
 * `appendTemplatedValues`, §5). Every value is rendered against the params **before** any
 * value is added, so values never see each other. Flat mode adds `values.<k>` keys; Go
 * mode sets `values: {k: rendered}`, replacing any `values` key, only when there is at
 * least one value.
 *
 * @throws OutpostError from the template engine, pointed at `<path>.values.<key>`.
 */
export function appendTemplatedValues(
  values: Readonly<Record<string, string>>,
  params: ParamSet,
  ctx: GeneratorContext,
  path: string,
): void {
  const keys = Object.keys(values);
  if (keys.length === 0) return;
  const rendered: Record<string, string> = {};
  for (const key of keys) {
    try {
      rendered[key] = ctx.renderer.render(values[key] as string, params);
    } catch (err) {
      throw atGenerator(err, `${path}.values.${key}`);
    }
  }
  if (ctx.goTemplate) {
    params.values = rendered;
  } else {
    for (const key of keys) params[`values.${key}`] = rendered[key];
  }
}
