import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteCountingProxy, Fleet, bulkAppset, configMapYaml, waitFor } from '../fleet-runner/index.ts';

/**
 * A Deployment whose health the commit turns into Suspended (`spec.paused`). The fleet's
 * clusters run no workload controller, so before that it stays Progressing: a stable
 * starting point.
 */
function deploymentYaml(paused: boolean): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  paused: ${paused}
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
}

const OBJECTS = 200;
/**
 * Agent→hub bytes the one-object commit may cost. Measured: 401 B, made of the Acks of the
 * held and the applied generation (~45 B each), the BlobRequest for the one new digest
 * (~110 B) and one status report (~200 B: the app's fields, the cluster facts and the one
 * changed ResourceStatus as a delta), each message with ~36 B of TLS record, HTTP/2 frame
 * and gRPC prefix. The rest is room for what timing may put in the window: one or two more
 * delta reports while the change settles (~200 B each), a Pong and a Ping, an HTTP/2
 * keepalive. Without `status-delta` the same commit costs 9.4 KB agent→hub (the whole
 * list of 200 ResourceStatus in the report).
 */
const MAX_AGENT_TO_HUB = 1024;

interface AppView {
  name: string;
  resources: { kind: string; name: string; health: string; sync: string }[];
}

describe('status deltas (hub + agent + Kubernetes API double + git, bytes counted on the wire)', () => {
  it('status delta – after syncing 200 objects, a one-object commit costs under 1 KB agent→hub and the hub still shows all 200', async () => {
    const files: Record<string, string> = { 'bulk/web.yaml': deploymentYaml(false) };
    for (let i = 0; i < OBJECTS - 1; i++)
      files[`bulk/cm-${i}.yaml`] = configMapYaml(`cm-${i}`, { index: String(i), note: 'x'.repeat(40) });
    const fleet = await Fleet.start({ clusters: ['sdelta-1'], files, appsets: bulkAppset });
    const proxy = await ByteCountingProxy.start(fleet.hub.address);
    const agent = await fleet.startAgent(fleet.agentSpec('sdelta-1', { hub: proxy.address }));
    const token = (await readFile(join(fleet.hub.options.dataDir, 'initial-admin-token'), 'utf8')).trim();
    const hubApp = async (): Promise<AppView | undefined> => {
      const res = await fetch(
        `http://127.0.0.1:${fleet.hub.options.httpPort}/api/v1/clusters/sdelta-1/applications`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (!res.ok) return undefined;
      const body = (await res.json()) as { items: AppView[] };
      return body.items.find((a) => a.name === 'bulk-sdelta-1');
    };
    const webOf = (app: AppView | undefined) => app?.resources.find((r) => r.kind === 'Deployment');
    try {
      const synced = await waitFor(
        `${OBJECTS} objects applied, reported and shown by the hub`,
        async () => {
          const s = await agent.status();
          const app = s.apps.find((a) => a.name === 'bulk-sdelta-1');
          const shown = await hubApp();
          const state =
            `agent: ${app?.sync}/${app?.health} ${app?.resources.length} resources, ` +
            `${s.link?.unacknowledgedStatus} unacknowledged; hub: ${shown?.resources.length} resources, ` +
            `web ${webOf(shown)?.health}`;
          const ready =
            app?.sync === 'Synced' &&
            app.health === 'Progressing' &&
            app.resources.length === OBJECTS &&
            s.link?.unacknowledgedStatus === 0 &&
            shown?.resources.length === OBJECTS &&
            webOf(shown)?.health === 'Progressing';
          if (!ready) throw new Error(state);
          return s;
        },
        { timeoutMs: 20_000, intervalMs: 50 },
      );

      const before = proxy.bytes();
      await fleet.commit({ 'bulk/web.yaml': deploymentYaml(true) }, 'pause web');
      const shown = await waitFor(
        'the hub shows web Suspended and the agent has nothing unacknowledged',
        async () => {
          const s = await agent.status();
          const app = s.apps.find((a) => a.name === 'bulk-sdelta-1');
          if (s.appliedGeneration <= synced.appliedGeneration || app?.generation !== s.appliedGeneration)
            return undefined;
          if (s.link?.unacknowledgedStatus !== 0) return undefined;
          const view = await hubApp();
          return webOf(view)?.health === 'Suspended' ? view : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      const wire = proxy.bytes();
      const up = wire.up - before.up;
      const down = wire.down - before.down;
      const whole = Buffer.byteLength(JSON.stringify(shown!.resources));
      process.stdout.write(
        `status delta: one-object commit agent->hub ${up} B, hub->agent ${down} B; ` +
          `the app's resource list as JSON is ${whole} B\n`,
      );

      expect(up).toBeLessThanOrEqual(MAX_AGENT_TO_HUB);
      expect(shown!.resources).toHaveLength(OBJECTS);
      expect(shown!.resources.filter((r) => r.health === 'Suspended').map((r) => r.name)).toEqual(['web']);
      expect(shown!.resources.filter((r) => r.kind === 'ConfigMap')).toHaveLength(OBJECTS - 1);
      expect(shown!.resources.every((r) => r.sync === 'Synced')).toBe(true);
    } finally {
      await agent.stop();
      await proxy.close();
    }
  }, 120_000);
});
