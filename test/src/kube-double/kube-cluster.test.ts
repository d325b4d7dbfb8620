/**
 * The test-control API of a simulated cluster, observed over real HTTP: injected faults,
 * latency and 429s, the rate limit, simulated workload controllers, CRDs, namespace and
 * owner-reference deletion, dryRun, direct edits by another actor, and counters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KubeDouble } from './kube-double.ts';
import type { KubeDoubleOptions } from './kube-double.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let double: KubeDouble | undefined;

async function start(opts: KubeDoubleOptions = {}): Promise<KubeDouble> {
  double = await KubeDouble.start(opts);
  return double;
}

afterEach(async () => {
  await double?.close();
  double = undefined;
});

async function call(
  d: KubeDouble,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Obj; headers: Headers; ms: number }> {
  const started = Date.now();
  const res = await fetch(d.url + path, {
    method,
    headers: { 'Content-Type': contentType, 'User-Agent': 'control-test/1.0' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Obj) : {},
    headers: res.headers,
    ms: Date.now() - started,
  };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    },
  },
};
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

describe('kube double – test hooks', () => {
  it('an injected fault fails the matching requests as a 500 Status, as many times as asked', async () => {
    const d = await start();
    const fault = d.cluster.injectFault({ verb: 'list', resource: 'configmaps', count: 1 });
    const failed = await call(d, 'GET', CONFIGMAPS);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect((await call(d, 'GET', CONFIGMAPS)).status).toBe(200);
    expect((await call(d, 'GET', '/api/v1/namespaces')).status).toBe(200);
    expect(fault.fired).toBe(1);
  });

  it('injects latency and 429s, and a rate limit answers 429 with Retry-After', async () => {
    const d = await start();
    const slow = d.cluster.injectFault({ method: 'GET', resource: 'secrets', latencyMs: 150 });
    expect((await call(d, 'GET', '/api/v1/namespaces/default/secrets')).ms).toBeGreaterThanOrEqual(140);
    slow.remove();
    d.cluster.injectFault({ verb: 'create', status: 429, retryAfterSeconds: 3, count: 1 });
    const limited = await call(d, 'POST', CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    d.cluster.setRateLimit({ qps: 0.5, burst: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(d, 'GET', CONFIGMAPS)).status);
    expect(codes).toEqual([200, 200, 429]);
    d.cluster.setRateLimit(undefined);
    expect((await call(d, 'GET', CONFIGMAPS)).status).toBe(200);
  });

  it('simulated controllers make workloads available after the configured time, and complete Jobs', async () => {
    const d = await start({ workloads: { readyAfterMs: 1000, jobCompleteAfterMs: 100 } });
    const created = await call(d, 'POST', DEPLOYMENTS, deployment);
    expect(created.status).toBe(201);
    const get = async () => (await call(d, 'GET', `${DEPLOYMENTS}/web`)).body;
    await until('progressing status', async () => (await get())['status']?.['observedGeneration'] === 1);
    const progressing = await get();
    expect(progressing['status']['conditions'].find((c: Obj) => c['type'] === 'Available')['status']).toBe(
      'False',
    );
    await until('availability', async () => (await get())['status']?.['availableReplicas'] === 2);
    const ready = await get();
    expect(ready['status']).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2 });
    expect(ready['status']['conditions'].find((c: Obj) => c['type'] === 'Available')['status']).toBe('True');
    const rs = await call(d, 'GET', '/apis/apps/v1/namespaces/default/replicasets');
    expect(rs.body['items'][0]['metadata']['ownerReferences'][0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
    });
    await call(d, 'POST', '/apis/batch/v1/namespaces/default/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await until('job completion', async () =>
      (
        (await call(d, 'GET', '/apis/batch/v1/namespaces/default/jobs/once')).body['status']?.[
          'conditions'
        ] ?? []
      ).some((c: Obj) => c['type'] === 'Complete' && c['status'] === 'True'),
    );
  });

  it('simulated controllers make Pods Running and Ready, PVCs Bound and LoadBalancers provisioned', async () => {
    const d = await start({ workloads: { readyAfterMs: 50 } });
    const ns = '/api/v1/namespaces/default';
    const created = await call(d, 'POST', `${ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await call(d, 'POST', `${ns}/persistentvolumeclaims`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
    });
    await call(d, 'POST', `${ns}/services`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
    });
    expect(created.body['status']['phase']).toBe('Pending');
    await d.cluster.settle();
    const pod = (await call(d, 'GET', `${ns}/pods/p`)).body;
    expect(pod['status']['phase']).toBe('Running');
    expect(pod['status']['conditions'].find((c: Obj) => c['type'] === 'Ready')['status']).toBe('True');
    expect(pod['status']['containerStatuses'][0]).toMatchObject({ name: 'c', ready: true });
    expect((await call(d, 'GET', `${ns}/persistentvolumeclaims/data`)).body['status']).toMatchObject({
      phase: 'Bound',
      capacity: { storage: '2Gi' },
    });
    expect(
      (await call(d, 'GET', `${ns}/services/lb`)).body['status']['loadBalancer']['ingress'],
    ).toHaveLength(1);
  });

  it('an applied CRD makes its kind servable and is Established', async () => {
    const d = await start();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.demo.io' },
      spec: {
        group: 'demo.io',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    const applied = await call(
      d,
      'PATCH',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.io?fieldManager=test',
      crd,
      'application/apply-patch+yaml',
    );
    expect(applied.status).toBe(201);
    await d.cluster.settle();
    const established = await call(
      d,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.io',
    );
    expect(established.body['status']['conditions'].map((c: Obj) => c['type'])).toContain('Established');
    const cr = await call(d, 'POST', '/apis/demo.io/v1/namespaces/default/widgets', {
      apiVersion: 'demo.io/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { anything: 1 },
    });
    expect(cr.status).toBe(201);
    expect((await call(d, 'GET', '/apis')).body['groups'].map((g: Obj) => g['name'])).toContain('demo.io');
  });

  it('unknown custom-resource fields warn by default and fail with fieldValidation=Strict', async () => {
    const d = await start();
    await call(d, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gizmos.demo.io' },
      spec: {
        group: 'demo.io',
        scope: 'Namespaced',
        names: { plural: 'gizmos', kind: 'Gizmo' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    });
    const gizmo = (name: string) => ({
      apiVersion: 'demo.io/v1',
      kind: 'Gizmo',
      metadata: { name },
      spec: { size: 1, bogus: true },
    });
    const path = '/apis/demo.io/v1/namespaces/default/gizmos';
    const warned = await call(d, 'POST', path, gizmo('a'));
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""');
    const strict = await call(
      d,
      'PATCH',
      `${path}/b?fieldManager=t&fieldValidation=Strict`,
      gizmo('b'),
      'application/apply-patch+yaml',
    );
    expect(strict.status).toBe(400);
    expect(strict.body['message']).toBe(
      'Gizmo in version "v1" cannot be handled as a Gizmo: strict decoding error: unknown field "spec.bogus"',
    );
  });

  it('deleting a namespace removes its contents, then the namespace', async () => {
    const d = await start();
    await call(d, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team' },
    });
    await call(d, 'POST', '/api/v1/namespaces/team/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
    });
    const deleted = await call(d, 'DELETE', '/api/v1/namespaces/team');
    expect(deleted.body['status']['phase']).toBe('Terminating');
    await until(
      'namespace removal',
      async () => (await call(d, 'GET', '/api/v1/namespaces/team')).status === 404,
    );
    expect(d.cluster.listObjects('v1', 'ConfigMap', 'team')).toEqual([]);
    const inMissing = await call(d, 'POST', '/api/v1/namespaces/team/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
    });
    expect(inMissing.status).toBe(404);
  });

  it('deletes dependents in the background, and orphans them when asked', async () => {
    const d = await start({ workloads: { readyAfterMs: 0 } });
    await call(d, 'POST', DEPLOYMENTS, deployment);
    await d.cluster.settle();
    expect(d.cluster.listObjects('apps/v1', 'ReplicaSet', 'default')).toHaveLength(1);
    await call(d, 'DELETE', `${DEPLOYMENTS}/web`);
    await until(
      'the ReplicaSet to be collected',
      () => d.cluster.listObjects('apps/v1', 'ReplicaSet', 'default').length === 0,
    );
    await call(d, 'POST', DEPLOYMENTS, deployment);
    await d.cluster.settle();
    const orphaned = await call(d, 'DELETE', `${DEPLOYMENTS}/web?propagationPolicy=Orphan`);
    expect(orphaned.status).toBe(200);
    await until(
      'the Deployment to go',
      async () => (await call(d, 'GET', `${DEPLOYMENTS}/web`)).status === 404,
    );
    const [rs] = d.cluster.listObjects('apps/v1', 'ReplicaSet', 'default');
    expect(rs?.['metadata']).not.toHaveProperty('ownerReferences');
  });

  it('DELETE honours uid and resourceVersion preconditions', async () => {
    const d = await start();
    const created = await call(d, 'POST', CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pre' },
    });
    const wrongUid = await call(d, 'DELETE', `${CONFIGMAPS}/pre`, { preconditions: { uid: 'not-the-uid' } });
    expect(wrongUid.status).toBe(409);
    expect(wrongUid.body['message']).toContain('Precondition failed: UID in precondition: not-the-uid');
    const stale = await call(d, 'DELETE', `${CONFIGMAPS}/pre`, { preconditions: { resourceVersion: '1' } });
    expect(stale.status).toBe(409);
    const ok = await call(d, 'DELETE', `${CONFIGMAPS}/pre`, {
      preconditions: { uid: created.body['metadata']['uid'] },
    });
    expect(ok.body['status']).toBe('Success');
  });

  it('dryRun=All answers the would-be object and stores nothing', async () => {
    const d = await start();
    const dry = await call(d, 'POST', `${CONFIGMAPS}?dryRun=All`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dry' },
    });
    expect(dry.status).toBe(201);
    expect(dry.body['metadata']['uid']).toBeDefined();
    expect((await call(d, 'GET', `${CONFIGMAPS}/dry`)).status).toBe(404);
  });

  it('a direct edit by another actor owns the field, so the next apply conflicts with it', async () => {
    const d = await start();
    const applyPath = `${CONFIGMAPS}/managed?fieldManager=outpost-agent`;
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'managed' }, data: { mode: 'fast' } };
    expect((await call(d, 'PATCH', applyPath, cm, 'application/apply-patch+yaml')).status).toBe(201);
    const live = d.cluster.getObject('v1', 'ConfigMap', 'default', 'managed') as Obj;
    d.cluster.putObject({ ...live, data: { mode: 'slow' } });
    const again = await call(d, 'PATCH', applyPath, cm, 'application/apply-patch+yaml');
    expect(again.status).toBe(409);
    expect(again.body['message']).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.mode',
    );
    const forced = await call(d, 'PATCH', `${applyPath}&force=true`, cm, 'application/apply-patch+yaml');
    expect(forced.body['data']).toEqual({ mode: 'fast' });
  });

  it('a label-selected watch reports objects entering and leaving the selection as ADDED and DELETED', async () => {
    const d = await start();
    const list = await call(d, 'GET', `${CONFIGMAPS}?labelSelector=owner%3Doutpost`);
    const res = await fetch(
      `${d.url}${CONFIGMAPS}?watch=true&labelSelector=owner%3Doutpost&timeoutSeconds=1&resourceVersion=${String(list.body['metadata']['resourceVersion'])}`,
    );
    const text = res.text();
    const cm = (labels: Record<string, string>, data: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'sel', namespace: 'default', labels },
      data: { v: data },
    });
    d.cluster.putObject(cm({}, '1'));
    d.cluster.putObject(cm({ owner: 'outpost' }, '2'));
    d.cluster.putObject(cm({ owner: 'outpost' }, '3'));
    d.cluster.putObject(cm({ owner: 'someone-else' }, '4'));
    const events = (await text)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);
    expect(events.map((e) => `${String(e['type'])} ${String(e['object']['data']['v'])}`)).toEqual([
      'ADDED 2',
      'MODIFIED 3',
      'DELETED 4',
    ]);
  });

  it('lists events by involvedObject field selectors, as kubectl describe does', async () => {
    const d = await start();
    for (const name of ['web', 'db']) {
      d.cluster.putObject({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${name}.1`, namespace: 'default' },
        involvedObject: { kind: 'Deployment', name, namespace: 'default' },
        reason: 'ScalingReplicaSet',
      });
    }
    const found = await call(
      d,
      'GET',
      '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb,involvedObject.kind%3DDeployment',
    );
    expect(found.body['items'].map((e: Obj) => e['metadata']['name'])).toEqual(['web.1']);
    expect((await call(d, 'GET', `${CONFIGMAPS}?fieldSelector=involvedObject.name%3Dweb`)).status).toBe(400);
  });

  it('counts requests by verb and resource, and change events', async () => {
    const d = await start();
    await d.cluster.settle();
    const before = d.cluster.counters();
    await call(d, 'GET', CONFIGMAPS);
    await call(d, 'POST', CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' } });
    const after = d.cluster.counters();
    expect(after.requests['list configmaps']).toBe((before.requests['list configmaps'] ?? 0) + 1);
    expect(after.requests['create configmaps']).toBe(1);
    expect(after.totalRequests).toBe(before.totalRequests + 2);
    expect(after.events).toBe(before.events + 1);
  });
});
