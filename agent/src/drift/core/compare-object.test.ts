import { describe, expect, it } from 'vitest';
import { compareObject } from './compare-object.ts';
import { ignoredPointers } from './ignore-rules.ts';

const desired = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'a', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'web', image: 'nginx:1', args: ['-v'] }] } },
  },
};

function live(patch: (o: typeof desired & Record<string, unknown>) => void) {
  const o = structuredClone(desired) as typeof desired & Record<string, unknown>;
  (o.metadata as Record<string, unknown>).resourceVersion = '7';
  (o.spec as Record<string, unknown>).progressDeadlineSeconds = 600;
  o.status = { readyReplicas: 0 };
  patch(o);
  return o;
}

describe('compare object', () => {
  it('compare object – defaulted fields, server metadata and status are not drift', () => {
    expect(
      compareObject(
        desired,
        live(() => {}),
      ),
    ).toEqual([]);
  });

  it('compare object – an edited owned field is reported by its JSON pointer', () => {
    const l = live((o) => {
      o.spec.replicas = 5;
      o.spec.template.spec.containers[0]!.image = 'nginx:2';
    });
    expect(compareObject(desired, l)).toEqual(['/spec/replicas', '/spec/template/spec/containers/0/image']);
  });

  it('compare object – a removed label and a changed scalar list are drift', () => {
    const l = live((o) => {
      o.metadata.labels = {} as { app: string };
      o.spec.template.spec.containers[0]!.args = ['-q'];
    });
    expect(compareObject(desired, l)).toEqual([
      '/metadata/labels/app',
      '/spec/template/spec/containers/0/args',
    ]);
  });

  it('compare object – containers are matched by name, not position, and injected ones are not drift', () => {
    const l = live((o) => {
      o.spec.template.spec.containers.unshift({ name: 'sidecar', image: 'x', args: [] });
    });
    expect(compareObject(desired, l)).toEqual([]);
    l.spec.template.spec.containers[1]!.image = 'nginx:9';
    expect(compareObject(desired, l)).toEqual(['/spec/template/spec/containers/1/image']);
    l.spec.template.spec.containers.splice(1, 1);
    expect(compareObject(desired, l)).toEqual(['/spec/template/spec/containers/0']);
  });

  it('compare object – ignored JSON pointers hide edits beneath them', () => {
    const l = live((o) => {
      o.spec.replicas = 9;
    });
    expect(compareObject(desired, l, ['/spec/replicas'])).toEqual([]);
    expect(compareObject(desired, l, ['/spec/template'])).toEqual(['/spec/replicas']);
  });

  it('ignore rules – rules match by group and kind, and by name and namespace when given', () => {
    const rules = [
      {
        group: 'apps',
        kind: 'Deployment',
        name: '',
        namespace: '',
        jsonPointers: ['/spec/replicas'],
        jqPathExpressions: [],
        managedFieldsManagers: [],
      },
      {
        group: 'apps',
        kind: 'Deployment',
        name: 'other',
        namespace: '',
        jsonPointers: ['/spec/x'],
        jqPathExpressions: [],
        managedFieldsManagers: [],
      },
      {
        group: '',
        kind: 'Deployment',
        name: '',
        namespace: '',
        jsonPointers: ['/spec/y'],
        jqPathExpressions: [],
        managedFieldsManagers: [],
      },
    ];
    expect(
      ignoredPointers(rules, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name: 'web' }),
    ).toEqual(['/spec/replicas']);
  });
});
