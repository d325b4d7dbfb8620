import { Option } from 'commander';
import type { Command } from 'commander';
import { HubApiClient } from '../server/http/api-client.ts';
import { resolveHubConnection } from '../server/http/api-client-connection.ts';

/** Adds `--server`, `--token` and `--data-dir` (each with its `OUTPOST_*` variable) to a command. */
export function withHubOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--server <url>', "the hub's HTTP API URL").env('OUTPOST_SERVER'))
    .addOption(
      new Option('--token <token>', 'API token (admin, or read-only for reads)').env('OUTPOST_TOKEN'),
    )
    .addOption(
      new Option('--data-dir <dir>', "on the hub's host: find URL and admin token in its data dir").env(
        'OUTPOST_DATA_DIR',
      ),
    );
}

/** The API client for a command's `--server`/`--token`/`--data-dir`. */
export async function hubClient(opts: {
  server?: string;
  token?: string;
  dataDir?: string;
}): Promise<HubApiClient> {
  return new HubApiClient(await resolveHubConnection(opts));
}
