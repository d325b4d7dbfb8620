import { describe, expect, it } from 'vitest';
import { applySchemaDefaults, pruneUnknown, validateAgainstSchema } from './crd-schema.ts';
import type { OpenApiSchema } from './field-schema.ts';

const schema: OpenApiSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10 },
        color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
        tags: { type: 'array', items: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

describe('CRD structural schema', () => {
  it('prunes unknown fields (not under preserve-unknown-fields) and reports their paths', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a' },
      spec: { size: 1, bogus: true, free: { any: 1 } },
    };
    expect(pruneUnknown(obj, schema)).toEqual(['spec.bogus']);
    expect(obj.spec).toEqual({ size: 1, free: { any: 1 } });
  });

  it('fills defaults', () => {
    const obj = { spec: { size: 2 } };
    applySchemaDefaults(obj, schema);
    expect(obj.spec).toEqual({ size: 2, color: 'red' });
  });

  it('reports enum, bound, type and required violations with the real messages, sorted by field', () => {
    const causes = validateAgainstSchema({ spec: { size: 11, color: 'purple', tags: 'x' } }, schema);
    expect(causes.map((c) => [c.reason, c.field])).toEqual([
      ['FieldValueNotSupported', 'spec.color'],
      ['FieldValueInvalid', 'spec.size'],
      ['FieldValueTypeInvalid', 'spec.tags'],
    ]);
    expect(causes[1]?.message).toBe(
      'Invalid value: 11: spec.size in body should be less than or equal to 10',
    );
    expect(validateAgainstSchema({ spec: {} }, schema)).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.size' },
    ]);
  });
});
