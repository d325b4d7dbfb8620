import { createHash } from 'node:crypto';
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import { KEY_ALGORITHM, webcrypto, x509 } from './x509-provider.ts';

/** Wraps DER bytes in a PEM block with the given label (`CERTIFICATE`, `PRIVATE KEY`, ...). */
export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Reads the first PEM block with the given label.
 * @throws OutpostError PKI_INVALID when there is none; `what` names the input in the message.
 */
export function fromPem(pem: string, label: string, what = 'PEM input'): Uint8Array {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`);
  const m = re.exec(pem);
  if (!m) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `${what} holds no "${label}" PEM block`, {
      hint: `provide a PEM file with a -----BEGIN ${label}----- block`,
    });
  }
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Exports a private key as PKCS#8 PEM (`PRIVATE KEY`), the form Node's `tls` reads. */
export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  return toPem(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** Imports a PKCS#8 PEM ECDSA P-256 private key for signing. */
export async function privateKeyFromPem(pem: string, what = 'private key'): Promise<webcrypto.CryptoKey> {
  const der = fromPem(pem, 'PRIVATE KEY', what);
  try {
    return await webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, true, ['sign']);
  } catch (cause) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `${what} is not an ECDSA P-256 PKCS#8 key`, { cause });
  }
}

/** Parses a PEM certificate. @throws OutpostError PKI_INVALID naming `what`. */
export function parseCertificate(pem: string, what = 'certificate'): x509.X509Certificate {
  try {
    return new x509.X509Certificate(fromPem(pem, 'CERTIFICATE', what));
  } catch (cause) {
    if (cause instanceof OutpostError) throw cause;
    throw new OutpostError(ErrorCodes.PKI_INVALID, `${what} is not a valid X.509 certificate`, { cause });
  }
}

/**
 * SHA-256 fingerprint of DER bytes as `sha256:<lowercase hex>`, the form the join command pins.
 */
export function fingerprintDer(der: Uint8Array | ArrayBuffer): string {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** SHA-256 fingerprint of the first certificate in a PEM text. */
export function fingerprintPem(certPem: string): string {
  return fingerprintDer(fromPem(certPem, 'CERTIFICATE', 'certificate'));
}

/**
 * Brings any common fingerprint spelling (`sha256:ab..`, `AB:CD:..` as Node's
 * `fingerprint256`, plain hex) to `sha256:<lowercase hex>`.
 * @throws OutpostError PKI_INVALID when it is not 32 bytes of hex.
 */
export function normalizeFingerprint(text: string): string {
  const hex = text
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `"${text}" is not a SHA-256 fingerprint`, {
      hint: 'expected sha256:<64 hex digits>',
    });
  }
  return `sha256:${hex}`;
}

/** Splits a PEM bundle into its certificate blocks (each a full PEM text). */
export function splitCertificates(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
}
