/**
 * The benchmark's hub: a child process (so the driver can read its CPU and RSS from /proc and
 * kill -9 it) running the real composition root, `Hub` from @outpost/principal, as
 * `outpost principal` builds it: file store in the data dir, hub PKI, cluster registry, mTLS
 * agent authentication, Enroll/Renew. The IPC channel stands in for the HTTP admin API and
 * the Git webhook: register clusters, refresh a repository (the webhook's job), read
 * generations and stream counters, write a heap snapshot.
 *
 *   fork('hub-process.ts', [JSON.stringify(config)])  →  notice `ready` { port, caPem }
 */
import { writeHeapSnapshot } from 'node:v8';
import { createLogger } from '@outpost/shared';
import { Hub } from '@outpost/principal';
import { IpcPeer, type IpcChannel } from './ipc-rpc.ts';

/** What the driver passes as the first argument (JSON). */
export interface HubProcessConfig {
  dataDir: string;
  /** `host:port` for agents; fixed so a restarted hub is found at the same address. */
  grpcListen: string;
  /** `--appset` files or directories. */
  appsetFiles: string[];
  /** Log level of the hub's JSON logs (stderr). Default `warn`. */
  logLevel?: string;
}

/** A cluster to register. */
export interface ClusterToRegister {
  name: string;
  labels: Record<string, string>;
}

/** Per-cluster stream figures the driver reads. */
export interface HubCounters {
  connected: number;
  /** cluster → [bytesSent, blobsSent, blobBytesSent, assignmentsSent, connected 0|1] */
  clusters: Record<string, [number, number, number, number, number]>;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as HubProcessConfig;
  const peer = new IpcPeer(process as unknown as IpcChannel);
  // The driver went away (killed, crashed): do not linger as an orphan.
  process.once('disconnect', () => process.exit(1));
  const hub = await Hub.create({
    dataDir: config.dataDir,
    grpcListen: config.grpcListen,
    httpListen: '127.0.0.1:0',
    repoPollInterval: '1h',
    appsetFiles: config.appsetFiles,
    tlsHosts: ['localhost', '127.0.0.1'],
    logger: createLogger({ level: config.logLevel ?? process.env.OUTPOST_BENCH_LOG_LEVEL ?? 'warn' }),
  });
  hub.sources.onChange((e) => peer.notify('noticed', { repo: e.repoURL, atMs: Date.now() }));
  let pushes: Map<string, number> | undefined;
  peer.handle('arm-pushes', () => void (pushes = new Map()));
  peer.handle('collect-pushes', () => Object.fromEntries(pushes ?? []));

  peer.handle('register', async (p: { clusters: ClusterToRegister[] }) => {
    const tokens: Record<string, string> = {};
    for (const c of p.clusters) {
      const r = await hub.registry.clusters.register(
        { name: c.name, labels: c.labels, tokenTtlMs: 3_600_000 },
        'bench',
      );
      tokens[c.name] = r.token;
    }
    return tokens;
  });
  peer.handle('refresh', async (p: { url: string }) => {
    await hub.refreshRepos([p.url]);
    return { atMs: Date.now() };
  });
  peer.handle('reconcile', async () => {
    await hub.reconcile({ all: true });
    return hub.status().lastReconcile ?? null;
  });
  peer.handle('last-reconcile', () => hub.status().lastReconcile ?? null);
  peer.handle('generations', () => {
    const out: Record<string, number> = {};
    for (const r of hub.fleet.assignments()) out[r.cluster] = r.generation;
    return out;
  });
  peer.handle('counters', (): HubCounters => {
    const clusters: HubCounters['clusters'] = {};
    let connected = 0;
    for (const s of hub.server.streams()) {
      if (s.connected) connected++;
      const c = s.counters;
      clusters[s.cluster] = [
        c.bytesSent,
        c.blobsSent,
        c.blobBytesSent,
        c.assignmentsSent,
        s.connected ? 1 : 0,
      ];
    }
    return { connected, clusters };
  });
  peer.handle('heap-snapshot', (p: { path: string }) => writeHeapSnapshot(p.path));
  peer.handle('gc', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  });
  peer.handle('stop', async () => {
    await hub.stop();
    setImmediate(() => process.exit(0));
    return true;
  });

  await hub.start();
  // Subscribed after the gRPC server's own listener (added in hub.start), so when this runs
  // the new assignment has been handed to the cluster's stream.
  hub.fleet.onAssignment((r) => pushes?.set(r.cluster, Date.now()));
  peer.notify('ready', { port: hub.server.port, caPem: hub.pki.ca.certPem, pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`hub process failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
