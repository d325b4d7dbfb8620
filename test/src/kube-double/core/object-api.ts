/**
 * The REST verbs on stored objects: create, get, list, update (PUT), patch (merge, JSON,
 * strategic, server-side apply) and delete, with the apiserver's metadata rules (uid,
 * resourceVersion, generation, managedFields, finalizers, deletionTimestamp), namespace
 * lifecycle checks, defaults, validation and the status subresource.
 */
import {
  alreadyExists,
  ApiError,
  badRequest,
  invalid,
  namespaceNotFound,
  namespaceTerminating,
  notFound,
  staleConflict,
  unsupportedMediaType,
} from './api-errors.ts';
import { hasGeneration, prepareForCreate } from './defaults.ts';
import { applyJsonPatch, PatchError } from './json-patch.ts';
import { compileFilter, paginate } from './list-query.ts';
import type { ListFilter, ListPage } from './list-query.ts';
import { readManagedFields, recordUpdate, writeManagedFields } from './managed-fields.ts';
import type { ManagerEntry, WriteIdentity } from './managed-fields.ts';
import { applyMergePatch, applyStrategicMergePatch } from './merge-patch.ts';
import type { ObjectStore } from './object-store.ts';
import { deleteObject } from './object-deletion.ts';
import type { DeleteOptions } from './object-deletion.ts';
import { equalIgnoringTimes, orderMetadata, rfc3339 } from './object-metadata.ts';
import { clone, deepEqual, isPlainObject, meta, sortKeys } from './objects.ts';
import type { JsonObject } from './objects.ts';
import { apiVersionOf, resourceKey } from './resource-catalog.ts';
import type { ResourceType } from './resource-catalog.ts';
import { conflictCauseMessage, conflictMessage, serverSideApply } from './server-side-apply.ts';
import { validateName } from './validation.ts';
import { checkBody, checkNamespace, normalizeForWrite, unknownFields } from './write-checks.ts';

/** Who writes and how, from the request's query and headers. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  userAgent?: string;
  force?: boolean;
  /** `fieldValidation`: unknown fields of custom resources fail the write (Strict), warn (Warn, default) or pass silently (Ignore). */
  fieldValidation?: string;
}

/** The outcome of a write: HTTP code, body, and `Warning` header values. */
export interface WriteResult {
  code: number;
  body: JsonObject;
  warnings: string[];
}

/** What the verbs need: storage, a clock and id sources. */
export interface ObjectApiDeps {
  store: ObjectStore;
  now: () => Date;
  uid: () => string;
  random: () => number;
}

/** Patch content types the double accepts. */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** A parsed PATCH request body. */
export interface PatchRequest {
  contentType: string;
  /** JSON-decoded body; for apply, the decoded YAML or JSON document. */
  body: unknown;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** The verbs of the Kubernetes REST API over an ObjectStore. */
export class ObjectApi {
  private readonly deps: ObjectApiDeps;
  private ipCounter = 10;

  constructor(deps: ObjectApiDeps) {
    this.deps = deps;
  }

  private who(r: ResourceType, opts: WriteOptions, subresource?: string): WriteIdentity {
    const manager = opts.fieldManager || (opts.userAgent ?? '').split('/')[0] || 'unknown';
    const w: WriteIdentity = { manager, apiVersion: apiVersionOf(r), time: rfc3339(this.deps.now()) };
    if (subresource) w.subresource = subresource;
    return w;
  }

  /** The object as the API returns it: kind and apiVersion first; custom resources with sorted keys. */
  present(r: ResourceType, obj: JsonObject): JsonObject {
    const out = { apiVersion: apiVersionOf(r), kind: r.kind, ...obj };
    out.apiVersion = apiVersionOf(r);
    out.kind = r.kind;
    if (r.custom) return sortKeys(out) as JsonObject;
    const { kind, apiVersion, ...rest } = out;
    return { kind, apiVersion, ...rest };
  }

  /** GET of one object; 404 when missing. */
  get(r: ResourceType, namespace: string, name: string): JsonObject {
    const obj = this.deps.store.get(resourceKey(r), namespace, name);
    if (!obj) throw notFound(r, name);
    return this.present(r, obj);
  }

  /** LIST with selectors and pagination; items carry no kind/apiVersion. */
  list(
    r: ResourceType,
    namespace: string | undefined,
    filter: ListFilter,
    limit?: number,
    token?: string,
  ): ListPage {
    const match = compileFilter(filter, r.kind);
    const items = this.deps.store.list(resourceKey(r), namespace).filter(match);
    const sorted = items.sort((a, b) => sortName(a).localeCompare(sortName(b)));
    const page = paginate(sorted, this.deps.store.resourceVersion, limit, token, namespace !== undefined);
    page.items = page.items.map((o) => {
      const out = this.present(r, o);
      delete out['kind'];
      delete out['apiVersion'];
      return out;
    });
    return page;
  }

  private requireLiveNamespace(r: ResourceType, namespace: string, name: string): void {
    if (!r.namespaced) return;
    const ns = this.deps.store.get('/namespaces', '', namespace);
    if (!ns) throw namespaceNotFound(namespace);
    if (meta(ns)['deletionTimestamp']) throw namespaceTerminating(r, name, namespace);
  }

  private generateName(prefix: string): string {
    let s = '';
    for (let i = 0; i < 5; i++) s += NAME_CHARS[Math.floor(this.deps.random() * NAME_CHARS.length)];
    return `${prefix}${s}`;
  }

  /** POST: creates an object (201). */
  create(r: ResourceType, namespace: string, body: unknown, opts: WriteOptions): WriteResult {
    const obj = checkBody(r, body);
    const m = meta(obj);
    if (
      (m['name'] === undefined || m['name'] === '') &&
      typeof m['generateName'] === 'string' &&
      m['generateName']
    ) {
      m['name'] = this.generateName(m['generateName']);
    }
    const name = typeof m['name'] === 'string' ? m['name'] : '';
    const nameCauses = validateName(r, m['name']);
    if (nameCauses.length > 0) throw invalid(r, name, nameCauses);
    checkNamespace(r, obj, namespace);
    const warnings = normalizeForWrite(r, obj, name, opts);
    this.requireLiveNamespace(r, namespace, name);
    if (this.deps.store.get(resourceKey(r), r.namespaced ? namespace : '', name))
      throw alreadyExists(r, name);
    const entries = recordUpdate([], undefined, obj, this.who(r, opts), r.schema);
    return this.finishCreate(r, obj, entries, opts, warnings);
  }

  private finishCreate(
    r: ResourceType,
    obj: JsonObject,
    entries: ManagerEntry[],
    opts: WriteOptions,
    warnings: string[],
  ): WriteResult {
    const m = meta(obj);
    for (const k of [
      'resourceVersion',
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ]) {
      delete m[k];
    }
    prepareForCreate(
      r,
      obj,
      () => `10.96.${Math.floor(this.ipCounter / 250)}.${(this.ipCounter++ % 250) + 1}`,
    );
    m['uid'] = this.deps.uid();
    m['creationTimestamp'] = rfc3339(this.deps.now());
    if (hasGeneration(r)) m['generation'] = 1;
    else delete m['generation'];
    const managed = writeManagedFields(entries);
    if (managed.length > 0) m['managedFields'] = managed;
    else delete m['managedFields'];
    const ordered = orderMetadata(obj);
    if (opts.dryRun) return { code: 201, body: this.present(r, ordered), warnings };
    const stored = this.deps.store.put(resourceKey(r), ordered);
    return { code: 201, body: this.present(r, stored), warnings };
  }

  /** PUT of the object or its status subresource (200). */
  replace(
    r: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    opts: WriteOptions,
    subresource?: string,
  ): WriteResult {
    const obj = checkBody(r, body);
    const m = meta(obj);
    if (m['name'] !== undefined && m['name'] !== name) {
      throw badRequest(
        `the name of the object (${String(m['name'])}) does not match the name on the URL (${name})`,
      );
    }
    m['name'] = name;
    checkNamespace(r, obj, namespace);
    const old = this.deps.store.get(resourceKey(r), r.namespaced ? namespace : '', name);
    if (!old) throw notFound(r, name);
    const rv = m['resourceVersion'];
    if (rv !== undefined && rv !== '' && rv !== meta(old)['resourceVersion']) throw staleConflict(r, name);
    return this.commitUpdate(r, old, obj, opts, subresource, undefined);
  }

  /** PATCH in any supported content type; apply creates the object when missing (201). */
  patch(
    r: ResourceType,
    namespace: string,
    name: string,
    req: PatchRequest,
    opts: WriteOptions,
    subresource?: string,
  ): WriteResult {
    const key = resourceKey(r);
    const ns = r.namespaced ? namespace : '';
    const old = this.deps.store.get(key, ns, name);
    if (req.contentType === 'application/apply-patch+yaml')
      return this.apply(r, namespace, name, old, req.body, opts, subresource);
    if (!old) throw notFound(r, name);
    let next: unknown;
    try {
      switch (req.contentType) {
        case 'application/json-patch+json':
          next = applyJsonPatch(old, req.body);
          break;
        case 'application/merge-patch+json':
          if (!isPlainObject(req.body)) throw badRequest('a merge patch must be a JSON object');
          next = applyMergePatch(old, req.body);
          break;
        case 'application/strategic-merge-patch+json':
          if (r.custom) throw unsupportedMediaType();
          if (!isPlainObject(req.body)) throw badRequest('a strategic merge patch must be a JSON object');
          next = applyStrategicMergePatch(old, req.body, r.schema);
          break;
        default:
          throw unsupportedMediaType();
      }
    } catch (e) {
      if (e instanceof PatchError) {
        if (e.code === 400) throw badRequest(e.message);
        throw new ApiError(422, 'Invalid', e.message);
      }
      throw e;
    }
    if (!isPlainObject(next)) throw badRequest('the patch result is not an object');
    const rv = meta(next)['resourceVersion'];
    if (rv !== undefined && rv !== meta(old)['resourceVersion']) throw staleConflict(r, name);
    meta(next)['resourceVersion'] = meta(old)['resourceVersion'];
    return this.commitUpdate(r, old, next, opts, subresource, undefined);
  }

  private apply(
    r: ResourceType,
    namespace: string,
    name: string,
    old: JsonObject | undefined,
    body: unknown,
    opts: WriteOptions,
    subresource: string | undefined,
  ): WriteResult {
    const config = checkBody(r, body);
    if (config['apiVersion'] === undefined || config['kind'] === undefined) {
      throw badRequest('apiVersion and kind must be set in an apply configuration');
    }
    const cm = meta(config);
    if (cm['name'] !== undefined && cm['name'] !== name) {
      throw badRequest(
        `the name of the object (${String(cm['name'])}) does not match the name on the URL (${name})`,
      );
    }
    cm['name'] = name;
    checkNamespace(r, config, namespace);
    const applyWarnings = r.custom ? unknownFields(r, config, opts) : [];
    if (r.subresources.includes('status')) {
      if (subresource === 'status') {
        for (const k of Object.keys(config))
          if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete config[k];
      } else delete config['status'];
    }
    const rv = cm['resourceVersion'];
    if (old && rv !== undefined && rv !== meta(old)['resourceVersion']) throw staleConflict(r, name);
    delete cm['resourceVersion'];
    const who = this.who(r, opts, subresource);
    const result = serverSideApply(old, config, readManagedFields(old), {
      who,
      force: opts.force === true,
      schema: r.schema,
    });
    if (!result.ok) {
      throw new ApiError(409, 'Conflict', conflictMessage(result.conflicts), {
        causes: result.conflicts.map((c) => ({
          reason: 'FieldManagerConflict',
          message: conflictCauseMessage(c),
          field: c.field,
        })),
      });
    }
    if (!old) {
      const nameCauses = validateName(r, name);
      if (nameCauses.length > 0) throw invalid(r, name, nameCauses);
      const obj = result.object;
      const warnings = normalizeForWrite(r, obj, name, opts);
      this.requireLiveNamespace(r, namespace, name);
      return this.finishCreate(r, obj, result.entries, opts, [...applyWarnings, ...warnings]);
    }
    const updated = this.commitUpdate(r, old, result.object, opts, subresource, result.entries);
    return { ...updated, warnings: [...applyWarnings, ...updated.warnings] };
  }

  /**
   * Stores `next` as the new state of `old`: keeps server-owned metadata, honours the status
   * subresource, bumps generation on spec changes, records managedFields, skips no-op writes
   * and removes an object whose deletion waited only for finalizers.
   */
  private commitUpdate(
    r: ResourceType,
    old: JsonObject,
    nextIn: JsonObject,
    opts: WriteOptions,
    subresource: string | undefined,
    applyEntries: ManagerEntry[] | undefined,
  ): WriteResult {
    let next = clone(nextIn);
    const om = meta(old);
    const name = String(om['name']);
    if (r.subresources.includes('status')) {
      if (subresource === 'status') {
        // Status writes change only status (and annotations, as the Deployment status strategy allows).
        const annotations = meta(next)['annotations'];
        next = { ...clone(old), status: clone(next['status']) };
        if (next['status'] === undefined) delete next['status'];
        if (annotations !== undefined) meta(next)['annotations'] = clone(annotations);
      } else if (old['status'] !== undefined) next['status'] = clone(old['status']);
      else delete next['status'];
    }
    const nm = meta(next);
    for (const k of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'namespace',
      'name',
    ]) {
      if (om[k] !== undefined) nm[k] = om[k];
      else delete nm[k];
    }
    nm['resourceVersion'] = om['resourceVersion'];
    if (!r.namespaced) delete nm['namespace'];
    const sentManaged = nm['managedFields'];
    delete nm['managedFields'];
    const warnings = normalizeForWrite(r, next, name, opts);
    if (r.kind === 'Namespace' && r.group === '' && subresource !== 'status' && isPlainObject(old['spec'])) {
      next['spec'] = clone(old['spec']);
    }
    if (hasGeneration(r)) {
      const specOf = (o: JsonObject) => {
        const { metadata: _m, status: _s, ...rest } = o;
        return rest;
      };
      const bump = !deepEqual(specOf(old), specOf(next)) && subresource !== 'status';
      nm['generation'] = (typeof om['generation'] === 'number' ? om['generation'] : 1) + (bump ? 1 : 0);
    }
    let entries: ManagerEntry[];
    if (applyEntries) entries = applyEntries;
    else if (Array.isArray(sentManaged) && !deepEqual(sentManaged, om['managedFields'])) {
      entries = readManagedFields({ metadata: { managedFields: sentManaged } });
    } else {
      entries = recordUpdate(readManagedFields(old), old, next, this.who(r, opts, subresource), r.schema);
    }
    const managed = writeManagedFields(entries);
    if (managed.length > 0) nm['managedFields'] = managed;
    const ordered = orderMetadata(next);
    if (equalIgnoringTimes(ordered, old)) return { code: 200, body: this.present(r, old), warnings };
    const finalizers = nm['finalizers'];
    // A namespace waits for its spec.finalizers (the namespace controller removes it).
    const isNamespace = r.group === '' && r.kind === 'Namespace';
    const done =
      !isNamespace &&
      nm['deletionTimestamp'] !== undefined &&
      (!Array.isArray(finalizers) || finalizers.length === 0);
    if (opts.dryRun) return { code: 200, body: this.present(r, ordered), warnings };
    if (done) {
      if (Array.isArray(finalizers)) delete nm['finalizers'];
      this.deps.store.remove(resourceKey(r), r.namespaced ? String(om['namespace']) : '', name);
      return { code: 200, body: this.present(r, orderMetadata(next)), warnings };
    }
    const stored = this.deps.store.put(resourceKey(r), ordered);
    return { code: 200, body: this.present(r, stored), warnings };
  }

  /**
   * DELETE: removes the object at once (200 with a Success Status), or, when finalizers hold
   * it (or Foreground propagation adds one), marks it with deletionTimestamp (200 with the object).
   */
  delete(r: ResourceType, namespace: string, name: string, opts: DeleteOptions): WriteResult {
    return deleteObject(this.deps, r, namespace, name, opts, (o) => this.present(r, o));
  }

  /**
   * A write by a simulated controller (an Update by `manager`, optionally through `/status`),
   * unconditional, as kube-controller-manager does. Returns the stored object or undefined if
   * the object is gone.
   */
  writeAs(r: ResourceType, next: JsonObject, manager: string, subresource?: string): JsonObject | undefined {
    const m = meta(next);
    const old = this.deps.store.get(
      resourceKey(r),
      r.namespaced ? String(m['namespace']) : '',
      String(m['name']),
    );
    if (!old) return undefined;
    const copy = clone(next);
    delete meta(copy)['resourceVersion'];
    delete meta(copy)['managedFields'];
    return this.commitUpdate(r, old, copy, { fieldManager: manager }, subresource, undefined).body;
  }
}

function sortName(o: JsonObject): string {
  const m = meta(o);
  return `${String(m['namespace'] ?? '')}/${String(m['name'])}`;
}
