/**
 * One block of assertions per line of the transcripts README's fidelity checklist, run against
 * the answers of a replay session (see transcript-replay.test.ts).
 */
import { expect } from 'vitest';
import { WATCH_TIMEOUT_SECONDS } from './replay-session.ts';
import type { ReplaySession } from './replay-session.ts';
import type { ReplayAnswer } from './transcript-replayer.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The assertion blocks, keyed by checklist line number. */
export function checklistAssertions(session: ReplaySession): Record<number, () => void> {
  const a = (n: number): ReplayAnswer => {
    const answer = session.answers.get(n);
    if (!answer) throw new Error(`transcript ${n} was not replayed`);
    return answer;
  };
  const body = (n: number): Obj => a(n).body as Obj;
  const events = (n: number): Obj[] => a(n).body as Obj[];
  const managers = (o: Obj): Obj[] => o['metadata']['managedFields'] as Obj[];
  const entry = (o: Obj, manager: string, subresource?: string): Obj | undefined =>
    managers(o).find((m) => m['manager'] === manager && (m['subresource'] ?? undefined) === subresource);
  const rv = (n: number): number => Number(body(n)['metadata']['resourceVersion']);

  return {
    1: () => {
      for (const n of [13, 14, 16, 18, 63, 64, 65]) {
        const b = body(n);
        expect(b, `file ${n}`).toMatchObject({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: a(n).status,
        });
        expect(typeof b['message'] === 'string' && typeof b['reason'] === 'string', `file ${n}`).toBe(true);
        expect(a(n).headers['content-type'], `file ${n}`).toBe('application/json');
      }
    },
    2: () => {
      expect(body(13)['details']).toEqual({ name: 'missing', kind: 'configmaps' });
      expect(body(14)['details']).toEqual({ name: 'settings', kind: 'configmaps' });
      expect(body(57)['details']).toEqual({
        name: 'outpost-leader',
        group: 'coordination.k8s.io',
        kind: 'leases',
      });
      expect(body(18)['details']).toMatchObject({ name: 'Bad_Name', kind: 'ConfigMap' });
      expect(body(18)['details']).not.toHaveProperty('group');
      expect(body(36)['details']).toMatchObject({ name: 'web', group: 'apps', kind: 'Deployment' });
      expect(body(50)['details']).toMatchObject({ name: 'bad', group: 'demo.example.com', kind: 'Gadget' });
    },
    3: () => {
      expect(body(13)['message']).toBe('configmaps "missing" not found');
      expect(body(74)).toMatchObject({
        reason: 'NotFound',
        details: { name: 'transcripts', kind: 'namespaces' },
      });
      expect(a(62).status).toBe(404);
      expect(a(62).headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(a(62).body).toBe('404 page not found\n');
      expect(body(61)).toMatchObject({
        reason: 'NotFound',
        details: {},
        message: 'the server could not find the requested resource',
      });
    },
    4: () => {
      expect(body(18)).toMatchObject({ code: 422, reason: 'Invalid' });
      expect(body(18)['message']).toMatch(
        /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": /,
      );
      expect(body(19)['details']['causes']).toEqual([
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
      expect(body(36)['details']['causes'][0]).toMatchObject({
        reason: 'FieldValueRequired',
        field: 'spec.template.spec.containers[0].image',
      });
      expect((body(50)['details']['causes'] as Obj[]).map((c) => c['reason'])).toEqual([
        'FieldValueNotSupported',
        'FieldValueInvalid',
        'FieldValueTypeInvalid',
      ]);
      expect(body(50)['message']).toMatch(
        /^Gadget\.demo\.example\.com "bad" is invalid: \[spec\.color: .*, spec\.size: .*, spec\.tags: .*\]$/,
      );
    },
    5: () => {
      expect(body(63)).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
      expect(body(64)).toMatchObject({ code: 400, reason: 'BadRequest' });
      expect(body(64)).not.toHaveProperty('details');
      expect(body(65)).toMatchObject({
        code: 415,
        reason: 'UnsupportedMediaType',
        message: '415: Unsupported Media Type',
      });
      expect(body(42)).toMatchObject({ code: 400, reason: 'BadRequest' });
      expect(body(42)['message']).toContain('only "metadata.name", "metadata.namespace"');
    },
    6: () => {
      expect([a(11).status, a(15).status, a(21).status, a(33).status]).toEqual([201, 200, 201, 200]);
      expect(body(11)).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
      expect(body(21)).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
      expect(body(33)).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1' });
    },
    7: () => {
      for (const n of [11, 15, 17]) expect(body(n)['metadata']['resourceVersion']).toMatch(/^\d+$/);
      expect(rv(11)).toBeLessThan(rv(15));
      expect(rv(15)).toBeLessThan(rv(17));
      expect(new Set([11, 15, 17].map((n) => body(n)['metadata']['uid'])).size).toBe(1);
      expect(new Set([11, 15, 17].map((n) => body(n)['metadata']['creationTimestamp'])).size).toBe(1);
      expect(body(11)['metadata']['creationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      for (const n of [55, 56]) {
        expect(body(n)['spec']['acquireTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        expect(body(n)['spec']['renewTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      }
    },
    8: () => {
      expect(body(20)['metadata']['name']).toMatch(/^gen-[a-z0-9]{5}$/);
      expect(body(20)['metadata']['generateName']).toBe('gen-');
      expect(body(19)['message']).toContain('name or generateName is required');
    },
    9: () => {
      expect(body(14)).toMatchObject({ code: 409, reason: 'AlreadyExists' });
      expect(body(16)['message']).toBe(
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      );
      expect(body(57)['message']).toBe(
        'Operation cannot be fulfilled on leases.coordination.k8s.io "outpost-leader": the object has been modified; please apply your changes to the latest version and try again',
      );
    },
    10: () => {
      expect(a(17).status).toBe(200);
      expect(body(17)['metadata']).not.toHaveProperty('annotations');
      expect(managers(body(17))[0]?.['fieldsV1']['f:metadata']).not.toHaveProperty('f:annotations');
    },
    11: () => {
      expect([30, 33, 34, 35, 67].map((n) => body(n)['metadata']['generation'])).toEqual([1, 2, 3, 4, 5]);
      expect(body(53)['metadata']['generation']).toBe(1);
      expect(body(54)['metadata']['generation']).toBe(2);
    },
    12: () => {
      expect(body(10)['metadata']['labels']).toEqual({ 'kubernetes.io/metadata.name': 'transcripts' });
      expect(body(10)['spec']).toEqual({ finalizers: ['kubernetes'] });
      expect(body(30)['spec']).toEqual(
        session.transcripts[29]?.response.body && (session.transcripts[29].response.body as Obj)['spec'],
      );
      expect(body(46)['spec']['conversion']).toEqual({ strategy: 'None' });
      expect(body(49)['spec']).toEqual({ color: 'red', size: 3 });
    },
    13: () => {
      for (const n of [58, 59]) {
        expect(body(n)['data']).toEqual({
          password: 'bm90LWEtcmVhbC1wYXNzd29yZA==',
          username: 'ZGVtby11c2Vy',
        });
        expect(body(n)).not.toHaveProperty('stringData');
      }
    },
    14: () => {
      expect(body(60)).not.toHaveProperty('secrets');
      expect(body(60)['metadata']).not.toHaveProperty('managedFields');
    },
    15: () => {
      const update = entry(body(11), 'transcripts-recorder') as Obj;
      expect(update['operation']).toBe('Update');
      expect(update['fieldsV1']['f:data']).toHaveProperty(['.']);
      const apply = entry(body(21), 'mgr-a') as Obj;
      expect(apply['operation']).toBe('Apply');
      expect(apply['fieldsV1']['f:data']).not.toHaveProperty(['.']);
      expect(
        entry(body(30), 'mgr-a')?.['fieldsV1']['f:spec']['f:template']['f:spec']['f:containers'],
      ).toHaveProperty(['k:{"name":"app"}']);
      expect(
        entry(body(31), 'kube-controller-manager', 'status')?.['fieldsV1']['f:status']['f:conditions'],
      ).toHaveProperty(['k:{"type":"Available"}']);
      expect(entry(body(52), 'mgr-a')?.['fieldsV1']['f:spec']['f:tags']).toEqual({
        'v:"alpha"': {},
        'v:"beta"': {},
      });
      expect(
        entry(body(69), 'transcripts-recorder')?.['fieldsV1']['f:metadata']['f:finalizers'],
      ).toHaveProperty(['v:"example.com/hold"']);
    },
    16: () => {
      expect(entry(body(31), 'kube-controller-manager', 'status')).toBeDefined();
      expect(entry(body(53), 'transcripts-recorder', 'status')?.['fieldsV1']).toEqual({
        'f:status': { '.': {}, 'f:observedGeneration': {}, 'f:phase': {} },
      });
    },
    17: () => {
      expect(a(22).status).toBe(409);
      expect(body(22)['message']).toBe('Apply failed with 1 conflict: conflict with "mgr-a": .data.color');
      expect(body(22)['details']).toEqual({
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "mgr-a"', field: '.data.color' }],
      });
    },
    18: () => {
      expect(a(29).status).toBe(409);
      expect(body(29)['message']).toBe(
        'Apply failed with 1 conflict: conflict with "transcripts-recorder" using v1: .data.mode',
      );
    },
    19: () => {
      expect(body(23)['data']['color']).toBe('blue');
      expect(entry(body(23), 'mgr-a')?.['fieldsV1']['f:data']).not.toHaveProperty('f:color');
      expect(entry(body(23), 'mgr-b')?.['fieldsV1']).toEqual({ 'f:data': { 'f:color': {} } });
    },
    20: () => {
      expect(body(24)['data']).toEqual({ color: 'blue', size: 'small' });
      expect(managers(body(26)).map((m) => m['manager'])).toEqual(['mgr-a']);
      expect(body(26)['data']['color']).toBe('blue');
    },
    21: () => {
      expect(a(25).status).toBe(200);
      expect(entry(body(25), 'mgr-a')?.['fieldsV1']['f:data']).toHaveProperty('f:color');
      expect(entry(body(25), 'mgr-b')?.['fieldsV1']['f:data']).toHaveProperty('f:color');
    },
    22: () => {
      expect(body(27)['data']).toEqual({ color: 'green', size: 'large' });
      expect(rv(27)).toBe(rv(26));
      expect(body(28)['data']).toEqual({ color: 'blue', size: 'small' });
      expect(rv(28)).toBe(rv(26));
    },
    23: () => {
      const applied = entry(body(30), 'mgr-a')?.['fieldsV1']['f:spec'] as Obj;
      expect(Object.keys(applied).sort()).toEqual(['f:selector', 'f:template']);
      expect(entry(body(52), 'mgr-a')?.['fieldsV1']['f:spec']).not.toHaveProperty('f:color');
      expect(entry(body(49), 'transcripts-recorder')?.['fieldsV1']['f:spec']).toHaveProperty('f:color');
      const sidecar = entry(body(35), 'transcripts-recorder')?.['fieldsV1']['f:spec']['f:template']['f:spec'][
        'f:containers'
      ]['k:{"name":"sidecar"}'] as Obj;
      expect(Object.keys(sidecar)).toEqual(
        expect.arrayContaining(['f:imagePullPolicy', 'f:resources', 'f:terminationMessagePath']),
      );
    },
    24: () => {
      const containers = body(35)['spec']['template']['spec']['containers'] as Obj[];
      expect(containers.map((c) => c['name'])).toEqual(['app', 'sidecar']);
      expect(containers[0]).toMatchObject({ image: 'nginx:1.27', env: [{ name: 'MODE', value: 'fast' }] });
      expect(containers[1]).toMatchObject({ image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' });
      expect(a(36).status).toBe(422);
      expect(a(34).status).toBe(200);
      expect(body(34)['metadata']['annotations']['example.com/patched-by']).toBe('json-patch');
    },
    25: () => {
      expect(body(53)['spec']['size']).toBe(3);
      expect(body(53)['status']).toEqual({ observedGeneration: 1, phase: 'Ready' });
      expect(body(54)['spec']['size']).toBe(4);
      expect(body(54)['status']).toEqual({ observedGeneration: 1, phase: 'Ready' });
    },
    26: () => {
      expect(body(37)).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
      expect(body(37)['metadata']['resourceVersion']).toMatch(/^\d+$/);
      expect(body(32)).toMatchObject({ kind: 'ReplicaSetList', apiVersion: 'apps/v1' });
      for (const item of [...(body(37)['items'] as Obj[]), ...(body(32)['items'] as Obj[])]) {
        expect(item).not.toHaveProperty('kind');
        expect(item).not.toHaveProperty('apiVersion');
      }
    },
    27: () => {
      expect((body(37)['items'] as Obj[]).map((i) => i['metadata']['name'])).toEqual([
        'settings',
        'ssa-demo',
      ]);
      expect((body(38)['items'] as Obj[]).map((i) => i['metadata']['name'])).toEqual(['settings']);
    },
    28: () => {
      expect(body(39)['metadata']).toMatchObject({ remainingItemCount: 3 });
      expect(typeof body(39)['metadata']['continue']).toBe('string');
      expect(body(39)['items'][0]['metadata']['name']).toMatch(/^gen-/);
      expect(body(40)['items'][0]['metadata']['name']).toBe('kube-root-ca.crt');
      expect(body(40)['metadata']).toMatchObject({
        remainingItemCount: 2,
        resourceVersion: body(39)['metadata']['resourceVersion'],
      });
    },
    29: () => {
      expect((body(40)['items'] as Obj[]).map((i) => i['metadata']['name'])).toContain('kube-root-ca.crt');
      expect((body(41)['rows'] as Obj[]).map((r) => r['cells'][0])).toContain('kube-root-ca.crt');
      expect(events(44).map((e) => e['object']['metadata']['name'])).toContain('kube-root-ca.crt');
    },
    30: () => {
      expect(body(41)).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
      expect(a(41).headers['content-type']).toBe('application/json');
      for (const row of body(41)['rows'] as Obj[]) {
        expect(typeof row['cells'][0]).toBe('string');
        expect(typeof row['cells'][1]).toBe('number');
        expect(row['cells'][2]).toMatch(/^\d+s$/);
        expect(row['object']).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
      }
    },
    31: () => {
      expect(a(43).status).toBe(200);
      expect(a(43).headers['transfer-encoding']).toBe('chunked');
      const changes = events(43).filter((e) => e['type'] !== 'BOOKMARK');
      expect(changes.map((e) => e['type'])).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      for (const e of changes)
        expect(e['object']).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: expect.any(Object) });
      const rvs = changes.map((e) => Number(e['object']['metadata']['resourceVersion']));
      expect(rvs[0]).toBeLessThan(rvs[1] as number);
      expect(rvs[1]).toBeLessThan(rvs[2] as number);
      expect(a(43).endedAfterMs).toBeGreaterThanOrEqual(Number(WATCH_TIMEOUT_SECONDS[43]) * 1000 - 100);
    },
    32: () => {
      const bookmarks = events(43).filter((e) => e['type'] === 'BOOKMARK');
      expect(bookmarks.length).toBeGreaterThan(0);
      for (const b of bookmarks) {
        expect(b['object']).toEqual({
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { resourceVersion: expect.stringMatching(/^\d+$/), creationTimestamp: null },
        });
      }
      const times = a(43).eventTimes as number[];
      expect(times[events(43).indexOf(bookmarks[0] as Obj)]).toBeLessThan(a(43).endedAfterMs as number);
    },
    33: () => {
      const ev = events(44);
      const end = ev.findIndex((e) => e['type'] === 'BOOKMARK');
      expect(ev.slice(0, end).map((e) => e['type'])).toEqual(['ADDED', 'ADDED', 'ADDED', 'ADDED']);
      expect(ev[end]?.['object']['metadata']['annotations']).toMatchObject({
        'k8s.io/initial-events-end': 'true',
      });
    },
    34: () => {
      expect(a(45).status).toBe(200);
      expect(events(45)).toHaveLength(1);
      expect(events(45)[0]).toMatchObject({
        type: 'ERROR',
        object: { kind: 'Status', code: 410, reason: 'Expired' },
      });
      expect(events(45)[0]?.['object']['message']).toMatch(/^too old resource version: 1 \(\d+\)$/);
    },
    35: () => {
      expect(body(66)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'settings', kind: 'configmaps', uid: body(17)['metadata']['uid'] },
      });
      expect(body(69)['metadata']).toMatchObject({
        deletionGracePeriodSeconds: 0,
        finalizers: ['example.com/hold'],
      });
      expect(body(69)['metadata']['deletionTimestamp']).toMatch(/Z$/);
      expect(body(67)['metadata']['finalizers']).toEqual(['foregroundDeletion']);
      expect(a(68).status).toBe(200);
      expect(body(68)['metadata']['deletionTimestamp']).toBeDefined();
    },
    36: () => {
      expect(a(73).status).toBe(200);
      expect(body(73)['metadata']).not.toHaveProperty('finalizers');
      expect(rv(73)).toBe(rv(69));
      expect(a(74).status).toBe(404);
    },
    37: () => {
      expect(body(70)['status']).toEqual({ phase: 'Terminating' });
      expect(body(72)).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        details: { causes: [{ reason: 'NamespaceTerminating' }] },
      });
      const conditions = body(71)['status']['conditions'] as Obj[];
      const status = (type: string) => conditions.find((c) => c['type'] === type)?.['status'];
      expect([status('NamespaceContentRemaining'), status('NamespaceFinalizersRemaining')]).toEqual([
        'True',
        'True',
      ]);
      expect(a(74).status).toBe(404);
    },
    38: () => {
      expect(body(1)).not.toHaveProperty('kind');
      expect(body(2)['kind']).toBe('APIVersions');
      expect(body(3)['kind']).toBe('APIGroupList');
      for (const n of [4, 5, 6, 7, 8]) expect(body(n)['kind']).toBe('APIResourceList');
      expect((body(5)['resources'] as Obj[]).map((r) => r['name'])).toContain('deployments/status');
      expect(body(9)['apiVersion']).toBe('apidiscovery.k8s.io/v2');
      expect(a(9).headers['content-type']).toBe(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      );
      expect(a(9).headers['vary']).toBe('Accept');
      expect(a(9).headers['etag']).toMatch(/^".+"$/);
    },
    39: () => {
      expect(body(46)['status']).toMatchObject({ conditions: null, acceptedNames: { plural: '', kind: '' } });
      const conditions = body(47)['status']['conditions'] as Obj[];
      expect(conditions.map((c) => [c['type'], c['status']])).toEqual([
        ['NamesAccepted', 'True'],
        ['Established', 'True'],
      ]);
      expect((body(48)['resources'] as Obj[]).map((r) => r['name'])).toEqual([
        'transcripts-gadgets',
        'transcripts-gadgets/status',
      ]);
    },
    40: () => {
      expect(body(49)['spec']['color']).toBe('red');
      expect(body(50)['details']['causes']).toHaveLength(3);
      expect(a(51).status).toBe(201);
      expect(a(51).headers['warning']).toBe('299 - "unknown field \\"spec.bogus\\""');
      expect(body(51)['spec']).not.toHaveProperty('bogus');
      const keys = Object.keys(body(49));
      expect(keys).toEqual([...keys].sort());
      expect(Object.keys(body(49)['metadata'])).toEqual(Object.keys(body(49)['metadata']).sort());
    },
  };
}
