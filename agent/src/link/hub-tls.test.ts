import { Client, Server, ServerCredentials, credentials as grpcCredentials } from '@grpc/grpc-js';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  agentMessageFromWire,
  createCertificateAuthority,
  hubMessageToWire,
  issueServingCertificate,
  loadWireContract,
  type KeyAndCertificate,
  type LoadedMessage,
} from '@outpost/shared';
import type { HubLink } from './hub-link.ts';
import { hubChannelCredentials } from './hub-tls.ts';
import type { LinkHost } from './link-host.ts';
import { scriptedWelcome, startScriptedLink, until } from './scripted-hub.ts';

let ca: KeyAndCertificate;
let forLoopback: KeyAndCertificate;
let forOtherIp: KeyAndCertificate;
beforeAll(async () => {
  ca = await createCertificateAuthority();
  forLoopback = await issueServingCertificate(ca, { hosts: ['127.0.0.1'] });
  forOtherIp = await issueServingCertificate(ca, { hosts: ['10.9.9.9', 'hub.example'] });
});

/** Every process warning emitted during the test. */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
process.on('warning', onWarning);
afterEach(() => {
  warnings.splice(0);
});
const dep0123 = () => warnings.filter((w) => (w as Error & { code?: string }).code === 'DEP0123');

/** A hub on 127.0.0.1 over TLS with `serving` as its certificate; it welcomes every Hello. */
async function startTlsHub(serving: KeyAndCertificate): Promise<string> {
  const server = new Server();
  server.addService(loadWireContract().hubService, {
    Connect: (call: ServerDuplexStream<LoadedMessage, LoadedMessage>) => {
      call.on('data', (raw: LoadedMessage) => {
        if (agentMessageFromWire(raw).kind === 'hello') call.write(hubMessageToWire(scriptedWelcome([])));
      });
      call.on('error', () => undefined);
    },
  });
  const credentials = ServerCredentials.createSsl(
    null,
    [{ private_key: Buffer.from(serving.keyPem), cert_chain: Buffer.from(serving.certPem) }],
    false,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  onTestFinished(() => server.forceShutdown());
  return `127.0.0.1:${port}`;
}

const idleHost: LinkHost = {
  generations: () => ({ held: 0, applied: 0 }),
  holds: () => false,
  accept: async () => undefined,
  clusterFacts: () => ({ kubernetesVersion: '', appliedGeneration: 0, leader: 'i1' }),
};

/** A link of cluster `c1` to `hub` over the hub TLS credentials; stopped at the end of the test. */
function startLink(hub: string, tlsServerName?: string): HubLink {
  return startScriptedLink(hub, idleHost, {
    channelCredentials: () => hubChannelCredentials({ caPem: ca.certPem }),
    tlsServerName,
  });
}

describe('hub TLS', () => {
  it('hub TLS – a link to a hub on 127.0.0.1 connects, verifying the IP SAN, and emits no DEP0123 warning (grpc-js’s own credentials do)', async () => {
    const hub = await startTlsHub(forLoopback);
    const link = startLink(hub);
    await until('the link is connected', () => link.status().state === 'connected');
    expect(link.status().hubId).toBe('scripted');
    await new Promise((r) => setImmediate(r));
    expect(dep0123()).toEqual([]);

    // the same hub dialled with grpc-js's credentials: the warning this file guards against
    const client = new Client(hub, grpcCredentials.createSsl(Buffer.from(ca.certPem)));
    onTestFinished(() => client.close());
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 5000, (err) => (err ? reject(err) : resolve())),
    );
    await until('the DEP0123 warning', () => dep0123().length > 0);
  });

  it('hub TLS – a hub on 127.0.0.1 whose certificate names another IP is refused', async () => {
    const hub = await startTlsHub(forOtherIp);
    const link = startLink(hub);
    await until('a refused handshake', () =>
      /127\.0\.0\.1 is not in the cert's list/.test(link.status().lastError),
    );
    expect(link.status().connects).toBe(0);
  });

  it('hub TLS – with a TLS server name the certificate is verified against that name instead', async () => {
    const hub = await startTlsHub(forOtherIp);
    const link = startLink(hub, 'hub.example');
    await until('the link is connected', () => link.status().state === 'connected');
    const refused = startLink(hub, 'other.example');
    await until('a refused handshake', () => /other\.example/.test(refused.status().lastError));
    expect(refused.status().connects).toBe(0);
  });

  it('hub TLS – a certificate from another CA is refused', async () => {
    const otherCa = await createCertificateAuthority({ commonName: 'another CA' });
    const hub = await startTlsHub(await issueServingCertificate(otherCa, { hosts: ['127.0.0.1'] }));
    const link = startLink(hub);
    await until('a refused handshake', () =>
      /self[- ]signed|unable to verify|issuer/i.test(link.status().lastError),
    );
    expect(link.status().connects).toBe(0);
  });

  it('hub TLS – a client key without its certificate is a programmer error', () => {
    expect(() => hubChannelCredentials({ caPem: ca.certPem, keyPem: 'k' })).toThrow(/needs its certificate/);
  });
});
