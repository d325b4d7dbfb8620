import { ErrorCodes, OutpostError } from '@outpost/shared';
import { isPlainObject, type ParamSet } from './flatten.ts';
import type { StringRenderer } from './string-renderer.ts';
import { isMissingKeyError } from './template-go.ts';

const GENERATORS_WITH_VALUES = new Set([
  'clusters',
  'git',
  'scmProvider',
  'clusterDecisionResource',
  'pullRequest',
  'plugin',
]);

/**
 * Renders a matrix's second child with one param set of the first child (§6): every
 * string and every map key of the entry, in the ApplicationSet's mode and options. A
 * generator's `values` map is special: in Go mode each value is rendered with
 * `missingkey=error`, and a missing key leaves the original template in place for the
 * child to resolve against its own params.
 *
 * @throws OutpostError `APPSET_TEMPLATE_PARSE`/`APPSET_TEMPLATE_EXEC` prefixed
 *   `failed to replace parameters in generator: …` (or `failed to pre-resolve Values key`).
 */
export function interpolateGenerator(entry: unknown, params: ParamSet, renderer: StringRenderer): unknown {
  if (!isPlainObject(entry)) return renderDeep(entry, params, renderer);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    const k = wrap(() => renderer.render(key, params));
    if (GENERATORS_WITH_VALUES.has(key) && isPlainObject(value)) {
      const spec: Record<string, unknown> = {};
      for (const [field, v] of Object.entries(value)) {
        const f = wrap(() => renderer.render(field, params));
        spec[f] =
          field === 'values' && isPlainObject(v)
            ? renderValues(v, params, renderer)
            : renderDeep(v, params, renderer);
      }
      out[k] = spec;
    } else {
      out[k] = renderDeep(value, params, renderer);
    }
  }
  return out;
}

function renderValues(values: Record<string, unknown>, params: ParamSet, renderer: StringRenderer) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      out[key] = value;
      continue;
    }
    if (!renderer.goTemplate) {
      out[key] = wrap(() => renderer.render(value, params));
      continue;
    }
    try {
      out[key] = renderer.render(value, params, true);
    } catch (err) {
      if (isMissingKeyError(err)) {
        out[key] = value;
        continue;
      }
      const e = err as OutpostError;
      throw new OutpostError(
        e.code ?? ErrorCodes.APPSET_TEMPLATE_EXEC,
        `failed to replace parameters in generator: failed to pre-resolve Values key ${JSON.stringify(key)}: ${e.message}`,
        { cause: err },
      );
    }
  }
  return out;
}

function renderDeep(value: unknown, params: ParamSet, renderer: StringRenderer): unknown {
  if (typeof value === 'string') return wrap(() => renderer.render(value, params));
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, params, renderer));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[wrap(() => renderer.render(k, params))] = renderDeep(v, params, renderer);
    return out;
  }
  return value;
}

function wrap(render: () => string): string {
  try {
    return render();
  } catch (err) {
    if (!(err instanceof OutpostError)) throw err;
    throw new OutpostError(err.code, `failed to replace parameters in generator: ${err.message}`, {
      cause: err,
      hint: err.hint,
      location: err.location,
    });
  }
}
