import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Bytes that crossed the proxy, as seen on the wire (TLS records, HTTP/2 frames and all). */
export interface WireBytes {
  /** From the hub to the agents. */
  down: number;
  /** From the agents to the hub. */
  up: number;
}

/**
 * A TCP proxy in front of the hub that counts the bytes in each direction, so tests and
 * benchmarks can measure what really crosses the wire between agents and hub. It keeps
 * forwarding to the same target port when the hub behind it restarts.
 */
export class ByteCountingProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly counts: WireBytes = { down: 0, up: 0 };

  private constructor(server: Server) {
    this.server = server;
  }

  /** Listens on a free loopback port and forwards to `target` (`host:port`). */
  static async start(target: string): Promise<ByteCountingProxy> {
    const [host, port] = [
      target.slice(0, target.lastIndexOf(':')),
      Number(target.slice(target.lastIndexOf(':') + 1)),
    ];
    const server = createServer();
    const proxy = new ByteCountingProxy(server);
    server.on('connection', (client) => {
      const upstream = connect(port, host);
      proxy.sockets.add(client).add(upstream);
      client.on('data', (d) => (proxy.counts.up += d.length));
      upstream.on('data', (d) => (proxy.counts.down += d.length));
      client.pipe(upstream);
      upstream.pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
        proxy.sockets.delete(client);
        proxy.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The address agents dial. */
  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Bytes so far. */
  bytes(): WireBytes {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
