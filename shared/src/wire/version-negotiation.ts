import { ErrorCodes } from '../core/errors.ts';
import type { ProtocolVersion, Refusal } from './messages.ts';

/** The outcome of comparing the peer's protocol version with ours. */
export type Negotiation = { ok: true; version: ProtocolVersion } | { ok: false; refusal: Refusal };

/**
 * Decides whether a peer at `peer` can talk to us at `local`. Same major and at most one
 * minor apart interoperate, speaking the lower minor. Another major, or minors further
 * apart, are refused with `retryable: false`: reconnecting cannot help, an upgrade can.
 */
export function negotiateVersion(local: ProtocolVersion, peer: ProtocolVersion): Negotiation {
  const show = (v: ProtocolVersion) => `${v.major}.${v.minor}`;
  if (peer.major !== local.major) {
    return {
      ok: false,
      refusal: {
        code: ErrorCodes.PROTOCOL_VERSION_UNSUPPORTED,
        message: `protocol ${show(peer)} is not supported by this side (speaks ${show(local)}): major versions differ; upgrade the older side`,
        retryable: false,
      },
    };
  }
  if (Math.abs(peer.minor - local.minor) > 1) {
    return {
      ok: false,
      refusal: {
        code: ErrorCodes.PROTOCOL_VERSION_UNSUPPORTED,
        message: `protocol ${show(peer)} is more than one minor version from ${show(local)}; upgrade the older side`,
        retryable: false,
      },
    };
  }
  return { ok: true, version: { major: local.major, minor: Math.min(local.minor, peer.minor) } };
}
