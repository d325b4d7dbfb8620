import type { ApplicationSet } from './application-set.ts';

/**
 * Builds an ApplicationSet for examples and tests: `name` `demo`, namespace `argocd`,
 * template `{{name}}`-style defaults overridden by `spec`.
 */
export function exampleAppSet(spec: Record<string, unknown>, name = 'demo'): ApplicationSet {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      generators: [],
      template: {
        metadata: { name: '{{name}}' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.example/apps.git', path: 'apps', targetRevision: 'HEAD' },
          destination: { server: '{{server}}', namespace: 'default' },
        },
      },
      ...spec,
    },
  } as ApplicationSet;
}
