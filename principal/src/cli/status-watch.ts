import type { HubApiClient } from '../server/http/api-client.ts';
import type { CommandResult, OutputFormat } from './output/printer.ts';
import { printResult } from './output/printer.ts';

/**
 * `--watch` for listings: prints the listing, then again after every change the hub announces
 * (its SSE `watch` stream, already coalesced), until Ctrl-C. Tables are separated by a blank
 * line; JSON and YAML print one document per change.
 */
export async function watchListing(
  client: HubApiClient,
  list: () => Promise<CommandResult>,
  format: OutputFormat,
  signal: AbortSignal = interruptSignal(),
): Promise<void> {
  let first = true;
  for await (const event of client.watch(signal)) {
    if (event.event !== 'summary') continue;
    if (!first && format === 'table') process.stdout.write('\n');
    if (!first && format === 'yaml') process.stdout.write('---\n');
    first = false;
    printResult(await list(), format);
  }
}

function interruptSignal(): AbortSignal {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  process.once('SIGTERM', () => ac.abort());
  return ac.signal;
}
