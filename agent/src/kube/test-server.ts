/**
 * Test-only: a plain HTTP server on 127.0.0.1:0 for the kube client's unit tests, closed
 * (with every open connection) when the test that started it finishes. Nothing in the agent
 * imports this file, so the bundle never contains it.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** How many TCP connections clients have opened so far. */
  connections(): number;
}

/** Starts a server answering every request with `handler`. */
export async function startTestServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  let connections = 0;
  const server = createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
  };
}
