import { describe, expect, it } from 'vitest';
import { builtinFieldSchema } from './field-schema.ts';
import { applyMergePatch, applyStrategicMergePatch } from './merge-patch.ts';

const pod = {
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] },
      { name: 'side', image: 'busybox' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
};

describe('JSON merge patch', () => {
  it('merges objects, deletes on null and replaces lists whole', () => {
    const out = applyMergePatch(pod, {
      spec: { containers: [{ name: 'app', image: 'nginx:2' }], volumes: null },
    });
    expect(out).toEqual({ spec: { containers: [{ name: 'app', image: 'nginx:2' }] } });
  });
});

describe('strategic merge patch', () => {
  it('merges containers, env and volumes by name, keeping fields the patch does not mention', () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: {
          containers: [
            { name: 'app', env: [{ name: 'B', value: '2' }] },
            { name: 'new', image: 'x' },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
        },
      },
      builtinFieldSchema,
    ) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app', 'side', 'new']);
    expect(out.spec.containers[0]).toMatchObject({
      image: 'nginx:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    });
    expect(out.spec.volumes.map((v) => v.name)).toEqual(['data', 'cache']);
  });

  it('merges container ports by containerPort and honours $patch: delete', () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        spec: {
          containers: [
            { name: 'app', ports: [{ containerPort: 443 }] },
            { name: 'side', $patch: 'delete' },
          ],
        },
      },
      builtinFieldSchema,
    ) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec.containers[0]?.ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
  });

  it('replaces lists without a merge key, and deletes fields set to null', () => {
    const out = applyStrategicMergePatch(
      { spec: { args: ['a', 'b'], keep: 1, drop: 2 } },
      { spec: { args: ['c'], drop: null } },
      builtinFieldSchema,
    );
    expect(out).toEqual({ spec: { args: ['c'], keep: 1 } });
  });
});
