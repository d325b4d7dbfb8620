import { canonicalJson } from '@outpost/shared';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ByteCountingProxy, Fleet, bulkAppset, configMapYaml, waitFor } from '../fleet-runner/index.ts';

const OBJECTS = 200;
/**
 * Hub→agent bytes a one-object change may cost on top of twice the object. Measured: 731 B
 * for a 310 B object, i.e. 111 B above twice the object (the delta's one ObjectRef, the
 * Blobs envelope, a StatusAck, and per message ~36 B of TLS record, HTTP/2 frame and gRPC
 * prefix). The rest is room for what may fall into the window by timing: an application
 * Ping (every 30 s, ~50 B on the wire), an HTTP/2 keepalive PING (~40 B), one more
 * StatusAck (~45 B). Without deltas the same change costs 22.5 KB (the whole ref list).
 */
const FIXED_ALLOWANCE = 256;

const payload = (i: number, version: string) => ({ index: String(i), version, note: 'x'.repeat(200) });

describe('agent delta assignments (hub + agent + Kubernetes API double + git, bytes counted on the wire)', () => {
  it('agent delta – after syncing 200 objects, a one-object commit costs at most twice that object hub→agent', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < OBJECTS; i++) files[`bulk/cm-${i}.yaml`] = configMapYaml(`cm-${i}`, payload(i, '1'));
    const fleet = await Fleet.start({ clusters: ['delta-1'], files, appsets: bulkAppset });
    const proxy = await ByteCountingProxy.start(fleet.hub.address);
    const agent = await fleet.startAgent(fleet.agentSpec('delta-1', { hub: proxy.address }));
    try {
      const synced = await waitFor(
        `${OBJECTS} objects applied and reported`,
        async () => {
          const s = await agent.status();
          const app = s.apps.find((a) => a.name === 'bulk-delta-1');
          return app?.sync === 'Synced' &&
            app.resources.length === OBJECTS &&
            s.appliedGeneration === s.heldGeneration &&
            s.link?.unacknowledgedStatus === 0
            ? s
            : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 50 },
      );
      expect(synced.link?.deltasApplied).toBe(0);

      const before = proxy.bytes();
      const changed = configMapYaml('cm-7', payload(7, '2'));
      await fleet.commit({ 'bulk/cm-7.yaml': changed }, 'change one object');
      const spoke = fleet.cluster('delta-1').cluster;
      await waitFor(
        'cm-7 changed on the cluster',
        () =>
          (spoke.getObject('v1', 'ConfigMap', 'default', 'cm-7')?.data as Record<string, string>)?.version ===
          '2',
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      const after = await waitFor(
        'new generation applied and its status acknowledged',
        async () => {
          const s = await agent.status();
          const app = s.apps.find((a) => a.name === 'bulk-delta-1');
          return s.appliedGeneration > synced.appliedGeneration &&
            app?.generation === s.appliedGeneration &&
            app.sync === 'Synced' &&
            s.link?.unacknowledgedStatus === 0
            ? s
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      const wire = proxy.bytes();
      const objectBytes = Buffer.byteLength(canonicalJson(parse(changed)));
      const down = wire.down - before.down;
      const up = wire.up - before.up;
      process.stdout.write(
        `agent delta: object ${objectBytes} B; one-object change hub->agent ${down} B, agent->hub ${up} B\n`,
      );

      expect(after.link?.deltasApplied).toBe(1);
      expect(after.link?.deltasRefused).toBe(0);
      expect(after.link?.blobsReceived).toBe((synced.link?.blobsReceived ?? 0) + 1);
      // The changed object came with the delta (blob-push): no BlobRequest round trip.
      expect(after.link?.blobsPushed).toBe((synced.link?.blobsPushed ?? 0) + 1);
      expect(after.link?.connects).toBe(synced.link?.connects);
      expect(down).toBeLessThanOrEqual(2 * objectBytes + FIXED_ALLOWANCE);
      // Every object is still held and applied: the delta did not shrink the state.
      const app = after.apps.find((a) => a.name === 'bulk-delta-1');
      expect(app?.resources).toHaveLength(OBJECTS);
      expect(spoke.getObject('v1', 'ConfigMap', 'default', 'cm-199')).toBeDefined();
    } finally {
      await agent.stop();
      await proxy.close();
    }
  }, 120_000);
});
