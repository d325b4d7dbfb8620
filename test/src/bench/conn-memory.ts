// Benchmark (a program, not a test): what one idle agent connection costs the hub process.
// A server process (one transport variant) and a separate client process that opens N
// connections, each with one idle bidi stream; the server's RSS, RssAnon (/proc/self/status),
// V8 heap used, external and array buffers after a full GC are read at 0, N/2 and N
// connections, and printed with the slope in KiB per connection. Variants and knobs let the
// cost be taken apart layer by layer (docs/decisions/hub-connection-memory.md).
//
//   node test/src/bench/conn-memory.ts --variant grpc-mtls --conns 2000
//     [--keepalive on|off] [--grpc-option grpc-node.max_session_memory=1] [--h2-setting initialWindowSize=65535]
//     [--max-session-memory 10] [--tls-option k=v] [--env MALLOC_ARENA_MAX=2] [--node-flag --max-semi-space-size=1]
//     [--wrap "heaptrack -o /tmp/hub"] [--settle-ms 3000] [--concurrency 50] [--json out.json]
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeBenchCerts } from './conn-memory-certs.ts';
import {
  CONN_VARIANTS,
  parsePairs,
  type ConnClientConfig,
  type ConnServerConfig,
  type ConnVariant,
  type ServerMemory,
} from './conn-memory-variants.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const say = (line: string): boolean => process.stdout.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'grpc-mtls' },
    conns: { type: 'string', default: '2000' },
    keepalive: { type: 'string', default: 'on' },
    'grpc-option': { type: 'string', multiple: true, default: [] },
    'h2-setting': { type: 'string', multiple: true, default: [] },
    'max-session-memory': { type: 'string' },
    'tls-option': { type: 'string', multiple: true, default: [] },
    env: { type: 'string', multiple: true, default: [] },
    'node-flag': { type: 'string', multiple: true, default: [] },
    wrap: { type: 'string', default: '' },
    'settle-ms': { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '50' },
    json: { type: 'string' },
  },
});

const variant = values.variant as ConnVariant;
if (!CONN_VARIANTS.includes(variant)) throw new Error(`--variant: one of ${CONN_VARIANTS.join(', ')}`);
const conns = Number(values.conns);
if (!Number.isInteger(conns) || conns < 2) throw new Error('--conns: an integer ≥ 2');

/** Waits for the child's next message of `type`. */
function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string }): void => {
      if (msg.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg as T);
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`child exited (${code}) while waiting for ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function start(
  file: string,
  config: unknown,
  env: NodeJS.ProcessEnv,
  nodeFlags: string[],
  wrap: string[],
): ChildProcess {
  const nodeArgs = [...process.execArgv, ...nodeFlags, join(HERE, file), JSON.stringify(config)];
  const [cmd, ...args] =
    wrap.length > 0 ? [...wrap, process.execPath, ...nodeArgs] : [process.execPath, ...nodeArgs];
  return spawn(cmd!, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Point {
  conns: number;
  streams: number;
  failed: number;
  memory: ServerMemory;
}

async function main(): Promise<void> {
  const certs = makeBenchCerts();
  const serverConfig: ConnServerConfig = {
    variant,
    certs,
    keepalive: values.keepalive !== 'off',
    grpcOptions: parsePairs(values['grpc-option'], '--grpc-option'),
    h2Settings: parsePairs(values['h2-setting'], '--h2-setting') as Record<string, number>,
    ...(values['max-session-memory'] ? { maxSessionMemory: Number(values['max-session-memory']) } : {}),
    tlsOptions: parsePairs(values['tls-option'], '--tls-option'),
  };
  const serverEnv = { ...process.env, ...parsePairs(values.env, '--env') } as NodeJS.ProcessEnv;
  const wrap = values.wrap.split(/\s+/).filter(Boolean);
  const server = start(
    'conn-memory-server.ts',
    serverConfig,
    serverEnv,
    ['--expose-gc', ...values['node-flag']],
    wrap,
  );
  const settleMs = Number(values['settle-ms']);
  let client: ChildProcess | undefined;
  try {
    const { port } = await next<{ port: number }>(server, 'ready');
    const clientConfig: ConnClientConfig = { variant, certs, port, concurrency: Number(values.concurrency) };
    client = start('conn-memory-client.ts', clientConfig, process.env, [], []);
    await next(client, 'ready');
    const points: Point[] = [];
    for (const upTo of [0, Math.floor(conns / 2), conns]) {
      let failed = 0;
      if (upTo > 0) {
        client.send({ type: 'open', upTo });
        ({ failed } = await next<{ failed: number }>(client, 'opened'));
      }
      await sleep(settleMs);
      server.send({ type: 'measure' });
      const m = await next<{ memory: ServerMemory; streams: number }>(server, 'measured');
      points.push({ conns: upTo, streams: m.streams, failed, memory: m.memory });
      const mem = m.memory;
      say(
        `${variant} ${String(upTo).padStart(6)} conns (${m.streams} held, ${failed} failed): ` +
          `RSS ${(mem.rssKiB / 1024).toFixed(1)} MiB, RssAnon ${(mem.rssAnonKiB / 1024).toFixed(1)} MiB, ` +
          `heap ${(mem.heapUsedKiB / 1024).toFixed(1)} MiB, external ${(mem.externalKiB / 1024).toFixed(1)} MiB, ` +
          `arrayBuffers ${(mem.arrayBuffersKiB / 1024).toFixed(1)} MiB`,
      );
    }
    const slope = (a: Point, b: Point, k: keyof ServerMemory): number =>
      (b.memory[k] - a.memory[k]) / (b.conns - a.conns);
    const [p0, pHalf, pN] = points as [Point, Point, Point];
    const keys: (keyof ServerMemory)[] = [
      'rssKiB',
      'rssAnonKiB',
      'heapUsedKiB',
      'externalKiB',
      'arrayBuffersKiB',
    ];
    const perConn = Object.fromEntries(
      keys.map((k) => [k, { all: slope(p0, pN, k), upperHalf: slope(pHalf, pN, k) }]),
    );
    say(
      `${variant} KiB per connection (0→N | N/2→N): ` +
        keys
          .map(
            (k) =>
              `${k.replace('KiB', '')} ${perConn[k]!.all.toFixed(1)} | ${perConn[k]!.upperHalf.toFixed(1)}`,
          )
          .join(', '),
    );
    if (values.json) {
      const options = {
        ...serverConfig,
        certs: undefined,
        env: values.env,
        nodeFlags: values['node-flag'],
        wrap,
      };
      writeFileSync(values.json, JSON.stringify({ variant, conns, options, points, perConn }, null, 2));
    }
  } finally {
    client?.kill();
    server.kill();
  }
}

await main();
