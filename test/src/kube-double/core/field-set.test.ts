import { describe, expect, it } from 'vitest';
import { builtinFieldSchema } from './field-schema.ts';
import { diffFields, fieldSetOf, formatPath, fromFieldsV1, toFieldsV1 } from './field-set.ts';

describe('field sets (FieldsV1)', () => {
  it('an apply configuration yields leaves, keyed list items with "." and no map members', () => {
    const set = fieldSetOf(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
      builtinFieldSchema,
    );
    expect(toFieldsV1(set)).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:image': {},
                'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    });
  });

  it('set-type lists give v: items and FieldsV1 round-trips', () => {
    const set = fieldSetOf({ metadata: { finalizers: ['a/b', 'c'] } }, builtinFieldSchema);
    const json = toFieldsV1(set);
    expect(json).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"a/b"': {}, 'v:"c"': {} } } });
    expect(fromFieldsV1(json)).toEqual(set);
  });

  it('an update marks new maps and lists with "." but not always-present ones, and reports removals', () => {
    const { changed, removed } = diffFields(
      { metadata: { annotations: { x: '1' } }, spec: { replicas: 1 } },
      { metadata: { labels: { a: 'b' } }, spec: { replicas: 2 }, data: { k: 'v' } },
      builtinFieldSchema,
    );
    expect(toFieldsV1(changed)).toEqual({
      'f:data': { '.': {}, 'f:k': {} },
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
      'f:spec': { 'f:replicas': {} },
    });
    expect(toFieldsV1(removed)).toEqual({ 'f:metadata': { 'f:annotations': {} } });
  });

  it('conflict messages render paths with keys', () => {
    const [key] = [
      ...fieldSetOf({ spec: { containers: [{ name: 'app', image: 'x' }] } }, builtinFieldSchema),
    ].filter((k) => k.endsWith('f:image'));
    expect(formatPath(key ?? '')).toBe('.spec.containers[name="app"].image');
  });
});
