/**
 * Server-side defaults of the built-in kinds. `applyDefaults` mirrors the scheme's defaulting
 * functions (their fields are owned by the writer in managedFields); `prepareForCreate`
 * mirrors what the REST strategies set afterwards (not owned by anyone).
 */
import type { ResourceType } from './resource-catalog.ts';
import { child, isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

/** Base64 of a string's UTF-8 bytes (what the apiserver stores for Secret stringData). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

function defaultContainer(c: unknown): void {
  if (!isPlainObject(c)) return;
  const image = typeof c['image'] === 'string' ? c['image'] : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  setDefault(c, 'resources', {});
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  if (Array.isArray(c['ports']))
    for (const p of c['ports']) if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
}

/** Defaults of a PodSpec (containers, restart and DNS policy, grace period, scheduler). */
export function defaultPodSpec(spec: JsonObject): void {
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) cs.forEach(defaultContainer);
  }
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
}

function defaultTemplate(spec: JsonObject): void {
  const template = spec['template'];
  if (!isPlainObject(template)) return;
  const m = child(template, 'metadata');
  setDefault(m, 'creationTimestamp', null);
  defaultPodSpec(child(template, 'spec'));
}

function defaultService(spec: JsonObject): void {
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (Array.isArray(spec['ports'])) {
    for (const p of spec['ports']) {
      if (!isPlainObject(p)) continue;
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p['port']);
    }
  }
}

/** Applies the scheme defaults for `r` to `obj` in place. Idempotent. */
export function applyDefaults(r: ResourceType, obj: JsonObject): void {
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : undefined;
  const key = `${r.group}/${r.kind}`;
  switch (key) {
    case '/Namespace': {
      const m = child(obj, 'metadata');
      const labels = child(m, 'labels');
      labels['kubernetes.io/metadata.name'] = m['name'];
      break;
    }
    case '/Secret': {
      const sd = obj['stringData'];
      if (isPlainObject(sd)) {
        const data = child(obj, 'data');
        for (const [k, v] of Object.entries(sd)) data[k] = base64(String(v));
      }
      delete obj['stringData'];
      setDefault(obj, 'type', 'Opaque');
      break;
    }
    case '/Pod':
      if (spec) defaultPodSpec(spec);
      break;
    case '/Service':
      if (spec) defaultService(spec);
      break;
    case '/PersistentVolumeClaim':
      if (spec) setDefault(spec, 'volumeMode', 'Filesystem');
      break;
    case 'apps/Deployment':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultTemplate(spec);
      break;
    case 'apps/ReplicaSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'apps/StatefulSet':
      if (!spec) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'persistentVolumeClaimRetentionPolicy', {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
      defaultTemplate(spec);
      break;
    case 'apps/DaemonSet':
      if (!spec) break;
      setDefault(spec, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      break;
    case 'batch/Job':
      if (!spec) break;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
      defaultTemplate(spec);
      break;
    case 'batch/CronJob': {
      if (!spec) break;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      const jt = spec['jobTemplate'];
      if (isPlainObject(jt) && isPlainObject(jt['spec'])) defaultTemplate(jt['spec']);
      break;
    }
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      if (spec) setDefault(spec, 'conversion', { strategy: 'None' });
      break;
  }
}

/** Kinds whose objects carry `metadata.generation`. */
export function hasGeneration(r: ResourceType): boolean {
  if (r.custom) return true;
  return ['apps', 'batch', 'apiextensions.k8s.io', 'networking.k8s.io', 'policy', 'autoscaling'].includes(
    r.group,
  );
}

/** Sets what the REST strategy sets on create: namespace finalizers and phase, initial status. */
export function prepareForCreate(r: ResourceType, obj: JsonObject, clusterIp: () => string): void {
  const key = `${r.group}/${r.kind}`;
  if (r.subresources.includes('status') && !r.custom) obj['status'] = {};
  if (r.custom && r.subresources.includes('status')) delete obj['status'];
  switch (key) {
    case '/Namespace':
      obj['spec'] = { finalizers: ['kubernetes'] };
      obj['status'] = { phase: 'Active' };
      break;
    case '/Pod':
      obj['status'] = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case '/PersistentVolumeClaim':
      obj['status'] = { phase: 'Pending' };
      break;
    case '/Service': {
      const spec = child(obj, 'spec');
      if (spec['type'] !== 'ExternalName' && spec['clusterIP'] === undefined) {
        const ip = clusterIp();
        spec['clusterIP'] = ip;
        spec['clusterIPs'] = [ip];
        spec['ipFamilies'] = ['IPv4'];
        spec['ipFamilyPolicy'] = 'SingleStack';
      }
      obj['status'] = { loadBalancer: {} };
      break;
    }
    case 'apiextensions.k8s.io/CustomResourceDefinition': {
      const spec = child(obj, 'spec');
      const versions = Array.isArray(spec['versions']) ? spec['versions'] : [];
      const storage = versions.find((v) => isPlainObject(v) && v['storage'] === true) as
        JsonObject | undefined;
      obj['status'] = {
        conditions: null,
        acceptedNames: { plural: '', kind: '' },
        storedVersions: storage ? [storage['name']] : [],
      };
      break;
    }
  }
}
