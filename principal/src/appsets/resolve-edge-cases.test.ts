import { describe, expect, it } from 'vitest';
import { memoryGitSource, staticInventory } from './memory-ports.ts';
import { resolveApplicationSet } from './resolve-application-set.ts';
import { exampleAppSet } from './test-fixtures.ts';

const REPO = 'https://git.example/fleet.git';
const git = memoryGitSource({ [REPO]: { 'apps/a/k.yaml': '', 'apps/a/params.json': '{"x": "1"}' } });
const clusters = staticInventory([{ name: 'east', server: 'https://east', labels: { env: 'prod' } }]);
const goTmpl = {
  metadata: { name: '{{ .name }}' },
  spec: { project: 'default', destination: { server: 'https://east' } },
};

async function resolve(spec: Record<string, unknown>) {
  return resolveApplicationSet(exampleAppSet(spec), { gitSource: git, clusters });
}

describe('resolution edge cases', () => {
  it('§1.1.6 / §1.2 pipeline – when one kind of an entry fails, the whole entry is skipped', async () => {
    const r = await resolve({
      generators: [
        {
          list: { elements: [{ name: 'a', server: 's' }] },
          clusters: { selector: { matchLabels: { x: 'https://bad' } } },
        },
      ],
    });
    expect(r.paramSets).toEqual([]);
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].clusters.selector');
  });

  it('§3.3 git – directories mode wins when both directories and files are set', async () => {
    const r = await resolve({
      generators: [{ git: { repoURL: REPO, directories: [{ path: 'apps/*' }], files: [{ path: '**' }] } }],
    });
    expect(r.paramSets.map((p) => p.params.path)).toEqual(['apps/a']);
    expect(r.paramSets[0]?.params).not.toHaveProperty('x');
  });

  it('§3.1 / §6 list (Go) – elementsYaml in a matrix second child is templated from the first child', async () => {
    const r = await resolve({
      goTemplate: true,
      template: goTmpl,
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ group: 'g', items: [{ name: 'one' }, { name: 'two' }] }] } },
              { list: { elementsYaml: '{{ .items | toJson }}' } },
            ],
          },
        },
      ],
    });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['one', 'two']);
  });

  it('§3.6 merge (flat) – a merged set has every value %v-stringified', async () => {
    const r = await resolve({
      generators: [
        {
          merge: {
            mergeKeys: ['name'],
            generators: [
              { list: { elementsYaml: '- {name: a, replicas: 1234567, enabled: yes}' } },
              { list: { elements: [{ name: 'a', extra: 'x' }] } },
            ],
          },
        },
      ],
    });
    expect(r.paramSets[0]?.params).toEqual({
      name: 'a',
      replicas: '1.234567e+06',
      enabled: 'true',
      extra: 'x',
    });
  });

  it('§5 values (Go) – a missing key under missingkey=error is an error naming the value', async () => {
    const r = await resolve({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      template: goTmpl,
      generators: [{ clusters: { values: { tier: '{{ .metadata.labels.tier }}' } } }],
    });
    expect(r.errors[0]?.code).toBe('APPSET_TEMPLATE_EXEC');
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].clusters.values.tier');
  });

  it('§6 matrix – map keys of the second child are rendered too, and the first child cannot see the second', async () => {
    const r = await resolve({
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ a: 'x', ref: '{{b}}' }] } },
              { list: { elements: [{ '{{a}}-key': 'v', b: 'y' }] } },
            ],
          },
        },
      ],
    });
    expect(r.paramSets[0]?.params).toEqual({ a: 'x', ref: '{{b}}', 'x-key': 'v', b: 'y' });
  });

  it('§7.3 / §7.5 render (Go) – Argo CD helpers such as normalize are available in templates', async () => {
    const r = await resolve({
      goTemplate: true,
      template: { ...goTmpl, metadata: { name: '{{ normalize .name }}' } },
      generators: [{ list: { elements: [{ name: 'Edge_01/West' }] } }],
    });
    expect(r.applications[0]?.metadata.name).toBe('edge-01-west');
  });

  it('§7.1 render – raw JSON fields such as helm.valuesObject are rendered recursively, keys included', async () => {
    const r = await resolve({
      goTemplate: true,
      template: {
        ...goTmpl,
        spec: {
          ...goTmpl.spec,
          source: {
            repoURL: 'r',
            helm: { valuesObject: { '{{ .name }}': { replicas: 3, tags: ['{{ .name }}', 1] } } },
          },
        },
      },
      generators: [{ list: { elements: [{ name: 'a' }] } }],
    });
    expect(r.applications[0]?.spec.source?.helm).toEqual({
      valuesObject: { a: { replicas: 3, tags: ['a', 1] } },
    });
  });

  it('rendered Applications share frozen static parts: mutating one fails loudly instead of corrupting others', async () => {
    const r = await resolve({
      generators: [
        {
          list: {
            elements: [
              { name: 'a', server: 's' },
              { name: 'b', server: 's' },
            ],
          },
        },
      ],
    });
    const [a, b] = r.applications;
    expect(a?.spec.source).toBe(b?.spec.source);
    expect(() => {
      (a?.spec.source as Record<string, unknown>).path = 'x';
    }).toThrow(TypeError);
  });

  it('§7.5 render (Go) – slugify smart-truncates at a word boundary', async () => {
    const r = await resolve({
      goTemplate: true,
      template: { ...goTmpl, metadata: { name: '{{ slugify 20 true .name }}' } },
      generators: [{ list: { elements: [{ name: 'Feature/A really long branch name' }] } }],
    });
    expect(r.errors.map((e) => e.describe())).toEqual([]);
    expect(r.applications[0]?.metadata.name).toMatch(/^feature-a-really/);
    expect(r.applications[0]?.metadata.name.length).toBeLessThanOrEqual(20);
  });

  it('§7.3 render (Go) – missingkey=zero and missingkey=invalid also print <no value>', async () => {
    for (const opt of ['missingkey=zero', 'missingkey=invalid']) {
      const r = await resolve({
        goTemplate: true,
        goTemplateOptions: [opt],
        template: { ...goTmpl, metadata: { name: '{{ .name }}-{{ .nope }}' } },
        generators: [{ list: { elements: [{ name: 'a' }] } }],
      });
      expect(r.applications[0]?.metadata.name).toBe('a-<no value>');
    }
  });

  it('§7.3 goTemplateOptions – an unknown option is an error at spec.goTemplateOptions', async () => {
    const r = await resolve({
      goTemplate: true,
      goTemplateOptions: ['bogus'],
      template: goTmpl,
      generators: [],
    });
    expect(r.errors[0]?.location.generator).toBe('spec.goTemplateOptions');
  });
});
