/**
 * TLS channel credentials for dialling the hub with grpc-js, which send no TLS ServerName
 * (SNI) when the hub is addressed by IP.
 *
 * grpc-js's own `credentials.createSsl` always passes the target's host to `tls.connect` as
 * `servername`, and offers no option to leave it out; for an IP address Node then warns
 * (DEP0123: RFC 6066 forbids IP literals in SNI) and sends it anyway. These credentials make
 * the same TLS connection themselves through grpc-js's `ChannelCredentials` extension point:
 * the ServerName is sent only when it is a DNS name, and the certificate is verified against
 * the name or IP dialled (or `grpc.ssl_target_name_override`), so an IP hub must present a
 * certificate with that IP in its SANs. See `docs/decisions/identity.md`.
 */
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import { CallCredentials, ChannelCredentials, experimental } from '@grpc/grpc-js';
import type { ChannelOptions } from '@grpc/grpc-js';

/** PEM material of a TLS client of the hub. */
export interface HubTlsMaterial {
  /** The CA that signed the hub's serving certificate. Default the system roots. */
  caPem?: string | Buffer;
  /** The client's key and certificate chain for mutual TLS; both or neither. */
  keyPem?: string | Buffer;
  certPem?: string | Buffer;
}

/**
 * Channel credentials that verify the hub's certificate against `material.caPem` and present
 * the client certificate if given. Throws a plain `Error` when only one of key and
 * certificate is given (a programmer error).
 */
export function hubChannelCredentials(material: HubTlsMaterial): ChannelCredentials {
  return new HubChannelCredentials(material);
}

/** The credentials behind {@link hubChannelCredentials}. */
export class HubChannelCredentials extends ChannelCredentials {
  readonly #context: tls.SecureContext;

  constructor(material: HubTlsMaterial) {
    super();
    if ((material.keyPem === undefined) !== (material.certPem === undefined)) {
      throw new Error('hubChannelCredentials: a client key needs its certificate, and the reverse');
    }
    this.#context = tls.createSecureContext({
      ...(material.caPem === undefined ? {} : { ca: material.caPem }),
      ...(material.keyPem === undefined ? {} : { key: material.keyPem, cert: material.certPem }),
    });
  }

  _isSecure(): boolean {
    return true;
  }

  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(
    channelTarget: experimental.GrpcUri,
    options: ChannelOptions,
    callCredentials?: CallCredentials,
  ): experimental.SecureConnector {
    const host = dialledHost(channelTarget, options);
    const override = options['grpc.ssl_target_name_override'];
    const name = typeof override === 'string' && override !== '' ? override : host;
    return new HubTlsConnector(
      {
        secureContext: this.#context,
        host,
        ...(isIP(name) ? {} : { servername: name }),
        ALPNProtocols: ['h2'],
        checkServerIdentity: (_sent, cert) => tls.checkServerIdentity(name, cert),
      },
      callCredentials ?? CallCredentials.createEmpty(),
    );
  }
}

/** Wraps each TCP connection grpc-js opens to the hub in TLS. */
class HubTlsConnector implements experimental.SecureConnector {
  readonly #options: tls.ConnectionOptions;
  readonly #callCredentials: CallCredentials;

  constructor(options: tls.ConnectionOptions, callCredentials: CallCredentials) {
    this.#options = options;
    this.#callCredentials = callCredentials;
  }

  connect(socket: Socket): Promise<experimental.SecureConnectResult> {
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ ...this.#options, socket }, () => {
        if (!secure.authorized) reject(secure.authorizationError);
        else resolve({ socket: secure, secure: true });
      });
      secure.on('error', reject);
    });
  }

  waitForReady(): Promise<void> {
    return Promise.resolve();
  }

  getCallCredentials(): CallCredentials {
    return this.#callCredentials;
  }

  destroy(): void {}
}

/**
 * The host grpc-js connects to, as it computes it for TLS: the channel target's, or behind an
 * HTTP CONNECT proxy the real target's (`grpc.http_connect_target`, `scheme:[//authority/]path`).
 */
function dialledHost(target: experimental.GrpcUri, options: ChannelOptions): string {
  const proxied = options['grpc.http_connect_target'];
  let scheme = target.scheme;
  let path = target.path;
  if (typeof proxied === 'string') {
    const m = /^(?:([A-Za-z0-9+.-]+):)?(?:\/\/[^/]*\/)?(.+)$/.exec(proxied);
    if (m) {
      scheme = m[1];
      path = m[2]!;
    }
  }
  if (scheme === 'unix' || scheme === 'unix-abstract') return 'localhost';
  if (scheme === 'ipv4' || scheme === 'ipv6') path = path.split(',')[0]!;
  return experimental.splitHostPort(path)?.host ?? path;
}
