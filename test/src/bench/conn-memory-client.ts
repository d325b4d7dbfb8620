/**
 * The client process of the connection-memory benchmark (`conn-memory.ts`): opens connections
 * of the chosen variant to the server, each its own TCP connection (gRPC: its own channel with a
 * local subchannel pool, as every agent has its own), with one idle bidi stream that has sent
 * one small message and received the server's. Connections stay open until the process exits.
 *
 *   spawn(node, ['conn-memory-client.ts', JSON config], ipc) ; { type: 'open', upTo } → { type: 'opened', total, failed }
 */
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Client, credentials as grpcCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { ConnClientConfig } from './conn-memory-variants.ts';

const keep: unknown[] = [];

function openGrpc(config: ConnClientConfig, creds: ChannelCredentials): Promise<void> {
  const client = new Client(`127.0.0.1:${config.port}`, creds, { 'grpc.use_local_subchannel_pool': 1 });
  const call = client.makeBidiStreamRequest(
    '/bench.Conn/Connect',
    (b: Buffer) => b,
    (b: Buffer) => b,
  );
  keep.push(client, call);
  call.write(Buffer.from('hello'));
  return new Promise((resolve, reject) => {
    call.once('data', () => resolve());
    call.once('error', reject);
  });
}

function openHttp2(config: ConnClientConfig): Promise<void> {
  const c = config.certs;
  const secure = config.variant !== 'http2-h2c';
  const session = http2.connect(
    `${secure ? 'https' : 'http'}://127.0.0.1:${config.port}`,
    secure
      ? {
          ca: c.caPem,
          ...(config.variant === 'http2-tls' ? { cert: c.clientCertPem, key: c.clientKeyPem } : {}),
        }
      : {},
  );
  const stream = session.request({ ':method': 'POST', ':path': '/bench.Conn/Connect' }, { endStream: false });
  keep.push(session, stream);
  stream.write(Buffer.from('hello'));
  return new Promise((resolve, reject) => {
    stream.once('data', () => resolve());
    stream.once('error', reject);
    session.once('error', reject);
  });
}

function openSocket(config: ConnClientConfig): Promise<void> {
  const c = config.certs;
  const socket =
    config.variant === 'tcp'
      ? net.connect(config.port, '127.0.0.1')
      : tls.connect({
          port: config.port,
          host: '127.0.0.1',
          ca: c.caPem,
          cert: c.clientCertPem,
          key: c.clientKeyPem,
        });
  keep.push(socket);
  socket.write('hello');
  return new Promise((resolve, reject) => {
    socket.once('data', () => resolve());
    socket.once('error', reject);
  });
}

function opener(config: ConnClientConfig): () => Promise<void> {
  const c = config.certs;
  const v = config.variant;
  if (v.startsWith('grpc')) {
    const creds =
      v === 'grpc-h2c'
        ? grpcCredentials.createInsecure()
        : v === 'grpc-tls'
          ? grpcCredentials.createSsl(Buffer.from(c.caPem))
          : grpcCredentials.createSsl(
              Buffer.from(c.caPem),
              Buffer.from(c.clientKeyPem),
              Buffer.from(c.clientCertPem),
            );
    return () => openGrpc(config, creds);
  }
  if (v.startsWith('http2')) return () => openHttp2(config);
  return () => openSocket(config);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ConnClientConfig;
  process.once('disconnect', () => process.exit(0));
  const open = opener(config);
  let total = 0;
  let failed = 0;
  process.on('message', (msg: { type: string; upTo: number }) => {
    if (msg.type !== 'open') return;
    void (async () => {
      while (total < msg.upTo) {
        const batch = Math.min(config.concurrency, msg.upTo - total);
        const results = await Promise.allSettled(Array.from({ length: batch }, () => open()));
        total += batch;
        failed += results.filter((r) => r.status === 'rejected').length;
      }
      process.send!({ type: 'opened', total, failed });
    })();
  });
  process.send!({ type: 'ready' });
}

await main();
