import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ErrorCodes, OutpostError, createLogger, parseDuration, sleep } from '@outpost/shared';
import { Hub } from '../hub/hub.ts';
import { INITIAL_ADMIN_TOKEN_FILE } from '../registry/api-tokens.ts';
import { HubApiClient } from '../server/http/api-client.ts';
import { startHubHttpApi } from '../server/http/hub-http.ts';
import { readAppSetInputs } from './appset-store-command.ts';
import { joinCommand } from './cluster-manifests.ts';
import { REPO_ROOT, serveExampleRepo, startJoinedAgent, startSimulatedCluster } from './demo-parts.ts';
import { formatResult } from './output/printer.ts';
import { fleetStatus } from './status-command.ts';

/** The demo's simulated clusters and their labels. */
export const DEMO_CLUSTERS = [
  { name: 'edge-berlin', labels: { tier: 'edge', region: 'eu' } },
  { name: 'edge-tokyo', labels: { tier: 'edge', region: 'ap' } },
  { name: 'edge-lima', labels: { tier: 'store', region: 'sa' } },
] as const;

const EXAMPLE_REPO_URL = 'https://git.example.org/outpost/fleet.git';

export interface DemoOptions {
  /** Hub state; default a fresh temp dir, removed at the end. */
  dataDir?: string;
  grpcListen: string;
  httpListen: string;
  exitWhenSynced: boolean;
  /** How long to wait for the fleet to be synced and healthy. */
  timeoutMs: number;
  logLevel: string;
  /** Progress and results, one line at a time (the CLI writes them to stdout). */
  say: (text: string) => void;
  signal: AbortSignal;
}

/**
 * `outpost demo`: a hub with its embedded store, the example fleet repository over smart HTTP,
 * its ApplicationSets applied, three simulated clusters registered and their agents enrolled
 * through the real join flow; waits until every cluster is synced and healthy, prints the
 * status table and the API URLs, then runs until interrupted (or exits with `exitWhenSynced`).
 * @throws OutpostError CONFIG_INVALID when the fleet is not synced within the timeout.
 */
export async function runDemo(o: DemoOptions): Promise<void> {
  const logger = createLogger({ level: o.logLevel });
  const work = await mkdtemp(join(tmpdir(), 'outpost-demo-'));
  const dataDir = o.dataDir ?? join(work, 'hub');
  const stops: Array<() => Promise<void>> = [];
  try {
    o.say('• serving the example fleet repository (examples/fleet) over smart HTTP');
    const repo = await serveExampleRepo(join(work, 'git'));
    stops.push(repo.close);

    o.say(`• starting the hub (data in ${dataDir})`);
    const hub = await Hub.create({
      dataDir,
      grpcListen: o.grpcListen,
      httpListen: o.httpListen,
      repoRewrites: [`${EXAMPLE_REPO_URL}=${repo.url}`],
      repoPollInterval: '2s',
      tlsHosts: ['localhost', '127.0.0.1'],
      logger,
    });
    await hub.start();
    stops.push(() => hub.stop());
    const { api } = await startHubHttpApi(hub, { logger });
    stops.push(() => api.stop());
    const token = (await readFile(join(dataDir, INITIAL_ADMIN_TOKEN_FILE), 'utf8')).trim();
    const client = new HubApiClient({ server: api.url, token });

    for (const { file, appset } of await readAppSetInputs(join(REPO_ROOT, 'examples/appsets'))) {
      const r = await client.applyAppset(appset);
      o.say(`• applicationset ${r.name} applied (${file.slice(REPO_ROOT.length + 1)})`);
    }

    for (const c of DEMO_CLUSTERS) {
      const cluster = await startSimulatedCluster(c.name, work);
      stops.push(cluster.close);
      const { join: info } = await client.register({ name: c.name, labels: { ...c.labels }, ttl: '15m' });
      const labels = Object.entries(c.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      o.say(`• cluster ${c.name} (${labels}) registered; SIMULATED Kubernetes API at ${cluster.url}`);
      o.say(
        `    join: ${joinCommand(info).replace(info.token, '<one-time token>')} --kubeconfig ${cluster.kubeconfig}`,
      );
      const agent = await startJoinedAgent(info, cluster.kubeconfig, join(work, `agent-${c.name}`), logger);
      stops.push(agent.stop);
    }

    o.say('• waiting until every cluster is synced and healthy ...');
    await waitForSyncedFleet(client, o);

    o.say('');
    o.say(formatResult(await fleetStatus(client), 'table').trimEnd());
    o.say('');
    o.say(
      `Status API:  ${api.url}/api/v1/summary   (also /api/v1/clusters, /api/v1/applications, /api/v1/watch)`,
    );
    o.say(`Metrics:     ${api.url}/metrics`);
    o.say(`Try:         outpost status --data-dir ${dataDir}`);
    o.say('');
    o.say('The three clusters are SIMULATED (Kubernetes API doubles in this process), not real clusters.');
    o.say('To add a real cluster: `outpost cluster register NAME --data-dir DIR` and run the printed');
    o.say(
      '`outpost agent ...` command with --kubeconfig FILE, or apply its `-o yaml` manifests in the cluster.',
    );
    if (o.exitWhenSynced) return;
    o.say('Running until Ctrl-C.');
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) resolve();
      o.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

async function waitForSyncedFleet(client: HubApiClient, o: DemoOptions): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  let last = '';
  for (;;) {
    const { items } = await client.clusters({ limit: '1000' });
    const done = items.filter((c) => c.connected && c.synced && c.healthy && c.apps.total > 0);
    const line = `    ${done.length}/${items.length} synced and healthy: ${items
      .map(
        (c) => `${c.name} ${c.apps.synced}/${c.apps.total} synced, ${c.apps.healthy}/${c.apps.total} healthy`,
      )
      .join('; ')}`;
    if (line !== last) o.say(line);
    last = line;
    if (done.length === items.length && items.length > 0) return;
    if (o.signal.aborted) throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'the demo was interrupted');
    if (Date.now() > deadline) {
      throw new OutpostError(
        ErrorCodes.CONFIG_INVALID,
        `the demo fleet was not synced within ${o.timeoutMs / 1000}s`,
        {
          hint: 'run with --log-level info to see what the hub and agents do',
        },
      );
    }
    await sleep(500, o.signal).catch(() => undefined);
  }
}

/** `outpost demo`. */
export const demoCommand = (program: Command): void => {
  program
    .command('demo')
    .description('run a local demo fleet: a hub, the example repository and three simulated clusters')
    .addOption(
      new Option('--data-dir <dir>', 'hub state (default: a temporary directory)').env(
        'OUTPOST_DEMO_DATA_DIR',
      ),
    )
    .addOption(
      new Option('--grpc-listen <host:port>', 'agents address')
        .default('127.0.0.1:0')
        .env('OUTPOST_DEMO_GRPC_LISTEN'),
    )
    .addOption(
      new Option('--http-listen <host:port>', 'status API address')
        .default('127.0.0.1:8080')
        .env('OUTPOST_DEMO_HTTP_LISTEN'),
    )
    .addOption(
      new Option('--exit-when-synced', 'exit 0 once the fleet is synced (for tests)').env(
        'OUTPOST_DEMO_EXIT_WHEN_SYNCED',
      ),
    )
    .addOption(
      new Option('--timeout <duration>', 'how long to wait for the fleet to sync')
        .default('3m')
        .env('OUTPOST_DEMO_TIMEOUT'),
    )
    .addOption(
      new Option('--log-level <level>', 'hub and agent log level (logs go to stderr)')
        .default('warn')
        .env('OUTPOST_LOG_LEVEL'),
    )
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      process.once('SIGTERM', () => ac.abort());
      await runDemo({
        ...(typeof opts.dataDir === 'string' ? { dataDir: opts.dataDir } : {}),
        grpcListen: opts.grpcListen as string,
        httpListen: opts.httpListen as string,
        exitWhenSynced: opts.exitWhenSynced === true,
        timeoutMs: parseDuration(opts.timeout as string, '--timeout'),
        logLevel: opts.logLevel as string,
        say: (text) => process.stdout.write(`${text}\n`),
        signal: ac.signal,
      });
    });
};
