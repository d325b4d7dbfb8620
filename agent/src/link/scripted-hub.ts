/**
 * Test-only: a scripted hub over real gRPC (plaintext on 127.0.0.1:0) and a link dialling it,
 * for the link's unit tests. The test's script decides what the hub answers to each agent
 * message. Servers and links are shut down when the test that started them finishes. Nothing
 * in the agent imports this file, so the bundle never contains it.
 */
import { Server, ServerCredentials, credentials as grpcCredentials } from '@grpc/grpc-js';
import type { ChannelCredentials, ServerDuplexStream } from '@grpc/grpc-js';
import { onTestFinished } from 'vitest';
import {
  PROTOCOL_VERSION,
  agentMessageFromWire,
  hubMessageToWire,
  loadWireContract,
  silentLogger,
} from '@outpost/shared';
import type { AgentMessage, HubMessage, LoadedMessage } from '@outpost/shared';
import { HubLink } from './hub-link.ts';
import type { LinkHost } from './link-host.ts';
import { noLinkMetrics } from './link-host.ts';

/** The hub's side of one Connect stream, as a script sees it. */
export interface ScriptedStream {
  /** 1 for the first stream the hub accepted, 2 for the next, ... */
  number: number;
  send(m: HubMessage): void;
  /** Ends the stream from the hub's side. */
  end(): void;
}

/** A running scripted hub. */
export interface ScriptedHub {
  /** `127.0.0.1:PORT`. */
  address: string;
  /** Every Hello received, over all streams. */
  hellos: AgentMessage[];
}

/**
 * Starts a gRPC server with the Connect method of the real wire contract; `script` is called
 * with every message an agent sends, decoded. Shut down at the end of the current test.
 */
export async function startScriptedHub(
  script: (m: AgentMessage, stream: ScriptedStream) => void,
): Promise<ScriptedHub> {
  const server = new Server();
  const hellos: AgentMessage[] = [];
  let streams = 0;
  server.addService(loadWireContract().hubService, {
    Connect: (call: ServerDuplexStream<LoadedMessage, LoadedMessage>) => {
      const stream: ScriptedStream = {
        number: ++streams,
        send: (m) => call.write(hubMessageToWire(m)),
        end: () => call.end(),
      };
      call.on('data', (raw: LoadedMessage) => {
        const m = agentMessageFromWire(raw);
        if (m.kind === 'hello') hellos.push(m);
        script(m, stream);
      });
      call.on('error', () => undefined);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  onTestFinished(() => server.forceShutdown());
  return { address: `127.0.0.1:${port}`, hellos };
}

/** A Welcome at the agent's protocol version offering `capabilities`, pings every 5 s. */
export function scriptedWelcome(capabilities: string[]): HubMessage {
  return {
    kind: 'welcome',
    welcome: {
      version: { ...PROTOCOL_VERSION },
      capabilities,
      hubId: 'scripted',
      pingIntervalMs: 5000,
      statusMinIntervalMs: 10,
      maxMessageBytes: 4 << 20,
    },
  };
}

/**
 * Runs a link of cluster `c1` against `address` (without TLS unless `tls` gives the channel
 * credentials and, optionally, the name to verify), reconnecting after 10–50 ms. Aborted at
 * the end of the current test.
 */
export function startScriptedLink(
  address: string,
  host: LinkHost,
  tls?: { channelCredentials: () => ChannelCredentials; tlsServerName?: string },
): HubLink {
  const link = new HubLink(
    {
      hub: address,
      cluster: 'c1',
      instanceId: 'i1',
      credentials: {
        channelCredentials: tls?.channelCredentials ?? (() => grpcCredentials.createInsecure()),
        metadata: () => ({}),
      },
      reconnectInitialMs: 10,
      reconnectMaxMs: 50,
      ...(tls?.tlsServerName ? { tlsServerName: tls.tlsServerName } : {}),
    },
    host,
    noLinkMetrics,
    silentLogger(),
  );
  const abort = new AbortController();
  void link.run(abort.signal).catch(() => undefined);
  onTestFinished(() => abort.abort());
  return link;
}

/** Polls `ok` every 10 ms for up to 5 s; throws naming `what` when it never holds. */
export async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}
