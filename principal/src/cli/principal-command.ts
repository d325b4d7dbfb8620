import { hostname } from 'node:os';
import { Option } from 'commander';
import { createLogger, silentLogger, type Logger } from '@outpost/shared';
import { Hub } from '../hub/hub.ts';
import type { HubOptions } from '../hub/hub-options.ts';
import type { HttpApi } from '../server/http/http-api.ts';
import { startHubHttpApi } from '../server/http/hub-http.ts';
import { GitAppSets } from '../registry/appset-git.ts';
import type { CommandModule } from './program.ts';

/** Repeatable flags collect; an environment variable may hold several values separated by commas. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Parsed `outpost principal` flags as hub options. */
export function principalOptions(opts: Record<string, unknown>, logger: Logger): HubOptions {
  return {
    dataDir: opts.dataDir as string,
    grpcListen: opts.grpcListen as string,
    httpListen: opts.httpListen as string,
    repoRewrites: (opts.repoRewrite as string[] | undefined) ?? [],
    repoPollInterval: opts.repoPollInterval as string,
    appsetFiles: (opts.appset as string[] | undefined) ?? [],
    gitFileGlobbing: opts.gitFileGlobbing as 'legacy' | 'doublestar',
    logger,
  };
}

/**
 * Runs the hub until `signal` aborts: serves agents, polls Git, reconciles the fleet.
 * Returns the hub's final status.
 */
export async function runPrincipal(
  options: HubOptions,
  signal: AbortSignal,
  onStarted: (hub: Hub, httpUrl: string, initialAdmin?: { token: string; file: string }) => void,
  extras: { webhookSecret?: string; appsetsRepo?: string; appsetsPath?: string; grpcAdvertise?: string } = {},
): Promise<void> {
  // The advertised address goes into join commands, so the serving certificate must cover it.
  const advertisedHost = extras.grpcAdvertise?.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const hub = await Hub.create(
    advertisedHost
      ? {
          ...options,
          tlsHosts: [
            ...new Set([
              ...(options.tlsHosts ?? ['localhost', '127.0.0.1', '::1', hostname()]),
              advertisedHost,
            ]),
          ],
        }
      : options,
  );
  let api: HttpApi | undefined;
  try {
    if (extras.appsetsRepo) {
      hub.registry.appsets.useGit(
        new GitAppSets(
          { git: hub.sources, store: hub.store, logger: options.logger ?? silentLogger() },
          extras.appsetsRepo,
          extras.appsetsPath ?? '',
        ),
      );
    }
    await hub.start();
    const started = await startHubHttpApi(hub, {
      logger: options.logger ?? silentLogger(),
      webhookSecret: extras.webhookSecret,
      ...(extras.grpcAdvertise ? { advertiseGrpc: extras.grpcAdvertise } : {}),
    });
    api = started.api;
    onStarted(hub, api.url, started.initialAdmin);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await api?.stop();
    await hub.stop();
  }
}

/** `outpost principal`: the hub. */
export const principalCommand: CommandModule = (program) => {
  program
    .command('principal')
    .description('run the hub: read Git, resolve ApplicationSets, render, and serve assignments to agents')
    .addOption(
      new Option('--data-dir <dir>', 'state directory (store, repository caches, PKI)')
        .env('OUTPOST_DATA_DIR')
        .default('./outpost-data'),
    )
    .addOption(
      new Option('--grpc-listen <host:port>', 'address agents connect to')
        .env('OUTPOST_GRPC_LISTEN')
        .default('0.0.0.0:8443'),
    )
    .addOption(
      new Option('--http-listen <host:port>', 'address of the HTTP status API')
        .env('OUTPOST_HTTP_LISTEN')
        .default('0.0.0.0:8080'),
    )
    .addOption(
      new Option('--repo-rewrite <from=to>', 'rewrite repository URLs by prefix (repeatable)')
        .env('OUTPOST_REPO_REWRITE')
        .argParser(collect),
    )
    .addOption(
      new Option('--repo-poll-interval <duration>', 'how often repositories are polled')
        .env('OUTPOST_REPO_POLL_INTERVAL')
        .default('3m'),
    )
    .addOption(
      new Option('--appset <file>', 'ApplicationSet or Application file or directory (repeatable)')
        .env('OUTPOST_APPSET')
        .argParser(collect),
    )
    .addOption(
      new Option('--git-file-globbing <mode>', 'git files generator globbing')
        .choices(['legacy', 'doublestar'])
        .default('legacy')
        .env('OUTPOST_GIT_FILE_GLOBBING'),
    )
    .addOption(
      new Option(
        '--grpc-advertise <host:port>',
        "the agents' address of the hub as join commands print it (default 127.0.0.1:<grpc port>)",
      ).env('OUTPOST_GRPC_ADVERTISE'),
    )
    .addOption(
      new Option(
        '--appsets-repo <url>',
        'read ApplicationSets from this Git repository too (GitOps for the hub)',
      ).env('OUTPOST_APPSETS_REPO'),
    )
    .addOption(
      new Option('--appsets-path <dir>', 'directory of --appsets-repo holding the ApplicationSets')
        .env('OUTPOST_APPSETS_PATH')
        .default(''),
    )
    .addOption(
      new Option('--webhook-secret <secret>', 'shared secret of the Git webhook (/api/v1/webhook/git)').env(
        'OUTPOST_WEBHOOK_SECRET',
      ),
    )
    .action(async (opts: Record<string, unknown>) => {
      const logger = createLogger();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runPrincipal(
        principalOptions(opts, logger),
        controller.signal,
        (hub, httpUrl, initialAdmin) => {
          process.stdout.write(
            `outpost principal: agents on port ${hub.server.port}, data in ${hub.options.dataDir}, CA fingerprint ${hub.pki.caFingerprint}\n` +
              `outpost principal: status API at ${httpUrl}/api/v1/summary\n`,
          );
          // First start: the admin token is shown once, on an interactive terminal only (never in logs).
          if (initialAdmin) {
            process.stdout.write(
              `outpost principal: initial admin token written to ${initialAdmin.file} (mode 0600)` +
                (process.stdout.isTTY ? `: ${initialAdmin.token}\n` : '\n'),
            );
          }
        },
        {
          webhookSecret: opts.webhookSecret as string | undefined,
          appsetsRepo: opts.appsetsRepo as string | undefined,
          appsetsPath: opts.appsetsPath as string,
          grpcAdvertise: opts.grpcAdvertise as string | undefined,
        },
      );
    });
};
