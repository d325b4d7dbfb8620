import { once } from 'node:events';
import type { DetailedPeerCertificate } from 'node:tls';
import tls from 'node:tls';
import { ErrorCodes, OutpostError, fingerprintDer, normalizeFingerprint, toPem } from '@outpost/shared';

/** Splits `host:port` (IPv6 in brackets). */
export function splitHubAddress(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim());
  if (!m) {
    throw new OutpostError(ErrorCodes.CONFIG_INVALID, `"${address}" is not a hub address`, {
      hint: 'write HOST:PORT',
    });
  }
  return { host: m[1]!, port: Number(m[2]) };
}

/**
 * Fetches the hub CA over TLS and accepts it only if its SHA-256 fingerprint equals the pinned
 * one from the join command, so a first connection cannot be intercepted: the hub sends its
 * serving certificate followed by the CA; whatever a man in the middle sends cannot match.
 * @throws OutpostError CA_FINGERPRINT_MISMATCH, HUB_UNREACHABLE
 */
export async function fetchPinnedCa(address: string, pin: string, timeoutMs = 10_000): Promise<string> {
  const want = normalizeFingerprint(pin);
  const { host, port } = splitHubAddress(address);
  const socket = tls.connect({
    host,
    port,
    servername: isIpLike(host) ? undefined : host,
    rejectUnauthorized: false,
    ALPNProtocols: ['h2'],
  });
  const timer = setTimeout(
    () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    await once(socket, 'secureConnect');
    const chain: DetailedPeerCertificate[] = [];
    let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
    while (c && c.raw && !chain.includes(c)) {
      chain.push(c);
      c = c.issuerCertificate;
    }
    const match = chain.find((x) => fingerprintDer(x.raw) === want);
    if (!match) {
      throw new OutpostError(
        ErrorCodes.CA_FINGERPRINT_MISMATCH,
        `the hub at ${address} did not present the CA pinned by the join command (${want})`,
        {
          hint: 'check the address; if the hub CA was replaced, get a new join command with `outpost cluster rotate-token`',
        },
      );
    }
    return toPem(match.raw, 'CERTIFICATE');
  } catch (e) {
    if (e instanceof OutpostError) throw e;
    throw new OutpostError(
      ErrorCodes.HUB_UNREACHABLE,
      `cannot reach the hub at ${address}: ${(e as Error).message}`,
      {
        cause: e,
        hint: 'check --hub and that the hub is running and reachable from this cluster',
      },
    );
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

function isIpLike(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
