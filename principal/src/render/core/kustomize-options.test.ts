import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyKustomizeOptions, parseImageOverride } from './kustomize-options.ts';

const base = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../base\n';
const apply = (text: string, options: Parameters<typeof applyKustomizeOptions>[1]) =>
  parse(applyKustomizeOptions(text, options, 'apps/x/kustomization.yaml')) as Record<string, unknown>;

describe('kustomize image overrides (kustomize edit set image syntax)', () => {
  it('name=newName:tag sets both', () => {
    expect(parseImageOverride('nginx=registry.local:5000/nginx:1.27')).toEqual({
      name: 'nginx',
      newName: 'registry.local:5000/nginx',
      newTag: '1.27',
    });
  });
  it('name:tag sets the tag only, and a registry port is not a tag', () => {
    expect(parseImageOverride('registry.local:5000/nginx:1.27')).toEqual({
      name: 'registry.local:5000/nginx',
      newTag: '1.27',
    });
    expect(parseImageOverride('registry.local:5000/nginx')).toEqual({ name: 'registry.local:5000/nginx' });
  });
  it('name@digest sets the digest', () => {
    expect(parseImageOverride('nginx@sha256:abc')).toEqual({ name: 'nginx', digest: 'sha256:abc' });
  });
});

describe('kustomize options applied to a kustomization', () => {
  it('sets prefix, suffix, namespace and keeps resources', () => {
    const k = apply(base, { namePrefix: 'p-', nameSuffix: '-s', namespace: 'ns' });
    expect(k).toMatchObject({ namePrefix: 'p-', nameSuffix: '-s', namespace: 'ns', resources: ['../base'] });
  });
  it('an image override updates the existing entry, a tag clearing its digest', () => {
    const k = apply(`${base}images:\n- name: nginx\n  digest: sha256:old\n  newName: x/nginx\n`, {
      images: ['nginx:1.2', 'redis=r/redis:7'],
    });
    expect(k.images).toEqual([
      { name: 'nginx', newName: 'x/nginx', newTag: '1.2' },
      { name: 'redis', newName: 'r/redis', newTag: '7' },
    ]);
  });
  it('common labels are added to commonLabels', () => {
    expect(
      apply(`${base}commonLabels:\n  team: a\n`, { commonLabels: { env: 'prod' } }).commonLabels,
    ).toEqual({
      team: 'a',
      env: 'prod',
    });
  });
  it('an existing label is not overwritten unless forced, as kustomize edit add label', () => {
    expect(() => apply(`${base}commonLabels:\n  env: dev\n`, { commonLabels: { env: 'prod' } })).toThrow(
      'label "env" already in kustomization file',
    );
    expect(
      apply(`${base}commonLabels:\n  env: dev\n`, { commonLabels: { env: 'prod' }, forceCommonLabels: true })
        .commonLabels,
    ).toEqual({
      env: 'prod',
    });
  });
  it('labelWithoutSelector writes a labels entry that leaves selectors alone', () => {
    expect(apply(base, { commonLabels: { env: 'prod' }, labelWithoutSelector: true }).labels).toEqual([
      { pairs: { env: 'prod' } },
    ]);
  });
  it('annotations, replicas, patches and components are added', () => {
    const k = apply(base, {
      commonAnnotations: { owner: 'ops' },
      replicas: [{ name: 'web', count: '3' }],
      patches: [{ target: { kind: 'Deployment' }, patch: '[]' }],
      components: ['../c'],
    });
    expect(k).toMatchObject({
      commonAnnotations: { owner: 'ops' },
      replicas: [{ name: 'web', count: 3 }],
      patches: [{ target: { kind: 'Deployment' }, patch: '[]' }],
      components: ['../c'],
    });
  });
});
