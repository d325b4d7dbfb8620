import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { INITIAL_ADMIN_TOKEN_FILE } from '../../registry/api-tokens.ts';
import type { HubConnection } from './api-client.ts';
import { HTTP_URL_FILE } from './hub-http.ts';

/**
 * Finds the hub: `--server`/`--token` when given; otherwise, on the hub's own host, the URL the
 * hub recorded in `DATA/http-url` and the initial admin token in `DATA/initial-admin-token`.
 * @throws OutpostError CONFIG_INVALID saying which flag is missing.
 */
export async function resolveHubConnection(opts: {
  server?: string;
  token?: string;
  dataDir?: string;
}): Promise<HubConnection> {
  const fromDataDir = async (file: string) =>
    opts.dataDir
      ? (await readFile(join(opts.dataDir, file), 'utf8').catch(() => undefined))?.trim()
      : undefined;
  const server = opts.server ?? (await fromDataDir(HTTP_URL_FILE));
  if (!server) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, 'no hub to talk to', {
      hint: opts.dataDir
        ? `no ${HTTP_URL_FILE} in ${opts.dataDir}: is the hub running there? Otherwise pass --server / OUTPOST_SERVER`
        : 'pass --server URL (OUTPOST_SERVER), or --data-dir (OUTPOST_DATA_DIR) on the hub host',
    });
  }
  const token = opts.token ?? (await fromDataDir(INITIAL_ADMIN_TOKEN_FILE));
  return { server, token };
}
