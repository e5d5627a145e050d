import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundClient, type OutboundLimits, type OutboundRequest } from './client.js';

const LIMITS: OutboundLimits = {
  connectTimeoutMs: 2_000,
  idleTimeoutMs: 1_000,
  totalTimeoutMs: 3_000,
  maxBytes: 4096,
};

/** `request()`: a method, a body, and extra headers that never follow a redirect elsewhere. */
describe('outbound HTTP client: requests with headers and a body', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = req.url ?? '/';
        if (url === '/see-other') return res.writeHead(303, { location: '/echo' }).end();
        if (url === '/temporary') return res.writeHead(307, { location: '/echo' }).end();
        if (url === '/elsewhere') {
          return res.writeHead(307, { location: `http://other.test:${port}/echo` }).end();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            key: req.headers.key ?? null,
            body,
            host: req.headers.host,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = new OutboundClient({
    allowPrivate: () => Promise.resolve(true),
    resolve: (_hostname, _options, callback) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }]),
  });
  const echo = async (path: string, what: OutboundRequest) => {
    const res = await client.request(`http://127.0.0.1:${port}${path}`, what, LIMITS);
    let out = '';
    for await (const chunk of res.body) out += chunk.toString();
    return JSON.parse(out) as { method: string; key: string | null; body: string; host: string };
  };
  const post: OutboundRequest = {
    method: 'POST',
    headers: { KEY: 'secret' },
    body: { contentType: 'application/json', data: Buffer.from('{"a":1}') },
  };

  it('sends the method, headers and body', async () => {
    expect(await echo('/echo', post)).toMatchObject({
      method: 'POST',
      key: 'secret',
      body: '{"a":1}',
    });
    expect(await echo('/echo', { headers: { KEY: 'k' } })).toMatchObject({
      method: 'GET',
      key: 'k',
    });
  });

  it('a 303 becomes a GET without the body; a 307 keeps both (same origin keeps the key)', async () => {
    expect(await echo('/see-other', post)).toMatchObject({
      method: 'GET',
      key: 'secret',
      body: '',
    });
    expect(await echo('/temporary', post)).toMatchObject({
      method: 'POST',
      key: 'secret',
      body: '{"a":1}',
    });
  });

  it('drops the extra headers on a redirect to another origin', async () => {
    const res = await echo('/elsewhere', post);
    expect(res.host).toBe(`other.test:${port}`);
    expect(res.key).toBeNull();
  });
});
