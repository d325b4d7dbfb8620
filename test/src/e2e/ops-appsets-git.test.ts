/**
 * GitOps for the hub: `outpost principal --appsets-repo URL --appsets-path DIR` reads
 * ApplicationSets from Git; they generate apps for registered clusters, show in `appset list`
 * as `git`, cannot be overwritten with `appset apply`, and a commit adds a new one.
 */
import { describe, expect, it } from 'vitest';
import { startOpsHub, until } from './ops-harness.ts';

const appset = (name: string, repoUrl: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: ${name} }
spec:
  generators: [ { clusters: {} } ]
  template:
    metadata: { name: '${name}-{{name}}' }
    spec:
      project: default
      source: { repoURL: '${repoUrl}', targetRevision: main, path: base }
      destination: { name: '{{name}}', namespace: ${name} }
`;

describe('ops: ApplicationSets from a Git repository', () => {
  it(
    'appsets in --appsets-path generate apps, are read-only for the CLI, and follow commits',
    { timeout: 120_000 },
    async () => {
      // The appsets live in the same repository as the manifests here; the URL is known only after
      // the server started, so the first commit adds them.
      const hub = await startOpsHub({
        extraArgs: (url) => ['--appsets-repo', url, '--appsets-path', 'hub/appsets'],
      });
      await hub.commit({ 'hub/appsets/one.yaml': appset('one', hub.repoUrl) });
      expect((await hub.cli(['cluster', 'register', 'edge-g'])).code).toBe(0);
      const listed = await until('appset one generated for edge-g', async () => {
        const r = await hub.cli(['appset', 'list', '-o', 'json']);
        const items = JSON.parse(r.stdout) as Array<{ name: string; source: string; applications: number }>;
        const one = items.find((a) => a.name === 'one');
        return one && one.applications === 1 ? items : undefined;
      });
      expect(listed.find((a) => a.name === 'one')?.source).toBe('git');

      const overwrite = await hub.cli(['appset', 'delete', 'one']);
      expect(overwrite.code).toBe(1);
      expect(overwrite.stderr).toMatch(
        /APPSET_INVALID: applicationset one, .*: this ApplicationSet is managed in Git/,
      );

      await hub.commit({ 'hub/appsets/two.yaml': appset('two', hub.repoUrl) });
      await until('appset two from the new commit', async () => {
        const r = await hub.cli(['app', 'list', '--cluster', 'edge-g', '-o', 'json']);
        const apps = JSON.parse(r.stdout) as Array<{ name: string }>;
        return apps.some((a) => a.name === 'two-edge-g') ? true : undefined;
      });
    },
  );
});
