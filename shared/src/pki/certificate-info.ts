import { X509Certificate } from 'node:crypto';
import { ErrorCodes, OutpostError } from '../core/errors.ts';
import { fingerprintPem } from './pem.ts';

/** The fields of a certificate Outpost looks at. */
export interface CertificateInfo {
  subjectCommonName: string;
  issuerCommonName: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Reads subject/issuer CN, serial, SHA-256 fingerprint and validity of a PEM certificate.
 * Node's own X.509 parser: reading a certificate (the agent does, to plan its renewal)
 * needs no ASN.1 library in memory.
 * @throws OutpostError PKI_INVALID naming `what`.
 */
export function certificateInfo(certPem: string, what = 'certificate'): CertificateInfo {
  const cert = nodeCertificate(certPem, what);
  return {
    subjectCommonName: commonNameOf(cert.subject),
    issuerCommonName: commonNameOf(cert.issuer),
    serial: cert.serialNumber.toLowerCase(),
    fingerprint: fingerprintPem(certPem),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/** True when `certPem` was signed by the key of `caPem` and the issuer name matches. */
export async function isIssuedBy(certPem: string, caPem: string): Promise<boolean> {
  const cert = nodeCertificate(certPem, 'certificate');
  const ca = nodeCertificate(caPem, 'CA certificate');
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

function nodeCertificate(pem: string, what: string): X509Certificate {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `${what} holds no "CERTIFICATE" PEM block`, {
      hint: 'provide a PEM file with a -----BEGIN CERTIFICATE----- block',
    });
  }
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new OutpostError(ErrorCodes.PKI_INVALID, `${what} is not a valid X.509 certificate`, { cause });
  }
}

/** The first `CN=` of a distinguished name as Node prints it (one `key=value` per line). */
function commonNameOf(dn: string): string {
  const line = dn.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : '';
}
