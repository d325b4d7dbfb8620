import { isIP } from 'node:net';
import type { webcrypto } from 'node:crypto';
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import { fingerprintPem, parseCertificate, privateKeyFromPem, privateKeyToPem } from './pem.ts';
import { KEY_ALGORITHM, generateKeyPair, randomSerial, x509 } from './x509-provider.ts';

/** A certificate and its private key, both PEM. */
export interface KeyAndCertificate {
  certPem: string;
  keyPem: string;
}

/** What the hub records about a certificate it issued. */
export interface IssuedCertificate {
  certPem: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

const DAY_MS = 24 * 3600 * 1000;
/** Backdating absorbs small clock skew between hub and spoke. */
const BACKDATE_MS = 5 * 60 * 1000;

export interface CaOptions {
  /** Subject CN. Default `Outpost hub CA`. */
  commonName?: string;
  /** Validity in ms. Default 10 years. */
  validityMs?: number;
  /** Clock. Default `new Date()`. */
  now?: Date;
}

/** Creates a self-signed CA (ECDSA P-256, basicConstraints CA:true, keyCertSign). */
export async function createCertificateAuthority(options: CaOptions = {}): Promise<KeyAndCertificate> {
  const now = options.now ?? new Date();
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${escapeDn(options.commonName ?? 'Outpost hub CA')}`,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + (options.validityMs ?? 3650 * DAY_MS)),
    keys,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await privateKeyToPem(keys.privateKey) };
}

export interface ServingCertificateOptions {
  /** DNS names and IP addresses the certificate is valid for (e.g. `localhost`, `127.0.0.1`). */
  hosts: readonly string[];
  /** Validity in ms. Default 1 year. */
  validityMs?: number;
  now?: Date;
}

/** Issues the hub's TLS serving certificate from the CA, with a fresh key. */
export async function issueServingCertificate(
  ca: KeyAndCertificate,
  options: ServingCertificateOptions,
): Promise<KeyAndCertificate> {
  if (options.hosts.length === 0) throw new Error('issueServingCertificate: at least one host is required');
  const keys = await generateKeyPair();
  const names = options.hosts.map((h) =>
    isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h },
  );
  const cert = await sign(ca, {
    subject: `CN=${escapeDn(options.hosts[0]!)}`,
    publicKey: keys.publicKey,
    validityMs: options.validityMs ?? 365 * DAY_MS,
    now: options.now,
    extensions: [
      new x509.SubjectAlternativeNameExtension(names, false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  return { certPem: cert.certPem, keyPem: await privateKeyToPem(keys.privateKey) };
}

export interface ClientCertificateOptions {
  /** The identity: the cluster name, written as CN whatever the CSR asked for. */
  commonName: string;
  /** Validity in ms. */
  validityMs: number;
  now?: Date;
}

/**
 * Verifies a PKCS#10 CSR's self-signature and issues a client certificate (clientAuth) for its
 * public key. The CSR's own subject is ignored: the identity is the one the hub decides.
 * @throws OutpostError CSR_INVALID when the CSR is malformed or its signature does not verify.
 */
export async function signClientCsr(
  ca: KeyAndCertificate,
  csrPem: string,
  options: ClientCertificateOptions,
): Promise<IssuedCertificate> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (cause) {
    throw new OutpostError(ErrorCodes.CSR_INVALID, 'the certificate signing request is not a PKCS#10 PEM', {
      cause,
      location: { cluster: options.commonName },
    });
  }
  const valid = await csr.verify().catch(() => false);
  if (!valid) {
    throw new OutpostError(ErrorCodes.CSR_INVALID, 'the certificate signing request has a bad signature', {
      location: { cluster: options.commonName },
    });
  }
  return sign(ca, {
    subject: `CN=${escapeDn(options.commonName)}`,
    publicKey: csr.publicKey,
    validityMs: options.validityMs,
    now: options.now,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
}

interface SignRequest {
  subject: string;
  publicKey: x509.PublicKey | webcrypto.CryptoKey;
  validityMs: number;
  now: Date | undefined;
  extensions: x509.Extension[];
}

async function sign(ca: KeyAndCertificate, req: SignRequest): Promise<IssuedCertificate> {
  const caCert = parseCertificate(ca.certPem, 'hub CA certificate');
  const signingKey = await privateKeyFromPem(ca.keyPem, 'hub CA key');
  const now = req.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(Math.min(now.getTime() + req.validityMs, caCert.notAfter.getTime()));
  const serial = randomSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: req.subject,
    issuer: caCert.subject,
    notBefore,
    notAfter,
    publicKey: req.publicKey,
    signingKey,
    signingAlgorithm: KEY_ALGORITHM,
    extensions: [...req.extensions, await x509.AuthorityKeyIdentifierExtension.create(caCert, false)],
  });
  const certPem = cert.toString('pem') + '\n';
  return { certPem, serial, fingerprint: fingerprintPem(certPem), notBefore, notAfter };
}

/** Escapes the characters RFC 4514 reserves in a DN attribute value. */
function escapeDn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
