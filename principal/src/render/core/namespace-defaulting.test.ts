import { describe, expect, it } from 'vitest';
import { applyDestinationNamespace } from './namespace-defaulting.ts';
import type { KubeObject, SourcedObject } from './manifest.ts';

const src = (object: KubeObject): SourcedObject => ({ object, source: { file: 'x.yaml', line: 1 } });
const obj = (apiVersion: string, kind: string, name: string, namespace?: string) =>
  src({ apiVersion, kind, metadata: namespace ? { name, namespace } : { name } });
const ns = (o: SourcedObject) => (o.object.metadata as { namespace?: string }).namespace;

describe('destination namespace defaulting', () => {
  it('namespaced objects without a namespace get the destination namespace', () => {
    const [cm] = applyDestinationNamespace([obj('v1', 'ConfigMap', 'a')], 'team');
    expect(cm && ns(cm)).toBe('team');
  });
  it('an explicit namespace is kept', () => {
    const [cm] = applyDestinationNamespace([obj('v1', 'ConfigMap', 'a', 'other')], 'team');
    expect(cm && ns(cm)).toBe('other');
  });
  it('cluster-scoped kinds are left alone', () => {
    const out = applyDestinationNamespace(
      [
        obj('v1', 'Namespace', 'n'),
        obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r'),
        obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'c'),
        obj('storage.k8s.io/v1', 'StorageClass', 's'),
        obj('v1', 'PersistentVolume', 'pv'),
      ],
      'team',
    );
    expect(out.map(ns)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
  it('a namespaced kind in a group that also has cluster-scoped kinds is namespaced', () => {
    const [role] = applyDestinationNamespace([obj('rbac.authorization.k8s.io/v1', 'Role', 'r')], 'team');
    expect(role && ns(role)).toBe('team');
  });
  it('an unknown custom kind is namespaced unless a CRD in the render declares it cluster-scoped', () => {
    const crd = src({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.io' },
      spec: { group: 'example.io', scope: 'Cluster', names: { kind: 'Widget' } },
    });
    const out = applyDestinationNamespace(
      [crd, obj('example.io/v1', 'Widget', 'w'), obj('example.io/v1', 'Gadget', 'g')],
      'team',
    );
    expect(out.map(ns)).toEqual([undefined, undefined, 'team']);
  });
  it('inputs are not modified', () => {
    const input = obj('v1', 'ConfigMap', 'a');
    applyDestinationNamespace([input], 'team');
    expect(ns(input)).toBeUndefined();
  });
  it('without a destination namespace nothing changes', () => {
    const [cm] = applyDestinationNamespace([obj('v1', 'ConfigMap', 'a')], '');
    expect(cm && ns(cm)).toBeUndefined();
  });
});
