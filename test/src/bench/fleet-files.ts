/**
 * The benchmark fleet's desired state: the config repository's files and the hub's
 * ApplicationSets. Pure (returns text).
 *
 * - Every fleet cluster (`bench=fleet`, `group=gK`) gets the app `shared` (path `shared/`,
 *   {@link SHARED_OBJECTS} ConfigMaps, one of them the fan-out marker) and the app of its
 *   group (path `groups/gK/`, {@link GROUP_OBJECTS} ConfigMaps, one of them the churn target).
 * - The one `solo` cluster (`bench=solo`) gets the app `solo`: {@link SOLO_OBJECTS} ConfigMaps,
 *   for the agent-with-500-objects figure.
 */

export const SHARED_OBJECTS = 10;
export const GROUP_OBJECTS = 5;
export const SOLO_OBJECTS = 500;
/** Namespace every app deploys to. */
export const BENCH_NAMESPACE = 'bench';
/** The ConfigMap a fan-out commit changes (in `shared/`). */
export const MARKER = 'marker';
/** The data key holding a revision tag in the marker and churn objects. */
export const REV_KEY = 'rev';

/** Fleet cluster names: `c-00001` … (sorted order = creation order). */
export function fleetClusterNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c-${String(i + 1).padStart(5, '0')}`);
}

/** The group label value of the i-th fleet cluster (0-based). */
export function groupOf(index: number, groups: number): string {
  return `g${index % groups}`;
}

/** A ConfigMap manifest of roughly `bytes` bytes of data (deterministic filler). */
export function configMapYaml(name: string, rev: string, bytes = 900): string {
  const lines: string[] = [];
  let size = 0;
  for (let k = 0; size < bytes; k++) {
    const value = `value-${name}-${k}-`.padEnd(60, String.fromCharCode(97 + (k % 26)));
    lines.push(`  key${k}: "${value}"`);
    size += value.length + 8;
  }
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    app.kubernetes.io/part-of: outpost-bench',
    'data:',
    `  ${REV_KEY}: "${rev}"`,
    ...lines,
    '',
  ].join('\n');
}

/** The repository's files for the first commit. */
export function initialRepoFiles(groups: number): Record<string, string> {
  const files: Record<string, string> = {};
  files[`shared/${MARKER}.yaml`] = configMapYaml(MARKER, 'initial');
  for (let i = 1; i < SHARED_OBJECTS; i++)
    files[`shared/shared-${i}.yaml`] = configMapYaml(`shared-${i}`, 'initial');
  for (let g = 0; g < groups; g++) {
    files[`groups/g${g}/${churnObject(`g${g}`)}.yaml`] = configMapYaml(churnObject(`g${g}`), 'initial');
    for (let i = 1; i < GROUP_OBJECTS; i++)
      files[`groups/g${g}/g${g}-${i}.yaml`] = configMapYaml(`g${g}-${i}`, 'initial');
  }
  for (let i = 0; i < SOLO_OBJECTS; i++) files[`solo/solo-${i}.yaml`] = configMapYaml(`solo-${i}`, 'initial');
  return files;
}

/** The churn target ConfigMap of a group. */
export function churnObject(group: string): string {
  return `churn-${group}`;
}

function appset(name: string, selector: Record<string, string>, path: string, repoURL: string): string {
  const labels = Object.entries(selector)
    .map(([k, v]) => `            ${k}: ${v}`)
    .join('\n');
  return `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
  namespace: argocd
spec:
  generators:
    - clusters:
        selector:
          matchLabels:
${labels}
  template:
    metadata:
      name: '${name}-{{name}}'
    spec:
      project: default
      source:
        repoURL: ${repoURL}
        targetRevision: main
        path: ${path}
      destination:
        name: '{{name}}'
        namespace: ${BENCH_NAMESPACE}
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
        syncOptions:
          - CreateNamespace=true
`;
}

/** The hub's ApplicationSet files (file name → YAML). */
export function appsetFiles(repoURL: string, groups: number): Record<string, string> {
  const files: Record<string, string> = {
    'shared.yaml': appset('shared', { bench: 'fleet' }, 'shared', repoURL),
    'solo.yaml': appset('solo', { bench: 'solo' }, 'solo', repoURL),
  };
  for (let g = 0; g < groups; g++)
    files[`group-g${g}.yaml`] = appset(
      `group-g${g}`,
      { bench: 'fleet', group: `g${g}` },
      `groups/g${g}`,
      repoURL,
    );
  return files;
}
