/**
 * The server process of the connection-memory benchmark (`conn-memory.ts`): one listener of
 * the chosen variant that accepts connections, holds one idle bidi stream on each (one small
 * message each way, as Hello/Welcome), and on request reports its own memory after a full GC.
 *
 *   spawn(node, ['conn-memory-server.ts', JSON config], { stdio: [..., 'ipc'] })
 *     → { type: 'ready', port }; { type: 'measure' } → { type: 'measured', memory, streams }
 */
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { KEEPALIVE_SERVER_OPTIONS } from '@outpost/shared';
import type { BenchCerts } from './conn-memory-certs.ts';
import { CONN_SERVICE, type ConnServerConfig, type ServerMemory } from './conn-memory-variants.ts';

/** Streams (or sockets) the server holds now. */
const held = new Set<object>();
const hold = (o: object, done: (cb: () => void) => void): void => {
  held.add(o);
  done(() => held.delete(o));
};

function secureOptions(c: BenchCerts, config: ConnServerConfig): tls.TlsOptions {
  return {
    key: c.serverKeyPem,
    cert: c.serverCertPem + c.caPem,
    ca: c.caPem,
    requestCert: config.variant !== 'http2-tls-nocert',
    rejectUnauthorized: false,
    ...config.tlsOptions,
  };
}

async function startGrpc(config: ConnServerConfig): Promise<number> {
  const c = config.certs;
  const server = new Server({
    ...(config.keepalive ? KEEPALIVE_SERVER_OPTIONS : {}),
    ...config.grpcOptions,
  });
  server.addService(CONN_SERVICE, {
    Connect: (call: ServerDuplexStream<Buffer, Buffer>) => {
      hold(call, (drop) => {
        call.on('data', () => {});
        call.on('error', drop);
        call.on('close', drop);
        call.on('end', () => {
          drop();
          call.end();
        });
      });
      call.write(Buffer.from('welcome'));
    },
  });
  let credentials: ServerCredentials;
  const identity = [
    { cert_chain: Buffer.from(c.serverCertPem + c.caPem), private_key: Buffer.from(c.serverKeyPem) },
  ];
  if (config.variant === 'grpc-h2c') credentials = ServerCredentials.createInsecure();
  else if (config.variant === 'grpc-tls') credentials = ServerCredentials.createSsl(null, identity, false);
  else if (config.variant === 'grpc-mtls-required')
    credentials = ServerCredentials.createSsl(Buffer.from(c.caPem), identity, true);
  else {
    // What the hub uses: client certificate requested, not required (Enroll shares the port).
    const { agentServerCredentials } = await import('@outpost/principal');
    credentials = agentServerCredentials({
      keyPem: c.serverKeyPem,
      certPem: c.serverCertPem + c.caPem,
      caPem: c.caPem,
    });
  }
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (err, port) => (err ? reject(err) : resolve(port))),
  );
}

function onHttp2Stream(stream: http2.ServerHttp2Stream): void {
  hold(stream, (drop) => {
    stream.on('data', () => {});
    stream.on('error', drop);
    stream.on('close', drop);
  });
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
  stream.write(Buffer.from('welcome'));
}

function startHttp2(config: ConnServerConfig): Promise<number> {
  const options: http2.SecureServerOptions = {
    maxSessionMemory: config.maxSessionMemory,
    settings: config.h2Settings,
  };
  const server =
    config.variant === 'http2-h2c'
      ? http2.createServer(options)
      : http2.createSecureServer({ ...options, ...secureOptions(config.certs, config) });
  server.setTimeout(0);
  server.on('stream', onHttp2Stream);
  return listen(server);
}

function startSockets(config: ConnServerConfig): Promise<number> {
  const onSocket = (socket: net.Socket): void => {
    hold(socket, (drop) => {
      socket.on('data', () => {});
      socket.on('error', drop);
      socket.on('close', drop);
    });
    socket.write('welcome');
  };
  const server =
    config.variant === 'tcp'
      ? net.createServer(onSocket)
      : tls.createServer(secureOptions(config.certs, config), onSocket);
  return listen(server);
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** This process's memory after a full GC (when `--expose-gc` is on), from V8 and `/proc/self/status`. */
function measure(): ServerMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  const m = process.memoryUsage();
  return {
    rssKiB: kib('VmRSS'),
    rssAnonKiB: kib('RssAnon'),
    heapUsedKiB: m.heapUsed / 1024,
    externalKiB: m.external / 1024,
    arrayBuffersKiB: m.arrayBuffers / 1024,
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ConnServerConfig;
  process.once('disconnect', () => process.exit(0));
  const v = config.variant;
  const port = v.startsWith('grpc')
    ? await startGrpc(config)
    : v.startsWith('http2')
      ? await startHttp2(config)
      : await startSockets(config);
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'measure') process.send!({ type: 'measured', memory: measure(), streams: held.size });
    else if (msg.type === 'count') process.send!({ type: 'count', streams: held.size });
  });
  process.send!({ type: 'ready', port, pid: process.pid });
}

await main();
