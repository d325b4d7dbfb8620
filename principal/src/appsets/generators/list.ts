import { ErrorCodes } from '@outpost/shared';
import { isPlainObject, type ParamSet } from '../flatten.ts';
import { parseYamlLikeGo } from '../yaml-like-go.ts';
import { generatorError, type GeneratorContext } from './generator-context.ts';

/**
 * The list generator (§3.1): one param set per `elements[]` entry, in order, then one per
 * object of `elementsYaml`. Flat mode requires string values (and `values` as a map of
 * strings, emitted as `values.<k>`); Go mode copies elements verbatim. `elementsYaml`
 * elements are never flattened or stringified. An empty element gives an empty set.
 *
 * @throws OutpostError `APPSET_GENERATOR_INVALID` for a non-object element, a non-string
 *   value in flat mode, or `elementsYaml` that is not a YAML list of objects.
 */
export async function generateList(spec: unknown, ctx: GeneratorContext, path: string): Promise<ParamSet[]> {
  if (!isPlainObject(spec)) throw invalid('list generator must be an object', path);
  const elements = spec.elements ?? [];
  if (!Array.isArray(elements)) throw invalid('elements must be a list', `${path}.elements`);
  const out: ParamSet[] = elements.map((element: unknown, i) => {
    const where = `${path}.elements[${i}]`;
    if (element === null) return {};
    if (!isPlainObject(element)) throw invalid(`error unmarshling list element: not an object`, where);
    return ctx.goTemplate ? { ...element } : flatElement(element, where);
  });
  const yamlText = spec.elementsYaml;
  if (yamlText !== undefined && yamlText !== null) {
    if (typeof yamlText !== 'string') throw invalid('elementsYaml must be a string', `${path}.elementsYaml`);
    if (yamlText.length > 0) out.push(...parseElementsYaml(yamlText, `${path}.elementsYaml`));
  }
  return out;
}

function flatElement(element: Record<string, unknown>, where: string): ParamSet {
  const params: ParamSet = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === 'values') {
      if (!isPlainObject(value))
        throw invalid('error parsing values map: values must be an object', `${where}.values`);
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') {
          throw invalid(
            `error parsing value as string: values.${k} is ${JSON.stringify(v)}`,
            `${where}.values.${k}`,
            hint,
          );
        }
        params[`values.${k}`] = v;
      }
    } else {
      if (typeof value !== 'string') {
        throw invalid(
          `error parsing value as string: ${key} is ${JSON.stringify(value)}`,
          `${where}.${key}`,
          hint,
        );
      }
      params[key] = value;
    }
  }
  return params;
}

const hint = 'quote the value, or use goTemplate: true to keep other types';

function parseElementsYaml(text: string, where: string): ParamSet[] {
  const parsed = parseYamlLikeGo(text);
  if (!parsed.ok) {
    const at = parsed.problem.line !== undefined ? ` (line ${parsed.problem.line} of elementsYaml)` : '';
    throw invalid(`error unmarshling decoded ElementsYaml: ${parsed.problem.message}${at}`, where);
  }
  if (parsed.value === null) return [];
  if (!Array.isArray(parsed.value))
    throw invalid('error unmarshling decoded ElementsYaml: not a list', where);
  return parsed.value.map((item: unknown, i) => {
    if (item === null) return {};
    if (!isPlainObject(item))
      throw invalid(`error unmarshling decoded ElementsYaml: item ${i} is not an object`, where);
    return item;
  });
}

function invalid(message: string, path: string, hintText?: string) {
  return generatorError(
    ErrorCodes.APPSET_GENERATOR_INVALID,
    message,
    path,
    hintText ? { hint: hintText } : {},
  );
}
