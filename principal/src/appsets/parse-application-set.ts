import { ErrorCodes, OutpostError } from '@outpost/shared';
import type { ApplicationSet } from './application-set.ts';
import { isPlainObject } from './flatten.ts';
import { parseYamlStream } from './yaml-like-go.ts';

/**
 * Parses one or more ApplicationSets from YAML or JSON text (multi-document YAML allowed;
 * empty documents skipped). Fields Outpost does not interpret are kept as written.
 *
 * @param file name used in error locations.
 * @throws OutpostError `INPUT_PARSE` (syntax, with line) or `APPSET_INVALID` (shape: wrong
 *   apiVersion/kind, missing name, generators or template, bad field types).
 */
export function parseApplicationSets(text: string, file = '<input>'): ApplicationSet[] {
  const out: ApplicationSet[] = [];
  for (const doc of parseYamlStream(text)) {
    if (doc.problem) {
      throw new OutpostError(ErrorCodes.INPUT_PARSE, `invalid YAML: ${doc.problem.message}`, {
        location: { file, line: doc.problem.line, column: doc.problem.column },
      });
    }
    if (doc.value === null || doc.value === undefined) continue;
    out.push(validateApplicationSet(doc.value, { file, line: doc.line }));
  }
  if (out.length === 0) {
    throw new OutpostError(ErrorCodes.APPSET_INVALID, 'no ApplicationSet found', { location: { file } });
  }
  return out;
}

/**
 * Checks that a decoded object is an ApplicationSet Outpost can resolve and returns it
 * typed. Does not resolve generators.
 *
 * @throws OutpostError `APPSET_INVALID` naming the field.
 */
export function validateApplicationSet(
  value: unknown,
  where: { file?: string; line?: number } = {},
): ApplicationSet {
  const fail = (message: string, appset?: string) =>
    new OutpostError(ErrorCodes.APPSET_INVALID, message, { location: { ...where, appset } });
  if (!isPlainObject(value)) throw fail('an ApplicationSet must be an object');
  if (value.apiVersion !== 'argoproj.io/v1alpha1' || value.kind !== 'ApplicationSet') {
    throw fail(
      `expected apiVersion argoproj.io/v1alpha1 and kind ApplicationSet, got ${JSON.stringify(value.apiVersion)} ${JSON.stringify(value.kind)}`,
    );
  }
  const metadata = value.metadata;
  if (!isPlainObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    throw fail('metadata.name is required');
  }
  const name = metadata.name;
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    throw fail('metadata.namespace must be a string', name);
  }
  const spec = value.spec;
  if (!isPlainObject(spec)) throw fail('spec is required', name);
  if (!Array.isArray(spec.generators)) throw fail('spec.generators must be a list', name);
  spec.generators.forEach((g: unknown, i) => {
    if (!isPlainObject(g)) throw fail(`spec.generators[${i}] must be an object`, name);
  });
  if (!isPlainObject(spec.template)) throw fail('spec.template is required', name);
  if (spec.template.metadata !== undefined && !isPlainObject(spec.template.metadata)) {
    throw fail('spec.template.metadata must be an object', name);
  }
  if (spec.template.spec !== undefined && !isPlainObject(spec.template.spec)) {
    throw fail('spec.template.spec must be an object', name);
  }
  if (spec.goTemplate !== undefined && typeof spec.goTemplate !== 'boolean') {
    throw fail('spec.goTemplate must be true or false', name);
  }
  const opts = spec.goTemplateOptions;
  if (opts !== undefined && (!Array.isArray(opts) || opts.some((o) => typeof o !== 'string'))) {
    throw fail('spec.goTemplateOptions must be a list of strings', name);
  }
  if (spec.templatePatch !== undefined && typeof spec.templatePatch !== 'string') {
    throw fail('spec.templatePatch must be a string', name);
  }
  if (spec.syncPolicy !== undefined && !isPlainObject(spec.syncPolicy))
    throw fail('spec.syncPolicy must be an object', name);
  return value as ApplicationSet;
}
