/**
 * The agent's key pair and PKCS#10 certificate signing request (RFC 2986), made with Node's
 * own crypto. The request has one fixed shape — version 0, subject `CN=<cluster>`, an ECDSA
 * P-256 public key, no attributes, signed with ECDSA-SHA256 — so its DER is written here
 * directly rather than through an X.509 library: that library (with its ASN.1 schemas, its
 * dependency-injection container and WebCrypto) stayed in the agent's heap after enrolling,
 * about 6 MiB of a process that must stay small (docs/decisions/agent-footprint.md). The
 * hub reads the request with its X.509 library, as it does any other.
 */
import { generateKeyPair, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** A private key (PKCS#8 PEM) and the PKCS#10 CSR (PEM) made with it. */
export interface AgentKeyAndCsr {
  keyPem: string;
  csrPem: string;
}

const generateEcKeyPair = promisify(generateKeyPair);

/** DER tags used below. */
const Tag = {
  integer: 0x02,
  bitString: 0x03,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
} as const;

/** `2.5.4.3` commonName, as a DER OBJECT IDENTIFIER. */
const OID_COMMON_NAME = Uint8Array.of(0x06, 0x03, 0x55, 0x04, 0x03);
/** `1.2.840.10045.4.3.2` ecdsa-with-SHA256 (its AlgorithmIdentifier has no parameters). */
const OID_ECDSA_WITH_SHA256 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);
/** `INTEGER 0`, the request's version (v1). */
const VERSION_1 = Uint8Array.of(Tag.integer, 0x01, 0x00);
/** `[0] IMPLICIT SET OF Attribute`, empty: the request asks for no extensions. */
const NO_ATTRIBUTES = Uint8Array.of(0xa0, 0x00);

/** DER definite length: short form below 128, else long form with the fewest octets. */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** One DER TLV: tag, length, the concatenated contents. */
function derElement(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Uint8Array.of(tag), derLength(body.length), body]);
}

/** `Name ::= SEQUENCE OF SET OF AttributeTypeAndValue` with the single `CN=<commonName>`. */
function commonNameSubject(commonName: string): Buffer {
  const value = derElement(Tag.utf8String, Buffer.from(commonName, 'utf8'));
  return derElement(Tag.sequence, derElement(Tag.set, derElement(Tag.sequence, OID_COMMON_NAME, value)));
}

/** PEM armour with 64-character lines. */
function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER CSR for `commonName` and the key pair, signed with the private key. */
export function certificationRequestDer(
  commonName: string,
  publicKey: KeyObject,
  privateKey: KeyObject,
): Buffer {
  const info = derElement(
    Tag.sequence,
    VERSION_1,
    commonNameSubject(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    NO_ATTRIBUTES,
  );
  const signature = sign('sha256', info, { key: privateKey, dsaEncoding: 'der' });
  return derElement(
    Tag.sequence,
    info,
    derElement(Tag.sequence, OID_ECDSA_WITH_SHA256),
    // BIT STRING: a leading octet counting the unused bits (none), then the signature.
    derElement(Tag.bitString, Uint8Array.of(0), signature),
  );
}

/**
 * Generates a fresh ECDSA P-256 key pair and a CSR for it with subject `CN=<commonName>`.
 * The agent keeps the key; only the CSR leaves the spoke. The key is PKCS#8 PEM
 * (`PRIVATE KEY`), the form Node's `tls` reads.
 */
export async function createAgentKeyAndCsr(commonName: string): Promise<AgentKeyAndCsr> {
  const { publicKey, privateKey } = await generateEcKeyPair('ec', { namedCurve: 'P-256' });
  const csr = certificationRequestDer(commonName, publicKey, privateKey);
  return {
    keyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    csrPem: pem('CERTIFICATE REQUEST', csr),
  };
}
