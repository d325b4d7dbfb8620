/**
 * Plays kube-apiserver's CRD controllers: serves a CRD's kinds as soon as it is stored, then
 * writes the NamesAccepted and Established conditions (through `/status`, as manager
 * `kube-apiserver`); when a CRD goes, its kinds and their objects go too.
 */
import { customResourceType, resourceKey } from '../core/resource-catalog.ts';
import type { OpenApiSchema } from '../core/field-schema.ts';
import type { StoreEvent } from '../core/object-store.ts';
import { isPlainObject, meta } from '../core/objects.ts';
import type { JsonObject } from '../core/objects.ts';
import type { Controller, ControllerContext } from './controller-context.ts';

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

interface CrdSpec {
  group: string;
  scope: string;
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: {
    name: string;
    served?: boolean;
    storage?: boolean;
    subresources?: Record<string, unknown>;
    schema?: { openAPIV3Schema?: OpenApiSchema };
  }[];
}

/** Serves CRD-defined kinds and establishes CRDs after `establishDelayMs`. */
export class CrdController implements Controller {
  private readonly ctx: ControllerContext;
  private readonly establishDelayMs: number;

  constructor(ctx: ControllerContext, establishDelayMs: number) {
    this.ctx = ctx;
    this.establishDelayMs = establishDelayMs;
  }

  onEvent(e: StoreEvent): void {
    if (e.resource !== CRD_KEY) return;
    const spec = e.object['spec'] as CrdSpec | undefined;
    if (!spec || !Array.isArray(spec.versions)) return;
    if (e.type === 'DELETED') {
      this.ctx.catalog.removeCustom(spec.group, spec.names.plural);
      const key = `${spec.group}/${spec.names.plural}`;
      for (const o of this.ctx.store.list(key)) {
        const m = meta(o);
        this.ctx.store.remove(key, String(m['namespace'] ?? ''), String(m['name']));
      }
      return;
    }
    for (const v of spec.versions) {
      if (v.served === false) continue;
      this.ctx.catalog.add(customResourceType(spec, v));
    }
    const status = isPlainObject(e.object['status']) ? e.object['status'] : {};
    const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
    if (conditions.some((c) => isPlainObject(c) && c['type'] === 'Established')) return;
    const name = String(meta(e.object)['name']);
    this.ctx.scheduler.schedule(`crd:${name}`, this.establishDelayMs, () => this.establish(name));
  }

  private establish(name: string): void {
    const r = this.ctx.resource('apiextensions.k8s.io', 'customresourcedefinitions');
    if (!r) return;
    const crd = this.ctx.store.get(resourceKey(r), '', name);
    if (!crd) return;
    const spec = crd['spec'] as CrdSpec;
    const now = this.ctx
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const names: JsonObject = {
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    };
    if (spec.names.shortNames) names['shortNames'] = spec.names.shortNames;
    names['kind'] = spec.names.kind;
    names['listKind'] = spec.names.listKind ?? `${spec.names.kind}List`;
    if (spec.names.categories) names['categories'] = spec.names.categories;
    const status = isPlainObject(crd['status']) ? crd['status'] : {};
    crd['status'] = {
      ...status,
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          lastTransitionTime: now,
          reason: 'NoConflicts',
          message: 'no conflicts found',
        },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: now,
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: names,
    };
    this.ctx.api.writeAs(r, crd, 'kube-apiserver', 'status');
  }
}
