/**
 * A minimal agent-side client for the hub's end-to-end tests: a real grpc-js client over
 * TLS, speaking the wire protocol through the shared codec, with a queue of received
 * messages and a byte counter.
 */
import * as grpc from '@grpc/grpc-js';
import {
  PROTOCOL_VERSION,
  ALL_CAPABILITIES,
  agentMessageToWire,
  hubMessageFromWire,
  loadWireContract,
} from '@outpost/shared';
import type { AgentMessage, Hello, HubMessage, LoadedMessage } from '@outpost/shared';

export interface TestClientOptions {
  address: string;
  caPem: string;
  /** Bearer token (token authentication). */
  token?: string;
  /** Client key and certificate (mTLS after enrollment). */
  keyPem?: string;
  certPem?: string;
}

export class HubTestClient {
  readonly received: HubMessage[] = [];
  bytesReceived = 0;
  ended = false;
  private readonly client: grpc.Client;
  private readonly call: grpc.ClientDuplexStream<LoadedMessage, LoadedMessage>;
  private waiters: (() => void)[] = [];
  private cursor = 0;

  constructor(options: TestClientOptions) {
    const contract = loadWireContract();
    const connect = contract.hubService.Connect!;
    const deserialize = (buf: Buffer) => {
      this.bytesReceived += buf.length;
      return connect.responseDeserialize(buf);
    };
    const Client = grpc.makeGenericClientConstructor(
      { Connect: { ...connect, responseDeserialize: deserialize } },
      'Hub',
    );
    const credentials =
      options.keyPem && options.certPem
        ? grpc.credentials.createSsl(
            Buffer.from(options.caPem),
            Buffer.from(options.keyPem),
            Buffer.from(options.certPem),
          )
        : grpc.credentials.createSsl(Buffer.from(options.caPem));
    this.client = new Client(options.address, credentials);
    const md = new grpc.Metadata();
    if (options.token) md.set('authorization', `Bearer ${options.token}`);
    this.call = (
      this.client as unknown as {
        Connect(md: grpc.Metadata): grpc.ClientDuplexStream<LoadedMessage, LoadedMessage>;
      }
    ).Connect(md);
    this.call.on('data', (raw: LoadedMessage) => {
      this.received.push(hubMessageFromWire(raw));
      this.wake();
    });
    this.call.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.call.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  static hello(cluster: string, overrides: Partial<Hello> = {}): AgentMessage {
    return {
      kind: 'hello',
      hello: {
        cluster,
        version: { ...PROTOCOL_VERSION },
        capabilities: [...ALL_CAPABILITIES],
        heldGeneration: 0,
        appliedGeneration: 0,
        agentVersion: 'test',
        kubernetesVersion: 'v1.32.0',
        instanceId: 'test-agent',
        ...overrides,
      },
    };
  }

  send(message: AgentMessage): void {
    this.call.write(agentMessageToWire(message));
  }

  /** The next message (of `kind`, skipping others) not yet consumed. */
  async next<K extends HubMessage['kind']>(
    kind?: K,
    timeoutMs = 5000,
  ): Promise<Extract<HubMessage, { kind: K }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const m = this.received[this.cursor++]!;
        if (!kind || m.kind === kind) return m as Extract<HubMessage, { kind: K }>;
      }
      if (this.ended) throw new Error(`stream ended while waiting for ${kind ?? 'a message'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${kind ?? 'a message'}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves when the hub ended the stream. */
  async closedByHub(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the hub did not end the stream');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Messages received so far that were not consumed by `next`. */
  pending(): HubMessage[] {
    return this.received.slice(this.cursor);
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
