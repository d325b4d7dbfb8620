import { describe, expect, it } from 'vitest';
import { findRemoteReferences, looksRemote } from './kustomize-references.ts';

describe('remote kustomize bases', () => {
  it('URLs, git SSH, hosted repos and ref queries look remote', () => {
    for (const r of [
      'https://github.com/org/repo//base?ref=v1',
      'git@github.com:org/repo.git',
      'github.com/org/repo/base',
      'ssh://git@host/repo.git',
      'git::https://host/repo',
      'example.com/org/repo//deploy',
      'repo/base?ref=main',
    ]) {
      expect(looksRemote(r), r).toBe(true);
    }
    expect(looksRemote('../base')).toBe(false);
    expect(looksRemote('deployment.yaml')).toBe(false);
  });
  it('are found through local overlays, and local names that exist are never remote', async () => {
    const files = {
      'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n- my.dir\n',
      'overlays/prod/my.dir/x.yaml': '',
      'base/kustomization.yaml':
        'resources:\n- https://example.com/crds.yaml\ncomponents:\n- github.com/org/comp\n',
    };
    const found = await findRemoteReferences(
      'overlays/prod',
      new Set(Object.keys(files)),
      async (p) => files[p as keyof typeof files],
    );
    expect(found).toEqual([
      { file: 'base/kustomization.yaml', reference: 'https://example.com/crds.yaml' },
      { file: 'base/kustomization.yaml', reference: 'github.com/org/comp' },
    ]);
  });
  it('a purely local graph has none', async () => {
    const files = {
      'a/kustomization.yaml': 'resources:\n- ../b\n',
      'b/kustomization.yml': 'resources:\n- cm.yaml\n',
      'b/cm.yaml': '',
    };
    expect(
      await findRemoteReferences(
        'a',
        new Set(Object.keys(files)),
        async (p) => files[p as keyof typeof files],
      ),
    ).toEqual([]);
  });
});
