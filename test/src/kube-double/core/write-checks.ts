/**
 * The checks every write to the double makes before storing: the body's kind and apiVersion,
 * its namespace against the request's, then defaults, CRD schema pruning and validation.
 */
import { badRequest, invalid } from './api-errors.ts';
import { applySchemaDefaults, pruneUnknown, validateAgainstSchema } from './crd-schema.ts';
import { applyDefaults } from './defaults.ts';
import type { WriteOptions } from './object-api.ts';
import { clone, isPlainObject, meta } from './objects.ts';
import type { JsonObject } from './objects.ts';
import { apiVersionOf } from './resource-catalog.ts';
import type { ResourceType } from './resource-catalog.ts';
import { validateObject } from './validation.ts';

/** The request body as an object of `r`'s kind and apiVersion (a copy). */
export function checkBody(r: ResourceType, body: unknown): JsonObject {
  if (!isPlainObject(body))
    throw badRequest(`the object provided is unrecognized (must be of type ${r.kind})`);
  if (body['kind'] !== undefined && body['kind'] !== r.kind) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${r.kind}): kind ${String(body['kind'])}`,
    );
  }
  if (body['apiVersion'] !== undefined && body['apiVersion'] !== apiVersionOf(r)) {
    throw badRequest(
      `the API version in the data (${String(body['apiVersion'])}) does not match the expected API version (${apiVersionOf(r)})`,
    );
  }
  return clone(body);
}

/** Sets the object's namespace from the request (cluster-scoped: none); a different one is refused. */
export function checkNamespace(r: ResourceType, obj: JsonObject, namespace: string): void {
  const m = meta(obj);
  if (!r.namespaced) {
    delete m['namespace'];
    return;
  }
  if (m['namespace'] !== undefined && m['namespace'] !== '' && m['namespace'] !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  m['namespace'] = namespace;
}

/** Defaults, pruning and validation shared by every write; returns warnings. */
export function normalizeForWrite(
  r: ResourceType,
  obj: JsonObject,
  name: string,
  opts: WriteOptions,
): string[] {
  const warnings: string[] = [];
  applyDefaults(r, obj);
  if (r.custom) {
    warnings.push(...unknownFields(r, obj, opts));
    applySchemaDefaults(obj, r.openApi);
    const causes = validateAgainstSchema(obj, r.openApi);
    if (causes.length > 0) throw invalid(r, name, causes);
  }
  const causes = validateObject(r, obj);
  if (causes.length > 0) throw invalid(r, name, causes);
  return warnings;
}

/** Prunes fields the CRD schema does not declare, as `fieldValidation` asks. */
export function unknownFields(r: ResourceType, obj: JsonObject, opts: WriteOptions): string[] {
  const found = pruneUnknown(obj, r.openApi).map((p) => `unknown field "${p}"`);
  if (found.length > 0 && opts.fieldValidation === 'Strict') {
    throw badRequest(
      `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${found.join(', ')}`,
    );
  }
  return opts.fieldValidation === 'Ignore' ? [] : found;
}
