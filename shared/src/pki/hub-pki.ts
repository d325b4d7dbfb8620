import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import type { Logger } from '../log/logger.ts';
import type { KeyAndCertificate } from './certificate-authority.ts';
import { createCertificateAuthority, issueServingCertificate } from './certificate-authority.ts';
import { certificateInfo, isIssuedBy } from './certificate-info.ts';
import { fingerprintPem, parseCertificate } from './pem.ts';

/** The hub's TLS material: its CA (signs agent certificates) and its serving certificate. */
export interface HubPki {
  ca: KeyAndCertificate;
  server: KeyAndCertificate;
  /** `sha256:<hex>` of the CA certificate; the join command pins it. */
  caFingerprint: string;
  /** Files written on this call (empty when everything was already there). */
  created: string[];
}

export interface HubPkiOptions {
  /** Names and IPs the serving certificate covers. Default `localhost`, `127.0.0.1`, `::1`, the host name. */
  hosts?: readonly string[];
  /** Operator-provided CA (both PEM files); used instead of creating one. */
  caCertFile?: string;
  caKeyFile?: string;
  /** Operator-provided serving certificate (both PEM files); used instead of issuing one. */
  serverCertFile?: string;
  serverKeyFile?: string;
  logger?: Logger;
  now?: Date;
}

/** Where the files live under the data dir. */
export const HubPkiFiles = {
  dir: 'pki',
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
} as const;

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/**
 * Loads the hub PKI from `DATA/pki/`, creating what is missing on first start: a CA (10 years)
 * and a serving certificate (1 year) for `hosts`. A serving certificate that no longer covers
 * `hosts`, expires within 30 days, or was not issued by the CA is reissued. Operator-provided
 * files take precedence and are never rewritten. Keys are written with mode 0600.
 * @throws OutpostError PKI_INVALID when provided files are unreadable or do not match.
 */
export async function loadOrCreateHubPki(dataDir: string, options: HubPkiOptions = {}): Promise<HubPki> {
  const dir = join(dataDir, HubPkiFiles.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const hosts = options.hosts ?? defaultHosts();
  const now = options.now ?? new Date();

  let ca: KeyAndCertificate;
  if (options.caCertFile || options.caKeyFile) {
    if (!options.caCertFile || !options.caKeyFile) {
      throw new OutpostError(
        ErrorCodes.PKI_INVALID,
        'a provided CA needs both its certificate and its key file',
      );
    }
    ca = { certPem: await readPem(options.caCertFile), keyPem: await readPem(options.caKeyFile) };
  } else {
    const certPath = join(dir, HubPkiFiles.caCert);
    const keyPath = join(dir, HubPkiFiles.caKey);
    const existing = await readPair(certPath, keyPath);
    if (existing) {
      ca = existing;
    } else {
      ca = await createCertificateAuthority({ now });
      await writeSecret(keyPath, ca.keyPem);
      await writePublic(certPath, ca.certPem);
      created.push(certPath, keyPath);
    }
  }
  parseCertificate(ca.certPem, 'hub CA certificate');

  let server: KeyAndCertificate;
  if (options.serverCertFile || options.serverKeyFile) {
    if (!options.serverCertFile || !options.serverKeyFile) {
      throw new OutpostError(
        ErrorCodes.PKI_INVALID,
        'a provided serving certificate needs both its certificate and its key file',
      );
    }
    server = { certPem: await readPem(options.serverCertFile), keyPem: await readPem(options.serverKeyFile) };
  } else {
    const certPath = join(dir, HubPkiFiles.serverCert);
    const keyPath = join(dir, HubPkiFiles.serverKey);
    const existing = await readPair(certPath, keyPath);
    if (existing && (await servingCertIsUsable(existing.certPem, ca.certPem, hosts, now))) {
      server = existing;
    } else {
      server = await issueServingCertificate(ca, { hosts, now });
      await writeSecret(keyPath, server.keyPem);
      await writePublic(certPath, server.certPem);
      created.push(certPath, keyPath);
    }
  }
  if (created.length > 0) options.logger?.info({ files: created }, 'created hub PKI files');
  return { ca, server, caFingerprint: fingerprintPem(ca.certPem), created };
}

function defaultHosts(): string[] {
  return [...new Set(['localhost', '127.0.0.1', '::1', hostname()])];
}

async function servingCertIsUsable(
  certPem: string,
  caPem: string,
  hosts: readonly string[],
  now: Date,
): Promise<boolean> {
  const info = certificateInfo(certPem, 'hub serving certificate');
  if (info.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  if (!(await isIssuedBy(certPem, caPem))) return false;
  const san = parseCertificate(certPem).getExtension('2.5.29.17');
  const text = san ? JSON.stringify(san) : '';
  return hosts.every((h) => text.includes(`"${h}"`));
}

async function readPair(certPath: string, keyPath: string): Promise<KeyAndCertificate | undefined> {
  const [certPem, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function readPem(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `cannot read ${path}`, {
      cause,
      location: { file: path },
    });
  }
}

/** Write-and-rename so a crash never leaves a half-written key. */
async function writeSecret(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

async function writePublic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode: 0o644 });
  await rename(`${path}.tmp`, path);
}
