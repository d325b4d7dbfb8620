import { Option } from 'commander';
import type { Command } from 'commander';
import type { HubApiClient } from '../server/http/api-client.ts';
import type { AppView, ClusterView, FleetSummary } from '../server/http/fleet-view.ts';
import { hubClient, withHubOptions } from './cluster-hub-options.ts';
import type { CommandResult, OutputFormat, Table } from './output/printer.ts';
import { age, outputOption, printResult, selectorOption, watchOption } from './output/printer.ts';
import { watchListing } from './status-watch.ts';

type HubOpts = { server?: string; token?: string; dataDir?: string };

/** The fleet status as the `outpost status` table shows it. */
export function statusTable(clusters: readonly ClusterView[]): Table {
  return {
    columns: ['CLUSTER', 'CONNECTED', 'LAST-SEEN', 'GENERATION', 'SYNCED', 'HEALTHY', 'DRIFT'],
    rows: clusters.map((c) => [
      c.name,
      c.connected ? 'yes' : 'no',
      age(c.lastSeen),
      `${c.generation.applied}/${c.generation.desired}`,
      `${c.apps.synced}/${c.apps.total}`,
      `${c.apps.healthy}/${c.apps.total}`,
      String(c.drift),
    ]),
  };
}

/** One line under the table: connected clusters, synced clusters, apps by health. */
export function summaryLine(s: FleetSummary): string {
  const health = Object.entries(s.apps.byHealth)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return (
    `${s.clusters.connected}/${s.clusters.total} clusters connected, ${s.clusters.synced}/${s.clusters.total} synced; ` +
    `${s.apps.total} apps${health ? ` (${health})` : ''}; ${s.drift} drifted objects`
  );
}

/** `outpost status` as data: the summary and one row per cluster. */
export async function fleetStatus(client: HubApiClient, selector?: string): Promise<CommandResult> {
  const [summary, clusters] = await Promise.all([
    client.summary(),
    client.clusters({ limit: '1000', ...(selector ? { selector } : {}) }),
  ]);
  return {
    data: { summary, clusters: clusters.items },
    table: statusTable(clusters.items),
    text: summaryLine(summary),
  };
}

/** The `outpost app list` table. */
export function appTable(apps: readonly AppView[]): Table {
  return {
    columns: ['CLUSTER', 'APP', 'APPSET', 'SYNC', 'HEALTH', 'DRIFT', 'MESSAGE'],
    rows: apps.map((a) => [
      a.cluster,
      a.name,
      a.appset || '-',
      a.sync,
      a.health,
      String(a.drift.filter((d) => !d.reverted).length),
      (a.lastError || a.message).split('\n')[0]!.slice(0, 80),
    ]),
  };
}

/** `outpost status` and `outpost app list`. */
export const statusCommand = (program: Command): void => {
  withHubOptions(
    program
      .command('status')
      .description('show the fleet: one row per cluster, and a summary')
      .addOption(selectorOption())
      .addOption(watchOption())
      .addOption(outputOption()),
  ).action(async (opts: HubOpts & { selector?: string; watch?: boolean; output: OutputFormat }) => {
    const client = await hubClient(opts);
    if (opts.watch) return watchListing(client, () => fleetStatus(client, opts.selector), opts.output);
    printResult(await fleetStatus(client, opts.selector), opts.output);
  });

  const app = program.command('app').description('applications as the agents report them');
  withHubOptions(
    app
      .command('list')
      .description('list applications per cluster with sync, health and drift')
      .addOption(new Option('--cluster <name>', 'only this cluster').env('OUTPOST_CLUSTER'))
      .addOption(new Option('--appset <name>', 'only apps of this ApplicationSet').env('OUTPOST_APPSET'))
      .addOption(
        new Option('--sync <state>', 'only this sync state (Synced, OutOfSync, Unknown)').env('OUTPOST_SYNC'),
      )
      .addOption(
        new Option('--health <state>', 'only this health state (Healthy, Degraded, ...)').env(
          'OUTPOST_HEALTH',
        ),
      )
      .addOption(watchOption())
      .addOption(outputOption()),
  ).action(
    async (opts: HubOpts & Record<string, string | boolean | undefined> & { output: OutputFormat }) => {
      const client = await hubClient(opts);
      const query: Record<string, string> = { limit: '1000' };
      for (const k of ['cluster', 'appset', 'sync', 'health'] as const)
        if (typeof opts[k] === 'string') query[k] = opts[k];
      const list = async (): Promise<CommandResult> => {
        const page = await client.applications(query);
        return { data: page.items, table: appTable(page.items) };
      };
      if (opts.watch) return watchListing(client, list, opts.output);
      printResult(await list(), opts.output);
    },
  );
};
