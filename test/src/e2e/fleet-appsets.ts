/**
 * The ApplicationSets the fleet e2e tests run: every directory under `apps/` becomes an app
 * on every registered cluster with automated prune and self-heal; `manual/` apps are
 * automated without prune or self-heal; `tolerant/` apps ignore `/data/free`.
 */
export function fleetAppsets(repoUrl: string): Record<string, string> {
  const appset = (name: string, dir: string, policy: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
spec:
  goTemplate: true
  generators:
    - matrix:
        generators:
          - clusters: {}
          - git:
              repoURL: ${repoURL(repoUrl)}
              revision: main
              directories:
                - path: "${dir}/*"
  template:
    metadata:
      name: "{{ .path.basename }}-{{ .name }}"
    spec:
      project: default
      source:
        repoURL: ${repoURL(repoUrl)}
        targetRevision: main
        path: "{{ .path.path }}"
      destination:
        name: "{{ .name }}"
        namespace: default
      syncPolicy:
${policy}
${extra}`;
  return {
    'apps.yaml': appset(
      'apps',
      'apps',
      '        automated:\n          prune: true\n          selfHeal: true\n        syncOptions:\n          - CreateNamespace=true',
    ),
    'manual.yaml': appset(
      'manual',
      'manual',
      '        automated:\n          prune: false\n          selfHeal: false',
    ),
    'tolerant.yaml': appset(
      'tolerant',
      'tolerant',
      '        automated:\n          prune: true\n          selfHeal: true',
      '      ignoreDifferences:\n        - group: ""\n          kind: ConfigMap\n          jsonPointers:\n            - /data/free\n',
    ),
  };
}

function repoURL(u: string): string {
  return u;
}
