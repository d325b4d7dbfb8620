// Benchmark (a program, not a test): ApplicationSet resolution for a large fleet — by
// default 10,000 clusters × 100 ApplicationSets, a realistic mix of clusters generators
// with selectors, list generators and matrix (clusters × list) generators, in flat mode —
// from generators through templating to sorted, validated Applications. Prints the median
// of several repetitions and the number of Applications produced.
//
//   node test/src/bench/appsets-bench.ts [--clusters 10000] [--appsets 100] [--reps 5]
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
// principal/src/index.ts does not export the appsets module yet (owned by the lead).
import {
  resolveApplicationSet,
  staticInventory,
  type ApplicationSet,
  type ClusterInfo,
} from '../../../principal/src/appsets/index.ts';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '10000' },
    appsets: { type: 'string', default: '100' },
    reps: { type: 'string', default: '5' },
  },
});
const CLUSTERS = Number(values.clusters);
const APPSETS = Number(values.appsets);
const REPS = Math.max(3, Number(values.reps));

const ENVS = ['prod', 'staging', 'dev'];
const REGIONS = Array.from({ length: 10 }, (_, i) => `region-${i}`);

function fleet(n: number): ClusterInfo[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `edge-${String(i).padStart(5, '0')}`,
    server: `https://edge-${i}.sites.example:6443`,
    project: i % 7 === 0 ? 'retail' : undefined,
    labels: {
      env: ENVS[i % ENVS.length] as string,
      region: REGIONS[i % REGIONS.length] as string,
      tier: i % 4 === 0 ? 'gold' : 'standard',
      'outpost.dev/site-id': `site-${i}`,
    },
    annotations: { 'outpost.dev/owner': `team-${i % 25}` },
  }));
}

const template = (name: string, path: string) => ({
  metadata: {
    name,
    labels: { app: path, cluster: '{{name}}' },
    annotations: { owner: '{{metadata.annotations.outpost.dev/owner}}' },
  },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example/platform.git', targetRevision: 'main', path: `apps/${path}` },
    destination: { server: '{{server}}', namespace: `${path}-{{metadata.labels.env}}` },
    syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
  },
});

function appset(i: number): ApplicationSet {
  const base = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: `set-${i}`, namespace: 'outpost' },
  };
  const app = `app-${i}`;
  const region = REGIONS[i % REGIONS.length];
  switch (i % 10) {
    case 0:
    case 1:
    case 2: // 30%: matrix of the clusters in one region × three components
      return {
        ...base,
        spec: {
          generators: [
            {
              matrix: {
                generators: [
                  { clusters: { selector: { matchLabels: { region } }, values: { ns: '{{name}}' } } },
                  {
                    list: { elements: [{ component: 'api' }, { component: 'worker' }, { component: 'ui' }] },
                  },
                ],
              },
            },
          ],
          template: template(`${app}-{{component}}-{{name}}`, app),
        },
      } as ApplicationSet;
    case 3:
    case 4:
    case 5: // 30%: a list of 20 named elements
      return {
        ...base,
        spec: {
          generators: [
            {
              list: {
                elements: Array.from({ length: 20 }, (_, k) => ({
                  name: `edge-${String(k * 37).padStart(5, '0')}`,
                  server: `https://edge-${k * 37}.sites.example:6443`,
                })),
              },
            },
          ],
          template: template(`${app}-{{name}}`, app),
        },
      } as ApplicationSet;
    default: // 40%: clusters generators with selectors (a region, or gold prod clusters)
      return {
        ...base,
        spec: {
          generators: [
            {
              clusters: {
                selector:
                  i % 2 === 0
                    ? { matchLabels: { region } }
                    : {
                        matchLabels: { env: 'prod' },
                        matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }],
                      },
              },
            },
          ],
          template: template(`${app}-{{name}}`, app),
        },
      } as ApplicationSet;
  }
}

async function main(): Promise<void> {
  const clusters = staticInventory(fleet(CLUSTERS));
  const sets = Array.from({ length: APPSETS }, (_, i) => appset(i));
  console.log(
    `ApplicationSet resolution: ${CLUSTERS} clusters × ${APPSETS} ApplicationSets, ${REPS} repetitions`,
  );
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let apps = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    apps = 0;
    for (const set of sets) {
      const r = await resolveApplicationSet(set, { clusters, options: { validateDestinations: false } });
      if (r.errors.length > 0) throw r.errors[0];
      apps += r.applications.length;
    }
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    times.push(ms);
    cpuTimes.push(cpuMs);
    console.log(
      `  run ${rep + 1}: ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (${apps} Applications)`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const wall = median(times);
  console.log(
    `median: ${wall.toFixed(0)} ms wall, ${median(cpuTimes).toFixed(0)} ms CPU (all threads, GC included) ` +
      `for ${apps} Applications (${((wall * 1000) / apps).toFixed(1)} µs each)`,
  );
  console.log(`load average at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
}

await main();
