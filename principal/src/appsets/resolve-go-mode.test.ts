import { describe, expect, it } from 'vitest';
import { memoryGitSource, staticInventory } from './memory-ports.ts';
import { resolveApplicationSet } from './resolve-application-set.ts';
import { exampleAppSet } from './test-fixtures.ts';

const REPO = 'https://git.example/fleet.git';
const git = memoryGitSource({
  [REPO]: {
    'apps/web_1/k.yaml': '',
    'envs/prod/config.yaml': 'name: prod\nhpa:\n  maxReplicas: 5\nvalues: {fromFile: yes}\n',
    'envs/dev/config.json': '[{"name": "dev-a"}, {"name": "dev-b"}]',
  },
});
const clusters = staticInventory([
  { name: 'east', server: 'https://east', labels: { env: 'prod' }, annotations: { owner: 'ops' } },
  { name: 'plain', server: 'https://plain' },
]);
const goTemplate = {
  metadata: { name: '{{ .name }}' },
  spec: { project: 'default', destination: { server: 'https://east' } },
};

async function go(spec: Record<string, unknown>) {
  return resolveApplicationSet(exampleAppSet({ goTemplate: true, template: goTemplate, ...spec }), {
    gitSource: git,
    clusters,
  });
}
const params = (r: Awaited<ReturnType<typeof go>>) => r.paramSets.map((p) => p.params);

describe('Go template mode', () => {
  it('§2 list (Go) – elements are copied verbatim and numbers print the Go way', async () => {
    const r = await go({
      generators: [{ list: { elements: [{ name: 'a', replicas: 5, nested: { on: true } }] } }],
      template: {
        ...goTemplate,
        spec: { ...goTemplate.spec, source: { repoURL: 'r', path: '{{ .replicas }}-{{ .nested.on }}' } },
      },
    });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(params(r)).toEqual([{ name: 'a', replicas: 5, nested: { on: true } }]);
    expect(r.applications[0]?.spec.source?.path).toBe('5-true');
  });

  it('§2 / §11.10 clusters (Go) – nested metadata, labels and annotations present only when the cluster has them', async () => {
    const r = await go({ generators: [{ clusters: { values: { labels: '{{ .metadata.labels }}' } } }] });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    const [east, plain] = params(r);
    expect(east).toEqual({
      name: 'east',
      nameNormalized: 'east',
      server: 'https://east',
      project: '',
      metadata: { labels: { env: 'prod' }, annotations: { owner: 'ops' } },
      values: { labels: 'map[env:prod]' },
    });
    expect(plain?.metadata).toEqual({});
    expect(plain?.values).toEqual({ labels: '<no value>' });
  });

  it('§2 git dirs (Go) – path is an object with segments; pathParamPrefix nests it', async () => {
    const r = await go({
      generators: [{ git: { repoURL: REPO, directories: [{ path: 'apps/*' }], pathParamPrefix: 'src' } }],
      template: {
        ...goTemplate,
        metadata: { name: '{{ .src.path.basenameNormalized }}-{{ index .src.path.segments 0 }}' },
      },
    });
    expect(params(r)[0]).toEqual({
      src: {
        path: {
          path: 'apps/web_1',
          basename: 'web_1',
          basenameNormalized: 'web-1',
          segments: ['apps', 'web_1'],
        },
      },
    });
    expect(r.applications[0]?.metadata.name).toBe('web-1-apps');
  });

  it('§2 / §3.4 git files (Go) – content kept as parsed, path object with filename; generator values replace a file values key', async () => {
    const r = await go({ generators: [{ git: { repoURL: REPO, files: [{ path: 'envs/*/config.yaml' }] } }] });
    expect(params(r)[0]).toMatchObject({
      name: 'prod',
      hpa: { maxReplicas: 5 },
      values: { fromFile: true },
      path: {
        path: 'envs/prod',
        basename: 'prod',
        filename: 'config.yaml',
        filenameNormalized: 'config.yaml',
      },
    });
    const replaced = await go({
      generators: [
        {
          git: {
            repoURL: REPO,
            files: [{ path: 'envs/*/config.yaml' }],
            values: { max: '{{ .hpa.maxReplicas }}' },
          },
        },
      ],
    });
    expect(params(replaced)[0]?.values).toEqual({ max: '5' });
  });

  it('§3.5 / §11.5 matrix (Go) – no conflict error; the first child wins every leaf, even zero values; objects deep-merge', async () => {
    const r = await go({
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ name: 'a', flag: false, cfg: { x: '1' }, list: [1] }] } },
              { list: { elements: [{ name: 'b', flag: true, cfg: { y: '2' }, list: [2, 3], extra: 'e' }] } },
            ],
          },
        },
      ],
    });
    expect(params(r)).toEqual([{ name: 'a', flag: false, cfg: { x: '1', y: '2' }, list: [1], extra: 'e' }]);
  });

  it('§6 / §11.9 matrix (Go) – a missing key in the second child values is kept for the child; elsewhere it follows missingkey', async () => {
    const r = await go({
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ env: 'prod' }] } },
              {
                clusters: {
                  selector: { matchLabels: { env: '{{ .env }}' } },
                  values: { env: '{{ .env }}', own: '{{ .name }}' },
                },
              },
            ],
          },
        },
      ],
    });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(params(r)[0]?.values).toEqual({ env: 'prod', own: 'east' });
    const failing = await go({
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ env: 'prod' }] } },
              { list: { elements: [{ x: '{{ .nope }}' }] } },
            ],
          },
        },
      ],
    });
    expect(failing.errors[0]?.message).toMatch(/failed to replace parameters in generator/);
  });

  it('§3.6 / §11.6 merge (Go) – later children deep-merge over the base; a nested merge key matches nothing', async () => {
    const r = await go({
      generators: [
        {
          merge: {
            mergeKeys: ['name'],
            generators: [
              { list: { elements: [{ name: 'a', cfg: { x: '1', y: '1' } }] } },
              { list: { elements: [{ name: 'a', cfg: { y: '2' } }] } },
            ],
          },
        },
      ],
    });
    expect(params(r)).toEqual([{ name: 'a', cfg: { x: '1', y: '2' } }]);
    const nested = await go({
      generators: [
        {
          merge: {
            mergeKeys: ['cfg.x'],
            generators: [
              {
                list: {
                  elements: [
                    { name: 'a', cfg: { x: '1' } },
                    { name: 'b', cfg: { x: '2' } },
                  ],
                },
              },
              { list: { elements: [] } },
            ],
          },
        },
      ],
    });
    expect(nested.errors[0]?.code).toBe('APPSET_MERGE_DUPLICATE_KEY');
    expect(nested.errors[0]?.message).toContain('{"cfg.x":null}');
  });

  it('§4.2 / §11.8 post-selector (Go) – matches flattened keys such as metadata.labels.env', async () => {
    const r = await go({
      generators: [{ clusters: {}, selector: { matchLabels: { 'metadata.labels.env': 'prod' } } }],
    });
    expect(params(r).map((p) => p.name)).toEqual(['east']);
  });

  it('§7.3 / §9 render (Go) – missingkey=error on a missing key fails; the default prints <no value>', async () => {
    const tmpl = { ...goTemplate, metadata: { name: '{{ .name }}-{{ .missing }}' } };
    const lenient = await go({ generators: [{ list: { elements: [{ name: 'a' }] } }], template: tmpl });
    expect(lenient.applications[0]?.metadata.name).toBe('a-<no value>');
    const strict = await go({
      generators: [{ list: { elements: [{ name: 'a' }] } }],
      template: tmpl,
      goTemplateOptions: ['missingkey=error'],
    });
    expect(strict.errors[0]?.code).toBe('APPSET_TEMPLATE_EXEC');
    expect(strict.errors[0]?.message).toMatch(
      /failed to execute go template .*map has no entry for key "missing"/,
    );
  });

  it('§7.3 / §9 render (Go) – a parse error names the template; field access on a string is an exec error', async () => {
    const bad = await go({
      generators: [{ list: { elements: [{ name: 'a' }] } }],
      template: { ...goTemplate, metadata: { name: '{{ .name ' } },
    });
    expect(bad.errors[0]?.code).toBe('APPSET_TEMPLATE_PARSE');
    expect(bad.errors[0]?.message).toMatch(/^failed to parse template \{\{ \.name /);
    const field = await go({
      generators: [{ list: { elements: [{ name: 'a' }] } }],
      template: { ...goTemplate, metadata: { name: '{{ .name.x }}' } },
    });
    expect(field.errors[0]?.code).toBe('APPSET_TEMPLATE_EXEC');
  });

  it('§7.3 render (Go) – one pass only: a param holding {{…}} is printed literally', async () => {
    const r = await go({ generators: [{ list: { elements: [{ name: '{{ .x }}' }] } }] });
    expect(r.applications[0]?.metadata.name).toBe('{{ .x }}');
  });

  it('§7.6 templatePatch (Go) – control flow can set non-string fields', async () => {
    const r = await go({
      generators: [
        {
          list: {
            elements: [
              { name: 'a', auto: true },
              { name: 'b', auto: false },
            ],
          },
        },
      ],
      templatePatch: '{{- if .auto }}\nspec:\n  syncPolicy:\n    automated:\n      prune: true\n{{- end }}\n',
    });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(r.applications.map((a) => a.spec.syncPolicy ?? null)).toEqual([
      { automated: { prune: true } },
      null,
    ]);
  });

  it('§7.1 render (Go) – an empty param set returns the template untouched', async () => {
    const r = await go({ generators: [{ list: { elements: [{}] } }] });
    expect(r.applications[0]?.metadata.name).toBe('{{ .name }}');
  });
});
