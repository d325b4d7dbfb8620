import type { KubeObject } from '../state/desired-state.ts';
import type { KubeClient, ObjectRef } from '../kube/kube-client.ts';
import { byCodeUnit } from './apply-order.ts';

/** The label every object Outpost applies carries: the name of the app that owns it. */
export const APP_LABEL = 'outpost.dev/app';
/** Marks the agent's own bookkeeping objects (inventories). */
export const COMPONENT_LABEL = 'outpost.dev/component';
/** The field manager of every write the agent makes. */
export const FIELD_MANAGER = 'outpost';

/** The objects one app owns, as recorded in the cluster. */
export interface AppInventory {
  app: string;
  objects: ObjectRef[];
}

/** ConfigMap name holding an app's inventory (app names are DNS labels, so this is one too up to length). */
export function inventoryName(app: string): string {
  return `outpost-inventory-${app}`.slice(0, 253);
}

/**
 * Per-app inventories stored in the cluster: one ConfigMap per app in the agent's
 * namespace, listing every object the app owns. Together with the `outpost.dev/app` label
 * on each object it decides what may be pruned: an object is deleted only when it is in
 * the app's inventory, no longer desired, and still labelled as that app's.
 *
 * The store remembers each inventory it read or wrote, so an app's later syncs in the same
 * leadership term (a store lives as long as its reconciler) do not read it from the cluster
 * again: one GET less per sync. What it remembers is what this agent itself last read or
 * wrote, so pruning never acts on more than that. {@link forget} drops the memory (the
 * periodic full resync calls it), and the next sync reads the cluster's copy again; a
 * failed write forgets the app at once.
 */
export class InventoryStore {
  private readonly kube: KubeClient;
  private readonly namespace: string;
  private readonly known = new Map<string, readonly ObjectRef[]>();

  constructor(kube: KubeClient, namespace: string) {
    this.kube = kube;
    this.namespace = namespace;
  }

  /** Reads an app's inventory; empty when the app has none yet. */
  async read(app: string): Promise<AppInventory> {
    const known = this.known.get(app);
    if (known) return { app, objects: [...known] };
    const objects = await this.readFromCluster(app);
    this.known.set(app, objects);
    return { app, objects: [...objects] };
  }

  /** Forgets every inventory remembered: the next read of each goes to the cluster. */
  forget(): void {
    this.known.clear();
  }

  private async readFromCluster(app: string): Promise<ObjectRef[]> {
    const cm = await this.kube.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: this.namespace,
      name: inventoryName(app),
    });
    const raw = (cm?.data as Record<string, string> | undefined)?.objects;
    if (!raw) return [];
    try {
      return JSON.parse(raw) as ObjectRef[];
    } catch {
      return [];
    }
  }

  /** Apps that have an inventory in the cluster. */
  async apps(): Promise<string[]> {
    const { items } = await this.kube.list('v1', 'ConfigMap', {
      namespace: this.namespace,
      labelSelector: `${COMPONENT_LABEL}=inventory`,
    });
    return items
      .map((cm) => (cm.metadata.labels ?? {})[APP_LABEL])
      .filter((a): a is string => typeof a === 'string');
  }

  /** Writes an app's inventory (server-side apply, so only the agent's fields change). */
  async write(inventory: AppInventory): Promise<void> {
    const sorted = [...inventory.objects].sort((a, b) => byCodeUnit(refKey(a), refKey(b)));
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: inventoryName(inventory.app),
        namespace: this.namespace,
        labels: { [COMPONENT_LABEL]: 'inventory', [APP_LABEL]: inventory.app },
      },
      data: { objects: JSON.stringify(sorted) },
    };
    this.known.delete(inventory.app);
    await this.kube.apply(cm, { fieldManager: FIELD_MANAGER, force: true });
    this.known.set(inventory.app, sorted);
  }

  /** Removes an app's inventory (after the app left the assignment and its objects were handled). */
  async remove(app: string): Promise<void> {
    this.known.delete(app);
    await this.kube.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: this.namespace,
      name: inventoryName(app),
    });
  }
}

/** Stable identity of an object reference: `apiVersion/kind/namespace/name`. */
export function refKey(r: ObjectRef): string {
  return `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
