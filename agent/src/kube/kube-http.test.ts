import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bearerAuth } from './cluster-endpoint.ts';
import { KubeApiError } from './kube-api-error.ts';
import { KubeHttp } from './kube-http.ts';
import { startTestServer } from './test-server.ts';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<KubeHttp> {
  const server = await startTestServer(handler);
  const http = new KubeHttp({
    server: `${server.url}/clusters/c1/`,
    tls: {},
    auth: bearerAuth('tok'),
    source: 'test',
  });
  onTestFinished(() => http.close());
  return http;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KubeHttp', () => {
  it('kube http – a call keeps the server URL prefix and sends auth, content type and length', async () => {
    let seen: IncomingMessage | undefined;
    let body = '';
    const http = await serve((req, res) => {
      seen = req;
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}'));
    });
    const res = await http.request(
      'PATCH',
      '/api/v1/namespaces/x/configmaps/y?fieldManager=outpost',
      '{"a":"é"}',
      'application/apply-patch+yaml',
    );
    expect(res).toEqual({ status: 201, text: '{"ok":true}', retryAfter: undefined });
    expect(seen?.method).toBe('PATCH');
    expect(seen?.url).toBe('/clusters/c1/api/v1/namespaces/x/configmaps/y?fieldManager=outpost');
    expect(seen?.headers.authorization).toBe('Bearer tok');
    expect(seen?.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(seen?.headers['user-agent']).toMatch(/^outpost-agent\//);
    expect(body).toBe('{"a":"é"}');
  });

  it('kube http – an error status is returned with its Retry-After, a refused connection rejects', async () => {
    const http = await serve((_req, res) => res.writeHead(429, { 'Retry-After': '2' }).end('slow down'));
    expect(await http.request('GET', '/api')).toEqual({ status: 429, text: 'slow down', retryAfter: '2' });
    const nowhere = new KubeHttp({
      server: 'http://127.0.0.1:1',
      tls: {},
      auth: bearerAuth('t'),
      source: 'x',
    });
    await expect(nowhere.request('GET', '/version')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('kube http – a stream delivers whole lines even when chunks split them, then ends with the server', async () => {
    const http = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{"n":1}}\n{"type":"MOD');
      await sleep(20);
      res.write('IFIED","object":{"n":2}}\n\n');
      await sleep(20);
      res.end('{"type":"DELETED","object":{"n":3}}');
    });
    const lines: string[] = [];
    await http.stream(
      '/api/v1/pods?watch=true',
      (l) => lines.push(l),
      new AbortController().signal,
      5_000,
      'watch Pod',
    );
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual([
      'ADDED',
      'MODIFIED',
      'DELETED',
    ]);
  });

  it('kube http – a stream answered with an error status rejects with the Status message', async () => {
    const http = await serve((_req, res) =>
      res
        .writeHead(410, { 'Content-Type': 'application/json' })
        .end(
          JSON.stringify({ kind: 'Status', reason: 'Expired', message: 'too old resource version: 1 (5)' }),
        ),
    );
    const err = await http
      .stream('/api/v1/pods?watch=true', () => undefined, new AbortController().signal, 5_000, 'watch Pod')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({
      status: 410,
      reason: 'Expired',
      message: 'watch Pod: too old resource version: 1 (5)',
    });
  });

  it('kube http – aborting, or a stream quiet for longer than the idle timeout, ends it without an error', async () => {
    const http = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"type":"ADDED","object":{}}\n');
    });
    const lines: string[] = [];
    const started = Date.now();
    await http.stream('/w', (l) => lines.push(l), new AbortController().signal, 150, 'watch');
    expect(lines).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const abort = new AbortController();
    const done = http.stream('/w', () => abort.abort(), abort.signal, 60_000, 'watch');
    await expect(done).resolves.toBeUndefined();
  });
});
