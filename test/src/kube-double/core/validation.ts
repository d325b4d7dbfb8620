/**
 * Validation of object names and of the required fields the double checks (the subset of the
 * apiserver's validation that clients notice), reported as Status causes.
 */
import type { StatusCause } from './api-errors.ts';
import type { ResourceType } from './resource-catalog.ts';
import { isPlainObject } from './objects.ts';
import type { JsonObject } from './objects.ts';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Kinds whose names must be DNS labels rather than subdomains. */
const LABEL_NAMED = new Set(['/Namespace', '/Service']);
/** Kinds whose names are path segments only (RBAC allows almost anything). */
const PATH_NAMED = new Set([
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
]);

/** Causes for an invalid or missing `metadata.name`. */
export function validateName(r: ResourceType, name: unknown): StatusCause[] {
  if (typeof name !== 'string' || name === '') {
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  }
  const key = `${r.group}/${r.kind}`;
  if (PATH_NAMED.has(key)) {
    return /[/%]/.test(name) || name === '.' || name === '..'
      ? [
          {
            reason: 'FieldValueInvalid',
            message: `Invalid value: "${name}": may not contain '/' or '%'`,
            field: 'metadata.name',
          },
        ]
      : [];
  }
  const label = LABEL_NAMED.has(key);
  const ok = label ? LABEL.test(name) && name.length <= 63 : SUBDOMAIN.test(name) && name.length <= 253;
  if (ok) return [];
  return [
    {
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": ${label ? LABEL_MSG : SUBDOMAIN_MSG}`,
      field: 'metadata.name',
    },
  ];
}

function validatePodSpec(spec: unknown, prefix: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = isPlainObject(spec) ? spec['containers'] : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${prefix}.containers` });
    return causes;
  }
  containers.forEach((c, i) => {
    const at = `${prefix}.containers[${i}]`;
    if (!isPlainObject(c) || typeof c['name'] !== 'string' || c['name'] === '') {
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.name` });
    }
    if (!isPlainObject(c) || typeof c['image'] !== 'string' || c['image'] === '') {
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.image` });
    }
  });
  return causes;
}

/** Causes for missing required fields of workload kinds (selector, containers, images). */
export function validateObject(r: ResourceType, obj: JsonObject): StatusCause[] {
  const key = `${r.group}/${r.kind}`;
  const spec = obj['spec'];
  switch (key) {
    case '/Pod':
      return validatePodSpec(spec, 'spec');
    case 'apps/Deployment':
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
    case 'apps/ReplicaSet': {
      const causes: StatusCause[] = [];
      const s = isPlainObject(spec) ? spec : {};
      if (!isPlainObject(s['selector'])) {
        causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
      }
      const template = isPlainObject(s['template']) ? s['template'] : {};
      return [...causes, ...validatePodSpec(template['spec'], 'spec.template.spec')];
    }
    case 'batch/Job': {
      const s = isPlainObject(spec) ? spec : {};
      const template = isPlainObject(s['template']) ? s['template'] : {};
      return validatePodSpec(template['spec'], 'spec.template.spec');
    }
    case 'coordination.k8s.io/Lease':
    case '/ConfigMap':
    default:
      return [];
  }
}
