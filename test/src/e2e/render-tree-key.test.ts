import { describe, expect, test } from 'vitest';
import { gitText, startGitServer, tempDir } from '../fixtures/index.ts';
// principal/src/index.ts does not export the sources module yet (owned by the lead).
import { GitSources } from '../../../principal/src/sources/index.ts';
import { createRenderer } from '../../../principal/src/render/index.ts';
import type { Application } from '../../../principal/src/appsets/application.ts';

const cm = (name: string, value = '1') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: "${value}"\n`;

function app(repoURL: string, path: string): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: path.replaceAll('/', '-') },
    spec: {
      source: { repoURL, path, targetRevision: 'main' },
      destination: { name: 'edge-1', namespace: 'apps' },
    },
  };
}

describe('render keyed by Git tree ids, over smart HTTP', () => {
  test('tree ids from the real Git sources match git, and an untouched app is not rendered again', async () => {
    const server = await startGitServer();
    const names = ['a', 'b', 'c', 'd'];
    const files: Record<string, string> = { 'README.md': '# apps\n' };
    for (const n of names) files[`apps/${n}/cm.yaml`] = cm(n);
    const repo = await server.createRepo('apps', files);
    const git = new GitSources({ dataDir: await tempDir({ prefix: 'outpost-data-' }) });
    const renderer = createRenderer({ workDir: await tempDir({ prefix: 'outpost-render-' }) });
    const gitTree = (rev: string) => gitText(['rev-parse', rev], { gitDir: repo.path });

    const first = await git.resolve(repo.url, 'main');
    expect(await first.treeId?.('apps/a')).toBe(await gitTree('main:apps/a'));
    expect(await first.treeId?.('')).toBe(await gitTree('main^{tree}'));
    expect(await first.treeId?.('./apps/b/')).toBe(await gitTree('main:apps/b'));
    expect(await first.treeId?.('apps/a/cm.yaml')).toBeUndefined();
    expect(await first.treeId?.('apps/missing')).toBeUndefined();

    const renderAll = async () => {
      const tree = await git.resolve(repo.url, 'main');
      return Promise.all(names.map((n) => renderer.renderApplication(app(repo.url, `apps/${n}`), tree)));
    };
    await renderAll();
    expect(renderer.stats().renders).toBe(4);

    const next = await repo.commit({ 'apps/b/cm.yaml': cm('b', '2'), 'README.md': '# apps, again\n' });
    await git.refresh(repo.url);
    const second = await git.resolve(repo.url, 'main');
    expect(second.commit).toBe(next);
    expect(await second.treeId?.('apps/a')).toBe(await first.treeId?.('apps/a'));
    expect(await second.treeId?.('apps/b')).not.toBe(await first.treeId?.('apps/b'));

    const results = await renderAll();
    expect(renderer.stats().renders).toBe(5); // only apps/b
    expect(results.map((r) => r.commit)).toEqual(names.map(() => next));
    expect(results[1]?.objects[0]?.object.data).toEqual({ v: '2' });
    await renderer.close();
  });
});
