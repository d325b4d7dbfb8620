import { fingerprintPem, parseCertificate } from './pem.ts';

/** The fields of a certificate Outpost looks at. */
export interface CertificateInfo {
  subjectCommonName: string;
  issuerCommonName: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

/** Reads subject/issuer CN, serial, SHA-256 fingerprint and validity of a PEM certificate. */
export function certificateInfo(certPem: string, what = 'certificate'): CertificateInfo {
  const cert = parseCertificate(certPem, what);
  return {
    subjectCommonName: commonNameOf(cert.subjectName.getField('CN')),
    issuerCommonName: commonNameOf(cert.issuerName.getField('CN')),
    serial: cert.serialNumber.toLowerCase(),
    fingerprint: fingerprintPem(certPem),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** True when `certPem` was signed by the key of `caPem` and the issuer name matches. */
export async function isIssuedBy(certPem: string, caPem: string): Promise<boolean> {
  const cert = parseCertificate(certPem);
  const ca = parseCertificate(caPem, 'CA certificate');
  if (cert.issuer !== ca.subject) return false;
  return cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
}

function commonNameOf(values: string[]): string {
  return values[0] ?? '';
}
