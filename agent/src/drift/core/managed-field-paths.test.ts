import { describe, expect, it } from 'vitest';
import { managedFieldPaths } from './managed-field-paths.ts';
import { compareObject } from './compare-object.ts';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    managedFields: [
      {
        manager: 'outpost',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:template': {
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
      {
        manager: 'hpa-controller',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"web"}': { 'f:resources': { 'f:limits': { 'f:cpu': {} } } } },
              },
            },
          },
        },
      },
    ],
  },
  spec: {
    replicas: 7,
    template: {
      spec: {
        containers: [
          { name: 'sidecar' },
          { name: 'web', image: 'nginx', resources: { limits: { cpu: '2' } } },
        ],
      },
    },
  },
};

describe('managed field paths', () => {
  it('managed field paths – fields of the listed managers resolve to JSON pointers, keyed list items by their index', () => {
    expect(managedFieldPaths(live, ['hpa-controller'])).toEqual([
      '/spec/replicas',
      '/spec/template/spec/containers/1/resources/limits/cpu',
    ]);
    expect(managedFieldPaths(live, ['someone-else'])).toEqual([]);
  });

  it('managed field paths – a field another manager owns is not drift once ignored', () => {
    const desired = {
      spec: {
        replicas: 2,
        template: {
          spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' } } }] },
        },
      },
    };
    expect(compareObject(desired, live)).toEqual([
      '/spec/replicas',
      '/spec/template/spec/containers/1/resources/limits/cpu',
    ]);
    expect(compareObject(desired, live, managedFieldPaths(live, ['hpa-controller']))).toEqual([]);
  });
});
