import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startGitServer, tempDir } from '../fixtures/index.ts';
// principal/src/index.ts does not export the appsets and sources modules yet (owned by the lead).
import {
  parseApplicationSets,
  resolveApplicationSet,
  staticInventory,
} from '../../../principal/src/appsets/index.ts';
import { GitSources } from '../../../principal/src/sources/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'principal/src/cli/main.ts');

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

function appsetYaml(repoURL: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fleet
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - git:
              repoURL: ${repoURL}
              revision: main
              files:
                - path: "clusters/*/config.yaml"
          - git:
              repoURL: ${repoURL}
              revision: main
              directories:
                - path: "apps/*"
              pathParamPrefix: app
              values:
                site: "{{ .site }}"
  template:
    metadata:
      name: "{{ .app.path.basename }}-{{ .cluster }}"
    spec:
      project: default
      source:
        repoURL: ${repoURL}
        targetRevision: main
        path: "{{ .app.path.path }}"
      destination:
        name: "{{ .cluster }}"
        namespace: "{{ .values.site }}"
`;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd: ROOT, env: { ...process.env, OUTPOST_LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

// Each CLI run is a fresh node process; on a loaded 2-core machine one can take seconds.
const CLI_TIMEOUT = 120_000;

describe('ApplicationSets over git smart HTTP', () => {
  test('§3.4 × §3.3 a matrix of git files and directories re-resolves to a new result after a commit', async () => {
    const server = await startGitServer();
    const repo = await server.createRepo('fleet', {
      'clusters/east/config.yaml': 'cluster: east\nsite: berlin\n',
      'apps/web/cm.yaml': cm('web'),
      'apps/db/cm.yaml': cm('db'),
    });
    const git = new GitSources({ dataDir: await tempDir({ prefix: 'outpost-data-' }) });
    const [appset] = parseApplicationSets(appsetYaml(repo.url));
    const clusters = staticInventory([
      { name: 'east', server: 'https://east' },
      { name: 'west', server: 'https://west' },
    ]);
    const first = await resolveApplicationSet(appset!, { gitSource: git, clusters });
    expect(first.errors.map((e) => e.describe())).toEqual([]);
    expect(first.reposRead).toEqual([repo.url]);
    expect(first.applications.map((a) => `${a.metadata.name}:${a.spec.destination.namespace}`)).toEqual([
      'db-east:berlin',
      'web-east:berlin',
    ]);

    await repo.commit({
      'clusters/west/config.yaml': 'cluster: west\nsite: lisbon\n',
      'apps/db/cm.yaml': null,
      'apps/cache/cm.yaml': cm('cache'),
    });
    await git.refresh(repo.url);
    const second = await resolveApplicationSet(appset!, { gitSource: git, clusters });
    expect(second.errors).toEqual([]);
    expect(second.applications.map((a) => `${a.metadata.name}:${a.spec.destination.namespace}`)).toEqual([
      'cache-east:berlin',
      'cache-west:lisbon',
      'web-east:berlin',
      'web-west:lisbon',
    ]);
    await git.stop();
  });

  test(
    'CLI: appset generate over a rewritten URL prints Applications or params, and fails with file:line on a bad git file',
    async () => {
      const server = await startGitServer();
      const repo = await server.createRepo('fleet', {
        'clusters/east/config.yaml': 'cluster: east\nsite: berlin\n',
        'apps/web/cm.yaml': cm('web'),
      });
      const dir = await tempDir({ prefix: 'outpost-cli-' });
      const setFile = join(dir, 'set.yaml');
      const clustersFile = join(dir, 'clusters.yaml');
      const publicURL = 'https://github.com/example/fleet.git';
      await writeFile(setFile, appsetYaml(publicURL));
      await writeFile(clustersFile, '- name: east\n  server: https://east\n');
      const rewrite = `https://github.com/example/=${server.url}/`;

      const ok = await cli([
        'appset',
        'generate',
        '-f',
        setFile,
        '--clusters',
        clustersFile,
        '--repo-rewrite',
        rewrite,
        '-o',
        'json',
      ]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const apps = JSON.parse(ok.stdout) as {
        metadata: { name: string };
        spec: { source: { repoURL: string } };
      }[];
      expect(apps.map((a) => a.metadata.name)).toEqual(['web-east']);
      expect(apps[0]?.spec.source.repoURL).toBe(publicURL);

      const unreachable = await cli([
        'appset',
        'generate',
        '-f',
        setFile,
        '--clusters',
        clustersFile,
        '--params',
        '-o',
        'json',
      ]);
      // Without the rewrite the public URL is unreachable from here: a clear generator error, nothing on stdout.
      expect(unreachable.code).not.toBe(0);
      expect(unreachable.stdout).toBe('');
      expect(unreachable.stderr).toMatch(
        /APPSET_GENERATOR_FAILED: applicationset fleet, spec\.generators\[0\]\.matrix\.generators\[0\]\.git/,
      );

      const withParams = await cli([
        'appset',
        'generate',
        '-f',
        setFile,
        '--repo-rewrite',
        rewrite,
        '--params',
        '-o',
        'json',
      ]);
      expect(withParams.code).toBe(0);
      expect(JSON.parse(withParams.stdout)).toEqual([
        {
          cluster: 'east',
          site: 'berlin',
          path: {
            path: 'clusters/east',
            basename: 'east',
            filename: 'config.yaml',
            basenameNormalized: 'east',
            filenameNormalized: 'config.yaml',
            segments: ['clusters', 'east'],
          },
          app: {
            path: { path: 'apps/web', basename: 'web', basenameNormalized: 'web', segments: ['apps', 'web'] },
          },
          values: { site: 'berlin' },
        },
      ]);

      await repo.commit({ 'clusters/west/config.yaml': 'cluster: west\nsite: [lisbon\n' });
      const bad = await cli(['appset', 'generate', '-f', setFile, '--repo-rewrite', rewrite]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(
        /APPSET_GIT_FILE_PARSE: applicationset fleet, .*clusters\/west\/config\.yaml:\d+/,
      );
    },
    CLI_TIMEOUT,
  );

  test(
    'CLI: appset render prints the objects of each generated Application',
    async () => {
      const server = await startGitServer();
      const repo = await server.createRepo('fleet', {
        'clusters/east/config.yaml': 'cluster: east\nsite: berlin\n',
        'apps/web/cm.yaml': cm('web'),
        'apps/db/cm.yaml': cm('db'),
      });
      const dir = await tempDir({ prefix: 'outpost-cli-' });
      const setFile = join(dir, 'set.yaml');
      await writeFile(setFile, appsetYaml(repo.url));
      const out = await cli(['appset', 'render', '-f', setFile, '--app', 'web-east', '-o', 'json']);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const entries = JSON.parse(out.stdout) as {
        application: string;
        objects: { digest: string; object: { metadata: Record<string, string> } }[];
      }[];
      expect(entries.map((e) => e.application)).toEqual(['web-east']);
      expect(entries[0]?.objects[0]?.object.metadata).toEqual({ name: 'web', namespace: 'berlin' });
      expect(entries[0]?.objects[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

      const missing = await cli(['appset', 'render', '-f', setFile, '--app', 'nope']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no generated Application is named nope/);
    },
    CLI_TIMEOUT,
  );

  test(
    'CLI: a matrix with three children exits non-zero naming the matrix',
    async () => {
      const dir = await tempDir({ prefix: 'outpost-cli-' });
      const setFile = join(dir, 'set.yaml');
      await writeFile(
        setFile,
        `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: three}
spec:
  generators:
    - matrix:
        generators:
          - list: {elements: [{a: "1"}]}
          - list: {elements: [{b: "1"}]}
          - list: {elements: [{c: "1"}]}
  template:
    metadata: {name: "x-{{a}}"}
    spec: {project: default, destination: {server: https://x}}
`,
      );
      const r = await cli(['appset', 'generate', '-f', setFile]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'APPSET_MATRIX_INVALID: applicationset three, spec.generators[0].matrix: found more than two generators',
      );
    },
    CLI_TIMEOUT,
  );
});
