import { describe, expect, it } from 'vitest';
import { resolveApplicationSet } from './resolve-application-set.ts';
import { exampleAppSet } from './test-fixtures.ts';

const gen = [{ list: { elements: [{ name: 'a', server: 's', auto: 'true' }] } }];

describe('templatePatch', () => {
  it('§7.6 templatePatch – rendered with fasttemplate in flat mode and applied as a strategic merge patch', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: gen,
        templatePatch:
          'metadata:\n  labels:\n    from: "{{name}}"\nspec:\n  source:\n    path: patched/{{name}}\n',
      }),
    );
    expect(r.errors).toEqual([]);
    const app = r.applications[0];
    expect(app?.metadata.labels).toEqual({ from: 'a' });
    expect(app?.spec.source).toMatchObject({ path: 'patched/a', repoURL: 'https://git.example/apps.git' });
  });

  it('§7.6 templatePatch – cannot change spec.project, and null deletes a field', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: gen,
        templatePatch: '{"spec": {"project": "other", "source": {"targetRevision": null}}}',
      }),
    );
    expect(r.applications[0]?.spec.project).toBe('default');
    expect(r.applications[0]?.spec.source).not.toHaveProperty('targetRevision');
  });

  it('§7.6 / §9 templatePatch – invalid after rendering is an APPSET_TEMPLATE_PATCH_INVALID error', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: gen, templatePatch: 'spec: [unclosed' }),
    );
    expect(r.errors[0]?.code).toBe('APPSET_TEMPLATE_PATCH_INVALID');
    const scalar = await resolveApplicationSet(exampleAppSet({ generators: gen, templatePatch: 'spec: 3' }));
    expect(scalar.errors[0]?.code).toBe('APPSET_TEMPLATE_PATCH_INVALID');
  });

  it('§7.6 templatePatch – strategic merge: lists are replaced, finalizers merged, $patch: replace replaces a map', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({
        generators: gen,
        template: {
          metadata: { name: '{{name}}', finalizers: ['a'] },
          spec: {
            project: 'default',
            source: { repoURL: 'r', path: 'p', directory: { recurse: true, include: '*.yaml' } },
            destination: { server: 's' },
            syncPolicy: { syncOptions: ['A=true', 'B=true'] },
          },
        },
        templatePatch: [
          'metadata:',
          '  finalizers: [b]',
          'spec:',
          '  source:',
          '    directory:',
          '      $patch: replace',
          '      recurse: false',
          '  syncPolicy:',
          '    syncOptions: [C=true]',
        ].join('\n'),
      }),
    );
    expect(r.errors).toEqual([]);
    const app = r.applications[0];
    expect(app?.metadata.finalizers).toEqual(['a', 'b']);
    expect(app?.spec.source?.directory).toEqual({ recurse: false });
    expect(app?.spec.syncPolicy?.syncOptions).toEqual(['C=true']);
  });
});
