/**
 * Throwaway TLS material for the connection-memory benchmark (`conn-memory.ts`): a CA, a
 * server certificate for `localhost`/127.0.0.1 and one client certificate, all ECDSA P-256 as
 * the hub PKI issues them, made with the `openssl` CLI in a temp dir that is removed again.
 * One client certificate serves every connection: the server still parses and keeps the peer
 * certificate per TLS session, which is the per-connection cost measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM texts of the benchmark's CA, server and client identities. */
export interface BenchCerts {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(dir: string, name: string, subject: string, ext: string): void {
  openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
  openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

/** Makes a CA, a `localhost` server certificate and a client certificate (CN `cluster-0`). */
export function makeBenchCerts(): BenchCerts {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-conn-certs-'));
  try {
    openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    openssl(dir, [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=conn-memory bench CA',
      '-days',
      '2',
      '-sha256',
      '-out',
      'ca.crt',
    ]);
    issue(
      dir,
      'server',
      '/CN=localhost',
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
    );
    issue(dir, 'client', '/CN=cluster-0', 'extendedKeyUsage=clientAuth\n');
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return {
      caPem: read('ca.crt'),
      serverCertPem: read('server.crt'),
      serverKeyPem: read('server.key'),
      clientCertPem: read('client.crt'),
      clientKeyPem: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
