import { describe, expect, it } from 'vitest';
import { builtinFieldSchema } from './field-schema.ts';
import { toFieldsV1 } from './field-set.ts';
import type { ManagerEntry } from './managed-fields.ts';
import { conflictMessage, serverSideApply } from './server-side-apply.ts';
import type { JsonObject } from './objects.ts';

const who = (manager: string) => ({ manager, apiVersion: 'v1', time: '2026-01-01T00:00:00Z' });
const cm = (data: Record<string, string>): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x' },
  data,
});

function apply(
  live: JsonObject | undefined,
  entries: ManagerEntry[],
  config: JsonObject,
  manager: string,
  force = false,
) {
  const r = serverSideApply(live, config, entries, { who: who(manager), force, schema: builtinFieldSchema });
  if (!r.ok) return { conflicts: r.conflicts };
  return { object: r.object, entries: r.entries };
}

describe('server-side apply', () => {
  it('a second manager changing an owned value conflicts; force moves ownership', () => {
    const a = apply(undefined, [], cm({ color: 'red', size: 's' }), 'mgr-a');
    const b = apply(a.object, a.entries ?? [], cm({ color: 'blue' }), 'mgr-b');
    expect(b.conflicts).toEqual([{ manager: 'mgr-a', field: '.data.color' }]);
    expect(conflictMessage(b.conflicts ?? [])).toBe(
      'Apply failed with 1 conflict: conflict with "mgr-a": .data.color',
    );
    const forced = apply(a.object, a.entries ?? [], cm({ color: 'blue' }), 'mgr-b', true);
    expect(forced.object?.['data']).toEqual({ color: 'blue', size: 's' });
    const owners = Object.fromEntries((forced.entries ?? []).map((e) => [e.manager, toFieldsV1(e.fields)]));
    expect(owners).toEqual({
      'mgr-a': { 'f:data': { 'f:size': {} } },
      'mgr-b': { 'f:data': { 'f:color': {} } },
    });
  });

  it('the same value is shared ownership, and a dropped field survives while another manager owns it', () => {
    const a = apply(undefined, [], cm({ color: 'red', size: 's' }), 'mgr-a');
    const b = apply(a.object, a.entries ?? [], cm({ color: 'red' }), 'mgr-b');
    expect(b.conflicts).toBeUndefined();
    const dropped = apply(b.object, b.entries ?? [], cm({}), 'mgr-a');
    expect(dropped.object?.['data']).toEqual({ color: 'red' });
  });

  it('conflicts with an Update manager name its API version', () => {
    const entries: ManagerEntry[] = [
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'v1',
        time: '',
        fields: new Set(['f:data\u0001f:mode']),
      },
    ];
    const r = apply(cm({ mode: 'a' }), entries, cm({ mode: 'b' }), 'agent');
    expect(conflictMessage(r.conflicts ?? [])).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.mode',
    );
  });

  it('keyed list items merge with live items instead of replacing the list', () => {
    const live: JsonObject = {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'a',
            imagePullPolicy: 'Always',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          },
        ],
      },
    };
    const r = apply(
      live,
      [],
      { spec: { containers: [{ name: 'app', image: 'b', ports: [{ containerPort: 80 }] }] } },
      'agent',
    );
    expect(r.object?.['spec']).toEqual({
      containers: [
        {
          name: 'app',
          image: 'b',
          imagePullPolicy: 'Always',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ],
    });
  });
});
