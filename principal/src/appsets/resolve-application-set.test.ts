import { describe, expect, it } from 'vitest';
import { staticInventory } from './memory-ports.ts';
import { RESOURCES_FINALIZER } from './render-application.ts';
import { resolveApplicationSet } from './resolve-application-set.ts';
import { exampleAppSet } from './test-fixtures.ts';

const list = (...elements: Record<string, string>[]) => ({ list: { elements } });

describe('resolving an ApplicationSet (flat mode)', () => {
  it('§1 pipeline – renders every string and map key, adds the finalizer and forces the appset namespace', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [list({ name: 'east', server: 'https://east', team: 'blue' })],
        template: {
          metadata: {
            name: '{{name}}-app',
            namespace: 'elsewhere',
            labels: { '{{team}}': 'owner-{{team}}' },
          },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://git.example/x.git',
              path: 'apps/{{name}}',
              helm: { valuesObject: { '{{name}}': ['{{team}}'] } },
            },
            destination: { server: '{{server}}', namespace: 'ns' },
            syncPolicy: { automated: { prune: true } },
          },
        },
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.applications).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'east-app',
          namespace: 'argocd',
          labels: { blue: 'owner-blue' },
          finalizers: [RESOURCES_FINALIZER],
        },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://git.example/x.git',
            path: 'apps/east',
            helm: { valuesObject: { east: ['blue'] } },
          },
          destination: { server: 'https://east', namespace: 'ns' },
          syncPolicy: { automated: { prune: true } },
        },
      },
    ]);
  });

  it('§7.1 finalizer – not added when the template has finalizers or preserveResourcesOnDeletion is set', async () => {
    const own = await resolveApplicationSet(
      exampleAppSet({
        generators: [list({ name: 'a', server: 's' })],
        template: {
          metadata: { name: '{{name}}', finalizers: ['mine'] },
          spec: { destination: { server: 's' } },
        },
      }),
    );
    expect(own.applications[0]?.metadata.finalizers).toEqual(['mine']);
    const preserve = await resolveApplicationSet(
      exampleAppSet({
        generators: [list({ name: 'a', server: 's' })],
        syncPolicy: { preserveResourcesOnDeletion: true },
      }),
    );
    expect(preserve.applications[0]?.metadata.finalizers).toBeUndefined();
  });

  it('§1.2 pipeline – an entry naming two generator kinds produces two groups, both rendered', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [{ list: { elements: [{ name: 'l', server: 's' }] }, clusters: {} }] }),
      { clusters: staticInventory([{ name: 'c', server: 's' }]) },
    );
    expect(r.paramSets.map((p) => p.generator)).toEqual([
      'spec.generators[0].list',
      'spec.generators[0].clusters',
    ]);
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['c', 'l']);
  });

  it('§1.3 / §7.4 generator template – its non-empty fields win, holes and map keys are filled from spec.template', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [
          {
            list: {
              elements: [{ name: 'a', server: 's' }],
              template: {
                metadata: { labels: { team: 'gen' } },
                spec: { project: '', source: { path: 'override/{{name}}' }, destination: {} },
              },
            },
          },
        ],
        template: {
          metadata: { name: '{{name}}', labels: { team: 'base', tier: 'web' } },
          spec: {
            project: 'proj',
            source: { repoURL: 'r', path: 'base' },
            destination: { server: '{{server}}' },
          },
        },
      }),
    );
    const app = r.applications[0];
    expect(app?.metadata.labels).toEqual({ team: 'gen', tier: 'web' });
    expect(app?.spec.project).toBe('proj');
    expect(app?.spec.source).toEqual({ repoURL: 'r', path: 'override/a' });
    expect(app?.spec.destination).toEqual({ server: 's' });
  });

  it('§1.2 / §1.4 errors – a failing entry is skipped, the others run, and no Application is returned', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [
          list({ name: 'ok', server: 's' }),
          { matrix: { generators: [] } },
          list({ name: 'ok2', server: 's' }),
        ],
      }),
    );
    expect(r.paramSets.map((p) => p.params.name)).toEqual(['ok', 'ok2']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.location).toMatchObject({ appset: 'demo', generator: 'spec.generators[1].matrix' });
    expect(r.applications).toEqual([]);
  });

  it('§1.4 validation – a duplicate name keeps the first Application, an empty name is invalid; the rest is sorted', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [
          list(
            { name: 'b', server: '1' },
            { name: 'a', server: '2' },
            { name: 'b', server: '3' },
            { name: '', server: '4' },
          ),
        ],
      }),
    );
    expect(r.applications.map((a) => `${a.metadata.name}@${a.spec.destination.server}`)).toEqual([
      'a@2',
      'b@1',
    ]);
    expect(r.invalid.map((i) => i.error.code)).toEqual(['APPSET_DUPLICATE_APP', 'APPSET_APP_INVALID']);
  });

  it('§1.4 validation – with a cluster inventory, a destination must name a registered cluster', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [list({ name: 'a', server: 'https://known' }, { name: 'b', server: 'https://unknown' })],
      }),
      {
        clusters: staticInventory([{ name: 'k', server: 'https://known' }]),
      },
    );
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['a']);
    expect(r.invalid[0]?.error.message).toMatch(/there are no clusters with this URL: https:\/\/unknown/);
  });

  it('§4.2 post-selector – filters on the flattened set, with unvalidated values such as URLs', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [
          {
            ...list({ name: 'a', server: 'https://a.example' }, { name: 'b', server: 'https://b.example' }),
            selector: { matchLabels: { server: 'https://b.example' } },
          },
        ],
      }),
    );
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['b']);
  });

  it('§4.2 / §9 post-selector – an invalid key is an error at the selector', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [{ ...list({ name: 'a' }), selector: { matchLabels: { 'path[0]': 'x' } } }],
      }),
    );
    expect(r.errors[0]?.code).toBe('APPSET_SELECTOR_INVALID');
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].selector');
  });

  it('§7.2 / §9 render – an unclosed {{ in the template is an error naming the field; that set is skipped', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: [list({ name: 'a', server: 's' })],
        template: {
          metadata: { name: '{{name}}' },
          spec: { destination: { server: '{{server}}', namespace: '{{name}} {{oops' } },
        },
      }),
    );
    expect(r.errors[0]?.code).toBe('APPSET_TEMPLATE_PARSE');
    expect(r.errors[0]?.location.object).toBe('template.spec.destination.namespace');
    expect(r.errors[0]?.describe()).toContain('applicationset demo');
  });

  it('§8 ordering – multiple top-level generators are concatenated in order, Applications sorted by name', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [list({ name: 'z', server: 's' }), list({ name: 'm', server: 's' })] }),
    );
    expect(r.paramSets.map((p) => p.params.name)).toEqual(['z', 'm']);
    expect(r.applications.map((a) => a.metadata.name)).toEqual(['m', 'z']);
  });

  it('§0 unsupported generators – scmProvider is a clear error', async () => {
    const r = await resolveApplicationSet(exampleAppSet({ generators: [{ scmProvider: {} }] }));
    expect(r.errors[0]?.message).toMatch(/scmProvider generator is not supported/);
  });
});
