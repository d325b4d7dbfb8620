/**
 * Structural-schema handling for custom resources: pruning of unknown fields (with the
 * warnings the real server sends), schema defaults, and validation of type, enum, bounds and
 * required fields with the real server's messages.
 */
import type { StatusCause } from './api-errors.ts';
import type { OpenApiSchema } from './field-schema.ts';
import { isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

const META_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/** Removes fields the schema does not declare; returns their paths (`spec.bogus`). */
export function pruneUnknown(obj: JsonObject, schema: OpenApiSchema | undefined): string[] {
  const pruned: string[] = [];
  if (!schema) return pruned;
  const visit = (value: unknown, s: OpenApiSchema | undefined, path: string): void => {
    if (!s || s['x-kubernetes-preserve-unknown-fields']) return;
    if (isPlainObject(value)) {
      for (const k of Object.keys(value)) {
        if (path === '' && META_KEYS.has(k)) continue;
        const sub =
          s.properties?.[k] ??
          (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (!sub && s.additionalProperties !== true) {
          pruned.push(path ? `${path}.${k}` : k);
          delete value[k];
        } else visit(value[k], sub, path ? `${path}.${k}` : k);
      }
    } else if (Array.isArray(value) && s.items) {
      value.forEach((v, i) => visit(v, s.items, `${path}[${i}]`));
    }
  };
  visit(obj, schema, '');
  return pruned;
}

/** Fills `default` values declared by the schema, in place. */
export function applySchemaDefaults(value: unknown, schema: OpenApiSchema | undefined): void {
  if (!schema) return;
  if (isPlainObject(value) && schema.properties) {
    for (const [k, sub] of Object.entries(schema.properties)) {
      if (value[k] === undefined && sub.default !== undefined) value[k] = structuredClone(sub.default);
      applySchemaDefaults(value[k], sub);
    }
  } else if (Array.isArray(value) && schema.items) {
    for (const v of value) applySchemaDefaults(v, schema.items);
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
  const actual = typeOf(v);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return actual === expected;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Validates a custom resource against its schema; causes are sorted by field like the real server. */
export function validateAgainstSchema(obj: JsonObject, schema: OpenApiSchema | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!schema) return causes;
  const visit = (value: unknown, s: OpenApiSchema, path: string): void => {
    if (value === undefined) return;
    if (s.type && !s['x-kubernetes-int-or-string'] && !typeMatches(s.type, value)) {
      const actual = typeOf(value) === 'integer' ? 'number' : typeOf(value);
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "${actual}": ${path} in body must be of type ${s.type}: "${actual}"`,
        field: path,
      });
      return;
    }
    if (s.enum && !s.enum.some((e) => e === value)) {
      causes.push({
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${show(value)}: supported values: ${s.enum.map(show).join(', ')}`,
        field: path,
      });
    }
    if (typeof value === 'number') {
      if (s.maximum !== undefined && value > s.maximum) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${value}: ${path} in body should be less than or equal to ${s.maximum}`,
          field: path,
        });
      }
      if (s.minimum !== undefined && value < s.minimum) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${s.minimum}`,
          field: path,
        });
      }
    }
    if (isPlainObject(value)) {
      for (const req of s.required ?? []) {
        if (value[req] === undefined) {
          causes.push({
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: path ? `${path}.${req}` : req,
          });
        }
      }
      for (const k of Object.keys(value).sort()) {
        if (path === '' && META_KEYS.has(k)) continue;
        const sub =
          s.properties?.[k] ??
          (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (sub) visit(value[k], sub, path ? `${path}.${k}` : k);
      }
    } else if (Array.isArray(value) && s.items) {
      value.forEach((v, i) => visit(v, s.items as OpenApiSchema, `${path}[${i}]`));
    }
  };
  visit(obj, schema, '');
  return causes.sort((a, b) => (a.field ?? '').localeCompare(b.field ?? ''));
}
