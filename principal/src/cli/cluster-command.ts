import { Option } from 'commander';
import type { Command } from 'commander';
import { parseMetadataArgs } from '../registry/cluster-record.ts';
import type { ClusterView } from '../server/http/fleet-view.ts';
import type { JoinInfo } from '../server/http/routes-admin.ts';
import { hubClient, withHubOptions } from './cluster-hub-options.ts';
import { agentManifests, joinCommand } from './cluster-manifests.ts';
import type { CommandResult, OutputFormat } from './output/printer.ts';
import { age, collect, outputOption, printResult, selectorOption, watchOption } from './output/printer.ts';
import { watchListing } from './status-watch.ts';

type HubOpts = { server?: string; token?: string; dataDir?: string };

/** `outpost cluster register|list|get|label|unregister|rotate-token`. */
export const clusterCommand = (program: Command): void => {
  const cluster = program.command('cluster').description('register clusters and manage their identity');

  withHubOptions(
    cluster
      .command('register')
      .description('register a cluster and print the join command (or, with -o yaml, its agent manifests)')
      .argument('<name>', 'cluster name (lowercase letters, digits, "-")')
      .addOption(new Option('--label <k=v>', 'label (repeatable)').argParser(collect).env('OUTPOST_LABELS'))
      .addOption(
        new Option('--annotation <k=v>', 'annotation (repeatable)')
          .argParser(collect)
          .env('OUTPOST_ANNOTATIONS'),
      )
      .addOption(
        new Option('--cluster-server <url>', 'the URL ApplicationSets see as {{server}}').env(
          'OUTPOST_CLUSTER_SERVER',
        ),
      )
      .addOption(new Option('--ttl <duration>', 'bootstrap token lifetime').default('1h').env('OUTPOST_TTL'))
      .addOption(
        new Option('--hub <host:port>', "agents' address of the hub, if not the one it advertises").env(
          'OUTPOST_HUB',
        ),
      )
      .addOption(outputOption()),
  ).action(async (name: string, opts: HubOpts & Record<string, string | string[] | undefined>) => {
    const labels = parseMetadataArgs((opts.label as string[]) ?? [], 'label') as Record<string, string>;
    const annotations = parseMetadataArgs((opts.annotation as string[]) ?? [], 'annotation') as Record<
      string,
      string
    >;
    const client = await hubClient(opts);
    const res = await client.register({
      name,
      labels,
      annotations,
      ttl: opts.ttl as string,
      ...(opts.clusterServer ? { server: opts.clusterServer as string } : {}),
    });
    printResult(
      joinResult(res.join, opts.hub as string | undefined, `cluster ${name} registered`),
      opts.output as OutputFormat,
    );
  });

  withHubOptions(
    cluster
      .command('rotate-token')
      .description('issue a new bootstrap token (earlier ones stop working) and print the join command')
      .argument('<name>')
      .addOption(new Option('--ttl <duration>', 'bootstrap token lifetime').default('1h').env('OUTPOST_TTL'))
      .addOption(new Option('--hub <host:port>', "agents' address of the hub").env('OUTPOST_HUB'))
      .addOption(outputOption()),
  ).action(async (name: string, opts: HubOpts & Record<string, string | undefined>) => {
    const res = await (await hubClient(opts)).rotateToken(name, opts.ttl);
    printResult(
      joinResult(res.join, opts.hub, `new bootstrap token for cluster ${name}`),
      opts.output as OutputFormat,
    );
  });

  withHubOptions(
    cluster
      .command('list')
      .description('list registered clusters')
      .addOption(selectorOption())
      .addOption(watchOption())
      .addOption(outputOption()),
  ).action(async (opts: HubOpts & { selector?: string; watch?: boolean; output: OutputFormat }) => {
    const client = await hubClient(opts);
    const list = async (): Promise<CommandResult> => {
      const page = await client.clusters({
        limit: '1000',
        ...(opts.selector ? { selector: opts.selector } : {}),
      });
      return { data: page.items, table: clusterTable(page.items) };
    };
    if (opts.watch) return watchListing(client, list, opts.output);
    printResult(await list(), opts.output);
  });

  withHubOptions(
    cluster.command('get').description('show one cluster').argument('<name>').addOption(outputOption('yaml')),
  ).action(async (name: string, opts: HubOpts & { output: OutputFormat }) => {
    const c = await (await hubClient(opts)).cluster(name);
    printResult({ data: c, table: clusterTable([c]) }, opts.output);
  });

  withHubOptions(
    cluster
      .command('label')
      .description('set (k=v) or remove (k-) labels')
      .argument('<name>')
      .argument('<changes...>', 'k=v to set, k- to remove')
      .addOption(outputOption()),
  ).action(async (name: string, changes: string[], opts: HubOpts & { output: OutputFormat }) => {
    const rec = await (
      await hubClient(opts)
    ).updateCluster(name, { labels: parseMetadataArgs(changes, 'label', true) });
    const labels =
      Object.entries(rec.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>';
    printResult({ data: rec, text: `cluster ${name} labels: ${labels}` }, opts.output);
  });

  withHubOptions(
    cluster
      .command('unregister')
      .description('remove a cluster: its agent is disconnected at once and its certificate stops working')
      .argument('<name>')
      .addOption(outputOption()),
  ).action(async (name: string, opts: HubOpts & { output: OutputFormat }) => {
    const res = await (await hubClient(opts)).unregister(name);
    printResult({ data: res, text: `cluster ${name} unregistered; its agent was disconnected` }, opts.output);
  });
};

function joinResult(join: JoinInfo, hubOverride: string | undefined, headline: string): CommandResult {
  const info = hubOverride ? { ...join, grpcAddress: hubOverride } : join;
  const command = joinCommand(info);
  return {
    data: { ...info, command },
    documents: agentManifests(info),
    text: [
      headline,
      '',
      `Run on a machine that can reach the cluster's API (add --kubeconfig FILE / --context NAME as needed):`,
      '',
      `  ${command}`,
      '',
      `The token works once and expires at ${info.tokenExpiresAt}.`,
      'To install the agent in the cluster instead, apply the manifests from `-o yaml` with kubectl apply -f -.',
    ].join('\n'),
  };
}

/** The cluster listing's table. */
export function clusterTable(clusters: readonly ClusterView[]): { columns: string[]; rows: string[][] } {
  return {
    columns: ['NAME', 'CONNECTED', 'LAST-SEEN', 'GENERATION', 'SYNCED', 'HEALTHY', 'DRIFT', 'LABELS'],
    rows: clusters.map((c) => [
      c.name,
      c.connected ? 'yes' : 'no',
      age(c.lastSeen),
      `${c.generation.applied}/${c.generation.desired}`,
      `${c.apps.synced}/${c.apps.total}`,
      `${c.apps.healthy}/${c.apps.total}`,
      String(c.drift),
      Object.entries(c.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
    ]),
  };
}
