import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ErrorCodes, OutpostError } from '@outpost/shared';
import { parseApplicationSets } from '../appsets/parse-application-set.ts';
import { hubClient, withHubOptions } from './cluster-hub-options.ts';
import type { OutputFormat } from './output/printer.ts';
import { age, outputOption, printResult } from './output/printer.ts';

type HubOpts = { server?: string; token?: string; dataDir?: string };

/** Reads ApplicationSets from a file, or every .yaml/.yml/.json file of a directory (sorted). */
export async function readAppSetInputs(path: string): Promise<Array<{ file: string; appset: unknown }>> {
  const info = await stat(path).catch(() => {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `${path} does not exist`, { location: { file: path } });
  });
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const out: Array<{ file: string; appset: unknown }> = [];
  for (const file of files) {
    for (const appset of parseApplicationSets(await readFile(file, 'utf8'), file)) out.push({ file, appset });
  }
  if (out.length === 0) {
    throw new OutpostError(ErrorCodes.APPSET_INVALID, 'no ApplicationSet found', {
      location: { file: path },
    });
  }
  return out;
}

/**
 * `outpost appset apply|list|get|delete`: the ApplicationSets stored in the hub. Adds to the
 * `appset` command when another module created it (the offline `generate`/`render`).
 */
export const appsetStoreCommand = (program: Command): void => {
  const appset =
    program.commands.find((c) => c.name() === 'appset') ??
    program.command('appset').description('manage ApplicationSets');

  withHubOptions(
    appset
      .command('apply')
      .description("create or replace ApplicationSets in the hub's store")
      .addOption(
        new Option('-f, --filename <path>', 'file or directory')
          .makeOptionMandatory()
          .env('OUTPOST_FILENAME'),
      )
      .addOption(outputOption()),
  ).action(async (opts: HubOpts & { filename: string; output: OutputFormat }) => {
    const inputs = await readAppSetInputs(opts.filename);
    const client = await hubClient(opts);
    const results = [];
    for (const { file, appset: a } of inputs) {
      try {
        results.push({ file, ...(await client.applyAppset(a)) });
      } catch (e) {
        throw e instanceof OutpostError ? e.at({ file }) : e;
      }
    }
    printResult(
      {
        data: results,
        text: results
          .map((r) => `applicationset ${r.name} ${r.created ? 'created' : 'configured'}`)
          .join('\n'),
      },
      opts.output,
    );
  });

  withHubOptions(
    appset
      .command('list')
      .description('list ApplicationSets and what they generated')
      .addOption(outputOption()),
  ).action(async (opts: HubOpts & { output: OutputFormat }) => {
    const page = await (await hubClient(opts)).appsets();
    printResult(
      {
        data: page.items,
        table: {
          columns: ['NAME', 'SOURCE', 'APPLICATIONS', 'ERRORS'],
          rows: page.items.map((a) => [a.name, a.source, String(a.applications), a.errors[0] ?? '-']),
        },
      },
      opts.output,
    );
  });

  withHubOptions(
    appset
      .command('get')
      .description('show one ApplicationSet')
      .argument('<name>')
      .addOption(outputOption('yaml')),
  ).action(async (name: string, opts: HubOpts & { output: OutputFormat }) => {
    const a = await (await hubClient(opts)).appset(name);
    printResult(
      {
        data: a,
        text: `${a.name}: ${a.applications ?? 0} applications, applied ${age(a.appliedAt)} ago by ${a.appliedBy ?? '-'}${
          a.errors?.length ? `\nerrors:\n  ${a.errors.join('\n  ')}` : ''
        }`,
      },
      opts.output,
    );
  });

  withHubOptions(
    appset
      .command('delete')
      .description("delete an ApplicationSet from the hub's store")
      .argument('<name>')
      .addOption(outputOption()),
  ).action(async (name: string, opts: HubOpts & { output: OutputFormat }) => {
    const res = await (await hubClient(opts)).deleteAppset(name);
    printResult({ data: res, text: `applicationset ${name} deleted` }, opts.output);
  });
};
