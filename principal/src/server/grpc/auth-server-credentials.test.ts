import { connect, type TLSSocket } from 'node:tls';
import { Server } from '@grpc/grpc-js';
import { createCertificateAuthority, issueServingCertificate } from '@outpost/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentServerCredentials, hubTlsMaterial } from './auth-server-credentials.ts';

let server: Server;
let port: number;
let caPem: string;

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  caPem = ca.certPem;
  const serving = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
  server = new Server();
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      '127.0.0.1:0',
      agentServerCredentials(hubTlsMaterial({ ca, server: serving })),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
});
afterAll(() => server.forceShutdown());

/** A TLS handshake offering `protocols`: the negotiated protocol, or the handshake error. */
function handshake(protocols: string[]): Promise<{ alpn?: string | false | null; error?: string }> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: caPem,
      ALPNProtocols: protocols,
    });
    socket.once('secureConnect', () => {
      resolve({ alpn: socket.alpnProtocol });
      socket.destroy();
    });
    socket.once('error', (err) => resolve({ error: err.message }));
  });
}

describe('agent server credentials', () => {
  it('agent server credentials – a client offering h2 gets h2, with or without other protocols', async () => {
    expect(await handshake(['h2'])).toEqual({ alpn: 'h2' });
    expect(await handshake(['http/1.1', 'h2'])).toEqual({ alpn: 'h2' });
  });

  it('agent server credentials – a client that does not offer h2 is refused in the handshake', async () => {
    const r = await handshake(['http/1.1']);
    expect(r.alpn).toBeUndefined();
    expect(r.error).toMatch(/no.application.protocol/i);
  });
});
