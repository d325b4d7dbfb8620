import type { ServerResponse } from 'node:http';
import type { HttpApiSources } from './api-sources.ts';
import { takeSnapshot } from './routes-status.ts';
import { fleetSummary } from './fleet-view.ts';

const COALESCE_MS = 200;
const KEEPALIVE_MS = 15_000;

/**
 * Server-sent events for `GET /api/v1/watch`: a `summary` event at once, then a `change`
 * event per burst of changes (coalesced over 200 ms, listing the clusters that changed) followed
 * by a fresh `summary`. A comment line every 15 s keeps proxies from closing the stream.
 * Ends when the client goes away or `signal` aborts (hub shutdown).
 */
export async function serveWatch(
  res: ServerResponse,
  sources: HttpApiSources,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let seq = 0;
  const send = (event: string, data: unknown) =>
    res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('summary', fleetSummary(await takeSnapshot(sources)));
  const pending = new Set<string>();
  const kinds = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    timer = undefined;
    const clusters = [...pending].sort();
    const changed = [...kinds].sort();
    pending.clear();
    kinds.clear();
    send('change', { kinds: changed, clusters });
    send('summary', fleetSummary(await takeSnapshot(sources)));
  };
  const onChange = (c: { kind: string; cluster?: string }) => {
    kinds.add(c.kind);
    if (c.cluster) pending.add(c.cluster);
    timer ??= setTimeout(() => void flush().catch(() => res.end()), COALESCE_MS);
  };
  const unsubscribers = [
    sources.onChange?.(onChange),
    sources.registry.clusters.onChange((e) => onChange({ kind: 'cluster', cluster: e.cluster })),
    sources.registry.appsets.onChange(() => onChange({ kind: 'appset' })),
  ];
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  await new Promise<void>((resolve) => {
    res.on('close', resolve);
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(keepalive);
  clearTimeout(timer);
  for (const u of unsubscribers) u?.();
  res.end();
}
