/**
 * An ApplicationSet file map with one app `bulk-<cluster>` per registered cluster, from the
 * `bulk/` directory of `repoUrl`, automated with prune and self-heal. Used where a test or a
 * benchmark needs one large app on every cluster.
 */
export function bulkAppset(repoUrl: string): Record<string, string> {
  return {
    'bulk.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: bulk
spec:
  goTemplate: true
  generators:
    - clusters: {}
  template:
    metadata:
      name: "bulk-{{ .name }}"
    spec:
      source:
        repoURL: ${repoUrl}
        targetRevision: main
        path: bulk
      destination:
        name: "{{ .name }}"
        namespace: default
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
`,
  };
}
