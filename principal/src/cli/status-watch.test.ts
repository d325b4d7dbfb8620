import { silentLogger } from '@outpost/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRegistry } from '../registry/registry.ts';
import { HubApiClient } from '../server/http/api-client.ts';
import { HttpApi } from '../server/http/http-api.ts';
import { HubMetrics } from '../server/http/hub-metrics.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { fleetStatus } from './status-command.ts';
import { watchListing } from './status-watch.ts';

const store = new MemoryStore();
const registry = createRegistry(store);
let api: HttpApi;
let client: HubApiClient;

beforeAll(async () => {
  api = new HttpApi(
    { registry, ping: () => store.ping(), join: { grpcAddress: 'h:1', caPem: '', caFingerprint: '' } },
    { listen: '127.0.0.1:0', metrics: new HubMetrics(), logger: silentLogger() },
  );
  client = new HubApiClient({
    server: await api.start(),
    token: await registry.apiTokens.create('ro', 'read-only'),
  });
});
afterAll(() => api.stop());

describe('status --watch', () => {
  it('prints the table at once and again after the fleet changes', async () => {
    const printed: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const ac = new AbortController();
    let watching: Promise<void> | undefined;
    try {
      watching = watchListing(client, () => fleetStatus(client), 'table', ac.signal);
      await vi.waitFor(() => expect(printed.join('')).toMatch(/0\/0 clusters connected/), {
        timeout: 5_000,
      });
      await registry.clusters.register({ name: 'edge-new', tokenTtlMs: 60_000 }, 'admin');
      await vi.waitFor(() => expect(printed.join('')).toMatch(/^edge-new\s+no\s+-\s+0\/0/m), {
        timeout: 5_000,
      });
    } finally {
      // Stop the watch before the server goes away, so no request is left in flight.
      ac.abort();
      await watching?.catch(() => undefined);
      write.mockRestore();
    }
    expect(printed.join('')).toMatch(/0\/0 clusters connected[\s\S]*\n\nCLUSTER/);
  });
});
