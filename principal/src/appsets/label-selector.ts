import { ErrorCodes, OutpostError } from '@outpost/shared';
import { isPlainObject } from './flatten.ts';

/** A Kubernetes `LabelSelector` as written in an ApplicationSet. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A compiled selector. An empty selector (`{}`) matches everything. */
export interface LabelSelector {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export interface SelectorCompileOptions {
  /**
   * Validate label values (≤63 chars, alphanumeric ends). True for `clusters.selector`
   * (standard `LabelSelectorAsSelector`); false for post-selectors, which Argo CD
   * compiles with its own copy that skips value validation so URLs can be matched.
   */
  validateValues: boolean;
}

type Requirement = {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: ReadonlySet<string>;
};

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Compiles a label selector with Kubernetes semantics: `matchLabels` (equality) ANDed
 * with `matchExpressions` (`In`, `NotIn` — true when the key is absent —, `Exists`,
 * `DoesNotExist`). Keys must be qualified names; `In`/`NotIn` need values and
 * `Exists`/`DoesNotExist` must have none.
 *
 * @throws OutpostError `APPSET_SELECTOR_INVALID` naming the offending key, operator or value.
 */
export function compileLabelSelector(spec: unknown, options: SelectorCompileOptions): LabelSelector {
  if (!isPlainObject(spec)) throw invalid(`selector must be an object, got ${JSON.stringify(spec)}`);
  const reqs: Requirement[] = [];
  const matchLabels = spec.matchLabels ?? {};
  if (!isPlainObject(matchLabels)) throw invalid('matchLabels must be a map of strings');
  for (const [key, value] of Object.entries(matchLabels)) {
    if (typeof value !== 'string') throw invalid(`matchLabels[${JSON.stringify(key)}] must be a string`);
    reqs.push(requirement(key, 'In', [value], options));
  }
  const exprs = spec.matchExpressions ?? [];
  if (!Array.isArray(exprs)) throw invalid('matchExpressions must be a list');
  exprs.forEach((expr: unknown, i) => {
    if (!isPlainObject(expr)) throw invalid(`matchExpressions[${i}] must be an object`);
    const { key, operator, values = [] } = expr;
    if (typeof key !== 'string') throw invalid(`matchExpressions[${i}].key must be a string`);
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw invalid(`matchExpressions[${i}].values must be a list of strings`);
    }
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
      throw invalid(`${JSON.stringify(operator)} is not a valid label selector operator`);
    }
    reqs.push(requirement(key, operator, values as string[], options));
  });
  return { matches: (labels) => reqs.every((r) => matchRequirement(r, labels)) };
}

function requirement(
  key: string,
  op: Requirement['op'],
  values: string[],
  options: SelectorCompileOptions,
): Requirement {
  const keyError = validateQualifiedName(key);
  if (keyError) throw invalid(`key: Invalid value: ${JSON.stringify(key)}: ${keyError}`);
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    throw invalid(`for 'in', 'notin' operators, values set can't be empty (key ${JSON.stringify(key)})`);
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length !== 0) {
    throw invalid(`values set must be empty for exists and does not exist (key ${JSON.stringify(key)})`);
  }
  if (options.validateValues) {
    for (const v of values) {
      if (v.length > 63 || !LABEL_VALUE.test(v)) {
        throw invalid(
          `values[0][${key}]: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)`,
        );
      }
    }
  }
  return { key, op, values: new Set(values) };
}

function matchRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.op) {
    case 'In':
      return has && r.values.has(labels[r.key] as string);
    case 'NotIn':
      return !has || !r.values.has(labels[r.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Kubernetes `IsQualifiedName`: `[prefix/]name`; returns the problem or undefined. */
export function validateQualifiedName(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix = '', n = ''] = parts;
    name = n;
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return 'prefix part must be a lowercase RFC 1123 subdomain';
    }
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

function invalid(message: string): OutpostError {
  return new OutpostError(ErrorCodes.APPSET_SELECTOR_INVALID, `error parsing label selector: ${message}`);
}
