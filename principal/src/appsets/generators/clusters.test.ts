import { describe, expect, it } from 'vitest';
import type { ClusterInfo } from '../application.ts';
import { staticInventory } from '../memory-ports.ts';
import { resolveApplicationSet } from '../resolve-application-set.ts';
import { exampleAppSet } from '../test-fixtures.ts';

const fleet: ClusterInfo[] = [
  {
    name: 'edge_01',
    server: 'https://edge-01.example',
    labels: { env: 'prod', region: 'eu' },
    annotations: { owner: 'ops' },
  },
  { name: 'edge-02', server: 'https://edge-02.example', project: 'retail', labels: { env: 'dev' } },
  { name: 'lab', server: 'https://lab.example' },
];

async function params(generator: Record<string, unknown>, clusters: ClusterInfo[] = fleet) {
  const r = await resolveApplicationSet(exampleAppSet({ generators: [{ clusters: generator }] }), {
    clusters: staticInventory(clusters),
  });
  expect(r.errors.map((e) => e.describe())).toEqual([]);
  return r.paramSets.map((p) => p.params);
}

describe('clusters generator (flat mode)', () => {
  it('§3.2 clusters – emits name, nameNormalized, server, project and flat metadata keys', async () => {
    expect(await params({ selector: { matchLabels: { env: 'prod' } } })).toEqual([
      {
        name: 'edge_01',
        nameNormalized: 'edge-01',
        server: 'https://edge-01.example',
        project: '',
        'metadata.labels.env': 'prod',
        'metadata.labels.region': 'eu',
        'metadata.annotations.owner': 'ops',
      },
    ]);
  });

  it('§3.2 / §0 / §11.1 clusters – no selector selects every registered cluster; by design (§0) no in-cluster entry is added', async () => {
    const all = await params({});
    expect(all.map((p) => p.name)).toEqual(['edge_01', 'edge-02', 'lab']);
    expect(all.find((p) => p.name === 'edge-02')?.project).toBe('retail');
  });

  it('§3.2 clusters – duplicate names collapse and the last record wins', async () => {
    const dup = [...fleet, { name: 'lab', server: 'https://lab-2.example' }];
    const out = await params({}, dup);
    expect(out.filter((p) => p.name === 'lab')).toEqual([
      { name: 'lab', nameNormalized: 'lab', server: 'https://lab-2.example', project: '' },
    ]);
  });

  it('§4.1 clusters – matchExpressions NotIn selects clusters without the label', async () => {
    const out = await params({
      selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
    });
    expect(out.map((p) => p.name)).toEqual(['edge-02', 'lab']);
  });

  it('§5 / §11.2 clusters – values render against the cluster params, cannot see other values, unknown tags stay', async () => {
    const out = await params({
      selector: { matchLabels: { env: 'dev' } },
      values: {
        ns: '{{name}}-{{metadata.labels.env}}',
        self: '{{values.ns}}',
        other: '{{ this-does-not-exist }}',
      },
    });
    expect(out[0]).toMatchObject({
      'values.ns': 'edge-02-dev',
      'values.self': '{{values.ns}}',
      'values.other': '{{ this-does-not-exist }}',
    });
  });

  it('§3.2 clusters – flatList wraps every set into one {clusters: [...]}', async () => {
    const out = await params({ flatList: true, selector: { matchLabels: { env: 'dev' } } });
    expect(out).toEqual([
      {
        clusters: [
          {
            name: 'edge-02',
            nameNormalized: 'edge-02',
            server: 'https://edge-02.example',
            project: 'retail',
            'metadata.labels.env': 'dev',
          },
        ],
      },
    ]);
  });

  it('§3.2 / §9 clusters – an invalid selector label value is an error naming the selector', async () => {
    const r = await resolveApplicationSet(
      exampleAppSet({ generators: [{ clusters: { selector: { matchLabels: { server: 'https://x' } } } }] }),
      { clusters: staticInventory(fleet) },
    );
    expect(r.errors[0]?.code).toBe('APPSET_SELECTOR_INVALID');
    expect(r.errors[0]?.location.generator).toBe('spec.generators[0].clusters.selector');
  });

  it('§3.2 / §9 clusters – an inventory failure is reported as error getting cluster secrets', async () => {
    const r = await resolveApplicationSet(exampleAppSet({ generators: [{ clusters: {} }] }), {
      clusters: { list: () => Promise.reject(new Error('store offline')) },
    });
    expect(r.errors[0]?.message).toBe('error getting cluster secrets: store offline');
  });
});
