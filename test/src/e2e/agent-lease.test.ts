import { afterEach, describe, expect, it } from 'vitest';
import { LeaderElector, RestKubeClient } from '@outpost/agent';
import { silentLogger } from '@outpost/shared';
import { KubeDouble } from '../kube-double/index.ts';
import { doubleKubeConfig, waitFor } from '../fleet-runner/index.ts';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

async function candidates(names: string[], leaseDurationMs: number) {
  const double = await KubeDouble.start({ name: 'spoke' });
  stops.push(() => double.close());
  const kube = new RestKubeClient(doubleKubeConfig(double.url), silentLogger(), { qps: 0 });
  const leading = new Set<string>();
  const everLed: string[] = [];
  const run = names.map((identity) => {
    const elector = new LeaderElector(
      kube,
      { namespace: 'default', name: 'outpost-agent-spoke', identity, leaseDurationMs },
      silentLogger(),
    );
    const abort = new AbortController();
    const done = elector.run(abort.signal, async (signal) => {
      leading.add(identity);
      everLed.push(identity);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      leading.delete(identity);
    });
    const stop = async () => {
      abort.abort();
      await done;
    };
    stops.push(stop);
    return { identity, elector, stop };
  });
  const holder = () =>
    (
      double.cluster.getObject('coordination.k8s.io/v1', 'Lease', 'default', 'outpost-agent-spoke')?.spec as
        { holderIdentity?: string } | undefined
    )?.holderIdentity;
  return { run, leading, everLed, holder };
}

describe('agent lease', () => {
  it('agent lease – of three candidates exactly one leads and the others stand by', async () => {
    const { run, leading, holder } = await candidates(['a', 'b', 'c'], 1000);
    await waitFor('a leader', () => leading.size === 1);
    await waitFor(
      'standbys see the holder',
      () => run.filter((c) => c.elector.status().role === 'standby').length === 2,
    );
    expect(holder()).toBe([...leading][0]);
    expect(leading.size).toBe(1);
  });

  it('agent lease – a leader that stops releases the lease and a standby takes over at once', async () => {
    const { run, leading, everLed } = await candidates(['a', 'b'], 5000);
    await waitFor('a leader', () => leading.size === 1);
    const first = run.find((c) => leading.has(c.identity))!;
    const started = Date.now();
    await first.stop();
    await waitFor('the other leads', () => leading.size === 1 && !leading.has(first.identity));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(everLed).toHaveLength(2);
  });
});
