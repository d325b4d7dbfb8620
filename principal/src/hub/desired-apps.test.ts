import { silentLogger } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import type { ApplicationSet } from '../appsets/application-set.ts';
import type { ClusterInfo } from '../appsets/application.ts';
import { memoryGitSource } from '../appsets/memory-ports.ts';
import { DesiredApps } from './desired-apps.ts';

const A = 'https://git.example/a.git';
const B = 'https://git.example/b.git';
const edge1: ClusterInfo = { name: 'edge-1', server: 'https://edge-1' };
const edge2: ClusterInfo = { name: 'edge-2', server: 'https://edge-2' };

function gitDirsAppset(name: string, repo: string): ApplicationSet {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name },
    spec: {
      generators: [{ git: { repoURL: repo, revision: 'main', directories: [{ path: '*' }] } }],
      template: {
        metadata: { name: `${name}-{{path.basename}}` },
        spec: {
          project: 'default',
          source: { repoURL: repo, path: '{{path}}' },
          destination: { name: 'edge-1', namespace: 'x' },
        },
      },
    },
  } as unknown as ApplicationSet;
}

function make(repos: Record<string, Record<string, string>>): DesiredApps {
  return new DesiredApps({
    gitSource: memoryGitSource(repos),
    logger: silentLogger(),
  });
}

describe('desired apps', () => {
  it('desired apps – only appsets that read a moved repository are re-resolved', async () => {
    const desired = make({ [A]: { 'one/cm.yaml': 'x', 'two/cm.yaml': 'y' }, [B]: { 'three/cm.yaml': 'z' } });
    desired.setAppsets([
      { appset: gitDirsAppset('from-a', A), origin: 'store' },
      { appset: gitDirsAppset('from-b', B), origin: 'store' },
    ]);
    expect(await desired.resolve(new Set(), [edge1])).toEqual(['from-a', 'from-b']);
    expect(desired.applications().map((d) => d.app.metadata.name)).toEqual([
      'from-a-one',
      'from-a-two',
      'from-b-three',
    ]);
    expect(await desired.resolve(new Set([B]), [edge1])).toEqual(['from-b']);
    expect(await desired.resolve(new Set(), [edge1])).toEqual([]);
    expect(await desired.resolve('all', [edge1])).toEqual(['from-a', 'from-b']);
  });

  it('desired apps – a failing appset keeps its previous applications and reports the error; others are untouched', async () => {
    const repos: Record<string, Record<string, string>> = { [A]: { 'one/cm.yaml': 'x' } };
    const desired = make(repos);
    desired.setAppsets([{ appset: gitDirsAppset('from-a', A), origin: 'file:a.yaml' }]);
    await desired.resolve('all', [edge1]);
    delete repos[A];
    await desired.resolve('all', [edge1]);
    expect(desired.applications().map((d) => d.app.metadata.name)).toEqual(['from-a-one']);
    const status = desired.status()[0]!;
    expect(status.errors.join()).toMatch(/repository not found/);
    expect(status.origin).toBe('file:a.yaml');
  });

  it('desired apps – an unchanged appset given again is not re-resolved, a changed one is', async () => {
    const desired = make({ [A]: { 'one/cm.yaml': 'x' } });
    desired.setAppsets([{ appset: gitDirsAppset('from-a', A), origin: 'store' }]);
    await desired.resolve(new Set(), [edge1]);
    desired.setAppsets([{ appset: gitDirsAppset('from-a', A), origin: 'store' }]);
    expect(await desired.resolve(new Set(), [edge1])).toEqual([]);
    const changed = gitDirsAppset('from-a', A);
    (changed.spec.template.spec.destination as { namespace: string }).namespace = 'y';
    desired.setAppsets([{ appset: changed, origin: 'store' }]);
    expect(await desired.resolve(new Set(), [edge1])).toEqual(['from-a']);
    desired.setAppsets([]);
    expect(desired.applications()).toEqual([]);
  });

  it('desired apps – a changed cluster set re-resolves every appset though no repository moved', async () => {
    const desired = make({ [A]: { 'one/cm.yaml': 'x' }, [B]: { 'three/cm.yaml': 'z' } });
    desired.setAppsets([
      { appset: gitDirsAppset('from-a', A), origin: 'store' },
      { appset: gitDirsAppset('from-b', B), origin: 'store' },
    ]);
    await desired.resolve(new Set(), [edge1]);
    expect(await desired.resolve(new Set(), [edge1])).toEqual([]);
    expect(await desired.resolve(new Set(), [edge1, edge2])).toEqual(['from-a', 'from-b']);
    expect(await desired.resolve(new Set(), [edge1, edge2])).toEqual([]);
    expect(await desired.resolve(new Set(), [edge1])).toEqual(['from-a', 'from-b']);
  });

  it('desired apps – the cluster generators see the cluster set given to resolve', async () => {
    const desired = make({});
    desired.setAppsets([{ appset: clustersAppset(), origin: 'store' }]);
    await desired.resolve(new Set(), [edge1]);
    expect(desired.applications().map((d) => d.app.metadata.name)).toEqual(['base-edge-1']);
    await desired.resolve(new Set(), [edge1, edge2]);
    expect(desired.applications().map((d) => d.app.metadata.name)).toEqual(['base-edge-1', 'base-edge-2']);
  });
});

/** An appset deploying `base` to every cluster. */
function clustersAppset(): ApplicationSet {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'base' },
    spec: {
      generators: [{ clusters: {} }],
      template: {
        metadata: { name: 'base-{{name}}' },
        spec: {
          project: 'default',
          source: { repoURL: A, path: 'base' },
          destination: { name: '{{name}}', namespace: 'x' },
        },
      },
    },
  } as unknown as ApplicationSet;
}
