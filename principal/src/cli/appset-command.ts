import { Option, type Command } from 'commander';
import { outputOption, printResult, type OutputFormat } from './output/printer.ts';
import { printWarnings } from './output/warnings.ts';
import type { CommandModule } from './program.ts';

/** Collects a repeatable `FROM=TO` flag; an env var may hold several, comma-separated. */
function collectRewrites(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

function inputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-f, --file <file>', 'ApplicationSet file (YAML or JSON)')
        .env('OUTPOST_APPSET_FILE')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--clusters <file>',
        'cluster inventory: a YAML/JSON list of {name, server, project?, labels?, annotations?}',
      ).env('OUTPOST_CLUSTERS_FILE'),
    )
    .addOption(
      new Option(
        '--repo-rewrite <from=to>',
        'rewrite repository URLs by prefix, like git insteadOf (repeatable)',
      )
        .env('OUTPOST_REPO_REWRITE')
        .argParser(collectRewrites),
    )
    .addOption(
      new Option('--git-file-globbing <mode>', 'git files generator globbing')
        .choices(['legacy', 'doublestar'])
        .default('legacy')
        .env('OUTPOST_GIT_FILE_GLOBBING'),
    )
    .addOption(outputOption('yaml'));
}

/** `outpost appset generate|render`: offline ApplicationSet previews. */
export const appsetCommand: CommandModule = (program) => {
  const appset = program
    .command('appset')
    .description(
      'Argo CD ApplicationSets: preview offline (generate, render), manage those stored in the hub (apply, list, get, delete)',
    );
  inputOptions(
    appset
      .command('generate')
      .description('print the Applications an ApplicationSet generates, sorted by name')
      .addOption(
        new Option(
          '--params',
          'print the generator param sets (after post-selectors, before templating)',
        ).env('OUTPOST_APPSET_PARAMS'),
      ),
  ).action(async (opts: Record<string, unknown>) => {
    // Loaded on use: Git and rendering modules are heavy and other commands do not need them.
    const { appsetGenerate } = await import('./appset-generate.ts');
    const { result, warnings } = await appsetGenerate({
      file: opts.file as string,
      clusters: opts.clusters as string | undefined,
      repoRewrite: opts.repoRewrite as string[] | undefined,
      gitFileGlobbing: opts.gitFileGlobbing as 'legacy' | 'doublestar',
      params: opts.params === true,
    });
    printWarnings(warnings);
    printResult(result, opts.output as OutputFormat);
  });
  inputOptions(
    appset
      .command('render')
      .description(
        'print the objects each generated Application renders to (what each cluster would receive)',
      )
      .addOption(new Option('--app <name>', 'only this generated Application').env('OUTPOST_APPSET_APP')),
  ).action(async (opts: Record<string, unknown>) => {
    const { appsetRender, renderResult } = await import('./appset-render.ts');
    const { entries, warnings } = await appsetRender({
      file: opts.file as string,
      clusters: opts.clusters as string | undefined,
      repoRewrite: opts.repoRewrite as string[] | undefined,
      gitFileGlobbing: opts.gitFileGlobbing as 'legacy' | 'doublestar',
      app: opts.app as string | undefined,
    });
    printWarnings(warnings);
    printResult(renderResult(entries), opts.output as OutputFormat);
  });
};
