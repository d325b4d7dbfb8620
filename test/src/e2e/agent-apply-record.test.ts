import { afterEach, describe, expect, it } from 'vitest';
import { KubeDouble } from '../kube-double/index.ts';
import { configMap } from '../fleet-runner/desired-builder.ts';
import type { AppSpec } from '../fleet-runner/desired-builder.ts';
import { waitFor } from '../fleet-runner/wait-for.ts';
import { startReconcilerTerm } from '../fleet-runner/reconciler-term.ts';
import { inventoryName } from '@outpost/agent';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

const N = 50;
const pad = (i: number) => `c${String(i).padStart(2, '0')}`;
/** An app of 50 ConfigMaps; `changed` maps an index to the value it gets instead of `1`. */
function app(changed: Record<number, string> = {}, selfHeal = true): AppSpec {
  const objects = Array.from({ length: N }, (_, i) => configMap(pad(i), { v: changed[i] ?? '1' }));
  return { name: 'big', selfHeal, objects };
}

type Double = Awaited<ReturnType<typeof KubeDouble.start>>;

/** One agent term (a Reconciler) against `double`; a second call is a restart of the agent. */
function startAgent(double: Double, fullResyncMs = 0) {
  // Failed applies are not retried within a test: a retry would blur the counts.
  const term = startReconcilerTerm(double.url, { retryInitialMs: 60_000, retryMaxMs: 60_000, fullResyncMs });
  stops.push(term.stop);
  return term;
}

async function setup() {
  const double = await KubeDouble.start({ name: 'spoke' });
  stops.push(() => double.close());
  const patches = () => double.cluster.counters().requests['patch configmaps'] ?? 0;
  const cm = (name: string) => double.cluster.getObject('v1', 'ConfigMap', 'default', name);
  const value = (name: string) => (cm(name)?.data as Record<string, string> | undefined)?.v;
  const watches = () => double.cluster.counters().requests['watch configmaps'] ?? 0;
  let watchesSeen = 0;
  /** Waits until a new ConfigMap watch of the agent runs (its list came first: the live copies are known). */
  const watched = async () => {
    await waitFor('the ConfigMap watch', () => watches() > watchesSeen);
    watchesSeen = watches();
  };
  return { double, patches, cm, value, watched };
}

describe('agent apply skips objects it already applied', () => {
  it('agent apply – after the initial sync of 50 objects, a change to one object is one PATCH', async () => {
    const { double, patches, value, watched } = await setup();
    const agent = startAgent(double);
    await agent.apply(1, [app()]);
    // 50 objects and the app's inventory.
    expect(patches()).toBe(N + 1);
    await watched();
    const before = patches();
    await agent.apply(2, [app({ 7: '2' })]);
    expect(patches() - before).toBe(1);
    expect(value(pad(7))).toBe('2');
    expect(agent.statuses.get('big')).toMatchObject({ sync: 'Synced', generation: 2 });
    expect(agent.statuses.get('big')?.resources).toHaveLength(N);
    // A generation that changes nothing in the app writes nothing.
    const unchanged = patches();
    await agent.apply(3, [app({ 7: '2' }), { name: 'other', objects: [configMap('o', {})] }]);
    expect(patches() - unchanged).toBe(2); // the other app's object and its inventory
  });

  it('agent apply – a drifted object is re-applied at once with selfHeal', async () => {
    const { double, patches, value, cm, watched } = await setup();
    const agent = startAgent(double);
    await agent.apply(1, [app()]);
    await watched();
    const before = patches();
    double.cluster.putObject({ ...cm(pad(3))!, data: { v: 'edited' } }, 'kubectl-edit');
    await waitFor('healed', () => value(pad(3)) === '1');
    expect(patches() - before).toBe(1);
  });

  it('agent apply – without selfHeal a drifted or deleted object is re-applied with the next generation', async () => {
    const { double, patches, value, cm, watched } = await setup();
    const agent = startAgent(double);
    await agent.apply(1, [app({}, false)]);
    await watched();
    double.cluster.putObject({ ...cm(pad(4))!, data: { v: 'edited' } }, 'kubectl-edit');
    await waitFor(
      'drift reported',
      () => agent.statuses.get('big')?.resources.find((r) => r.name === pad(4))?.sync === 'OutOfSync',
    );
    double.cluster.deleteObject('v1', 'ConfigMap', 'default', pad(11));
    await waitFor(
      'deletion reported',
      () => agent.statuses.get('big')?.resources.find((r) => r.name === pad(11))?.sync === 'OutOfSync',
    );
    expect(value(pad(4))).toBe('edited');
    const before = patches();
    await agent.apply(2, [app({ 9: '2' }, false)]);
    expect(patches() - before).toBe(3);
    expect(value(pad(4))).toBe('1');
    expect(value(pad(11))).toBe('1');
    expect(value(pad(9))).toBe('2');
  });

  it('agent apply – a restarted agent applies every object once, even where nothing changed', async () => {
    const { double, patches, value, cm, watched } = await setup();
    const first = startAgent(double);
    await first.apply(1, [app()]);
    await watched();
    await first.stop();
    // Edited while no agent runs: the record cannot know, so the new term applies everything.
    double.cluster.putObject({ ...cm(pad(5))!, data: { v: 'edited' } }, 'kubectl-edit');
    const before = patches();
    const second = startAgent(double);
    await second.apply(1, [app()]);
    expect(patches() - before).toBe(N); // the inventory is unchanged, so it is not written
    expect(value(pad(5))).toBe('1');
    await watched();
    const after = patches();
    await second.apply(2, [app({ 1: '2' })]);
    expect(patches() - after).toBe(1);
  });

  it('agent apply – an object whose apply failed is applied again on the next generation', async () => {
    const { double, patches, value, watched } = await setup();
    const agent = startAgent(double);
    await agent.apply(1, [app()]);
    await watched();
    double.cluster.injectFault({
      verb: 'patch',
      resource: 'configmaps',
      status: 422,
      count: 1,
      message: 'nope',
    });
    await agent.apply(2, [app({ 7: '2' })]);
    expect(value(pad(7))).toBe('1');
    expect(agent.statuses.get('big')?.sync).toBe('OutOfSync');
    const before = patches();
    // Object 7 is unchanged since generation 2, but its last write failed.
    await agent.apply(3, [app({ 7: '2', 8: '2' })]);
    expect(patches() - before).toBe(2);
    expect(value(pad(7))).toBe('2');
    expect(value(pad(8))).toBe('2');
    expect(agent.statuses.get('big')).toMatchObject({ sync: 'Synced', generation: 3 });
  });

  it('agent apply – an app inventory is read from the cluster once per term, not on every sync', async () => {
    const { double, patches, watched } = await setup();
    const gets = () => double.cluster.counters().requests['get configmaps'] ?? 0;
    const agent = startAgent(double);
    await agent.apply(1, [app()]);
    expect(gets()).toBe(1);
    await watched();
    const [getsBefore, patchesBefore] = [gets(), patches()];
    await agent.apply(2, [app({ 7: '2' })]);
    await agent.apply(3, [app({ 7: '3' })]);
    expect(gets() - getsBefore).toBe(0);
    expect(patches() - patchesBefore).toBe(2);
    // The remembered inventory still drives pruning: dropping an object deletes it.
    await agent.apply(4, [{ ...app({ 7: '3' }), prune: true, objects: app({ 7: '3' }).objects.slice(1) }]);
    expect(double.cluster.getObject('v1', 'ConfigMap', 'default', pad(0))).toBeUndefined();
    expect(gets() - getsBefore).toBe(1); // the pruned object, read for its owner label first
  });

  it('agent apply – the periodic full resync reads the inventory again and restores one deleted meanwhile', async () => {
    const { double } = await setup();
    const agent = startAgent(double, 400);
    await agent.apply(1, [app()]);
    const inventory = () => double.cluster.getObject('v1', 'ConfigMap', 'default', inventoryName('big'));
    expect(inventory()).toBeDefined();
    double.cluster.deleteObject('v1', 'ConfigMap', 'default', inventoryName('big'));
    await waitFor('the inventory written again', () => inventory());
    expect(JSON.parse((inventory()!.data as Record<string, string>).objects!)).toHaveLength(N);
  });

  it('agent apply – the periodic full resync re-applies every object of a selfHeal app', async () => {
    const { double, patches } = await setup();
    const agent = startAgent(double, 400);
    await agent.apply(1, [app()]);
    const before = patches();
    await waitFor('a full resync', () => patches() - before >= N);
    expect(agent.statuses.get('big')?.sync).toBe('Synced');
  });
});
