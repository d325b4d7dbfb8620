import { ErrorCodes, OutpostError } from '@outpost/shared';

/** A certificate the hub issued to a cluster's agent. */
export interface ClusterCertificate {
  fingerprint: string;
  serial: string;
  notAfter: string;
}

/** A registered cluster, as the registry stores it. The registry is the fleet's source of truth. */
export interface ClusterRecord {
  name: string;
  /** The URL ApplicationSet templates see as `{{server}}`; default `outpost://<name>`. */
  server: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: string;
  /** When the agent last enrolled (absent until it does). */
  enrolledAt?: string;
  /** The certificate the agent holds now; only it (and `previous` until it expires) may connect. */
  certificate?: ClusterCertificate;
  /** The certificate replaced by the last renewal, accepted until it expires. */
  previousCertificate?: ClusterCertificate;
}

const NAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_NAME_RE = /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX_RE = /^[a-z0-9]([a-z0-9-.]{0,251}[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Checks a cluster name (a DNS-1123 label: lowercase letters, digits, '-', at most 63).
 * @throws OutpostError CONFIG_INVALID naming the value.
 */
export function validateClusterName(name: string): string {
  if (!NAME_RE.test(name)) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `"${name}" is not a valid cluster name`, {
      hint: 'use lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    });
  }
  return name;
}

/** Checks a Kubernetes label/annotation key (`[prefix/]name`). */
export function validateMetadataKey(key: string, what: 'label' | 'annotation'): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (!LABEL_NAME_RE.test(name) || (prefix !== undefined && !LABEL_PREFIX_RE.test(prefix))) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `"${key}" is not a valid ${what} key`, {
      hint: 'keys are [dns-prefix/]name with name of at most 63 letters, digits, "-", "_", "."',
    });
  }
  return key;
}

/**
 * Parses `k=v` assignments (and, with `allowRemoval`, `k-` removals) into a patch where a
 * removal maps to `null`. Label values are checked like Kubernetes does; annotation values are free.
 * @throws OutpostError CONFIG_INVALID naming the offending argument.
 */
export function parseMetadataArgs(
  args: readonly string[],
  what: 'label' | 'annotation',
  allowRemoval = false,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      if (allowRemoval && arg.endsWith('-') && arg.length > 1) {
        out[validateMetadataKey(arg.slice(0, -1), what)] = null;
        continue;
      }
      throw new OutpostError(ErrorCodes.CONFIG_INVALID, `"${arg}" is not a ${what} assignment`, {
        hint: allowRemoval ? 'write key=value to set or key- to remove' : 'write key=value',
      });
    }
    const k = validateMetadataKey(arg.slice(0, eq), what);
    const v = arg.slice(eq + 1);
    if (what === 'label' && (v.length > 63 || !LABEL_VALUE_RE.test(v))) {
      throw new OutpostError(ErrorCodes.CONFIG_INVALID, `"${v}" is not a valid value for label ${k}`, {
        hint: 'label values are at most 63 letters, digits, "-", "_", ".", starting and ending alphanumeric',
      });
    }
    out[k] = v;
  }
  return out;
}

/**
 * Checks a label/annotation map (or patch, where null removes) the way `parseMetadataArgs` does.
 * @throws OutpostError CONFIG_INVALID naming the key or value.
 */
export function validateMetadata<T extends string | null>(
  map: Record<string, T>,
  what: 'label' | 'annotation',
): Record<string, T> {
  for (const [k, v] of Object.entries(map)) {
    if (v === null) validateMetadataKey(k, what);
    else parseMetadataArgs([`${k}=${v}`], what);
  }
  return map;
}

/** Applies a patch from `parseMetadataArgs` (null removes) and returns a new, key-sorted map. */
export function applyMetadataPatch(
  current: Record<string, string>,
  patch: Record<string, string | null>,
): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
