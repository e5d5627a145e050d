import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalReason } from './address-policy.js';
import { OutboundClient, type OutboundLimits } from './client.js';
import { OutboundError, type ResolveAll } from './guard.js';

const LIMITS: OutboundLimits = {
  connectTimeoutMs: 2_000,
  idleTimeoutMs: 1_000,
  totalTimeoutMs: 3_000,
  maxBytes: 1024,
};

async function text(client: OutboundClient, url: string): Promise<string> {
  const res = await client.get(url, LIMITS);
  let out = '';
  for await (const chunk of res.body) out += chunk.toString();
  return out;
}

async function refusal(p: Promise<unknown>): Promise<OutboundError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundError);
  return err as OutboundError;
}

/** Resolves every name to 127.0.0.1 (a name pointing at a private address), counting calls. */
function fakeResolver(calls: string[]): ResolveAll {
  return (hostname, _options, callback) => {
    calls.push(hostname);
    callback(null, [{ address: '127.0.0.1', family: 4 }]);
  };
}

describe('outbound HTTP client', () => {
  let server: Server;
  let base: string;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/ok') res.end('hello');
      else if (url === '/big') res.end('x'.repeat(4096));
      else if (url === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      else if (url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else if (url === '/to-other-loopback') {
        res.writeHead(307, { location: `http://127.0.0.2:${port}/ok` }).end();
      } else if (url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (url === '/hop') res.writeHead(301, { location: '/ok' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (
    allow: boolean,
    more: Partial<ConstructorParameters<typeof OutboundClient>[0]> = {},
  ) => new OutboundClient({ allowPrivate: () => Promise.resolve(allow), ...more });

  it('refuses the local stub (127.0.0.1) by default and reaches it with the override', async () => {
    const err = await refusal(client(false).get(`${base}/ok`, LIMITS));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(err.message).toMatch(/outbound\.allow_private_targets/);
    expect(await text(client(true), `${base}/ok`)).toBe('hello');
  });

  it('checks a name at connect time against the address it resolves to (DNS rebinding)', async () => {
    const calls: string[] = [];
    const named = `http://mirror.example.test:${port}/ok`;
    const err = await refusal(client(false, { resolve: fakeResolver(calls) }).get(named, LIMITS));
    expect(err.message).toMatch(/mirror\.example\.test resolves to 127\.0\.0\.1 is a loopback/);
    // The resolver ran for the socket itself: no earlier lookup whose answer could change.
    expect(calls).toEqual(['mirror.example.test']);
    expect(await text(client(true, { resolve: fakeResolver([]) }), named)).toBe('hello');
  });

  it('re-checks every redirect target, even with private targets allowed', async () => {
    expect(await text(client(true), `${base}/hop`)).toBe('hello');
    const file = await refusal(client(true).get(`${base}/to-file`, LIMITS));
    expect(file.message).toMatch(
      /file:\/\/\/etc\/passwd refused \(redirect\): file URLs are refused/,
    );
    // A public-only policy that trusts exactly 127.0.0.1 (the stub) shows the redirect check.
    const narrowed = {
      refusal: (ip: string) => (ip === '127.0.0.1' ? null : refusalReason(ip)),
    };
    expect(await text(client(false, narrowed), `${base}/ok`)).toBe('hello');
    const meta = await refusal(client(false, narrowed).get(`${base}/to-metadata`, LIMITS));
    expect(meta.message).toMatch(/169\.254\.169\.254 is a link-local address/);
    const other = await refusal(client(false, narrowed).get(`${base}/to-other-loopback`, LIMITS));
    expect(other.message).toMatch(/127\.0\.0\.2 is a loopback address/);
  });

  it('caps redirects', async () => {
    const err = await refusal(client(true).get(`${base}/loop`, { ...LIMITS, maxRedirects: 3 }));
    expect(err.message).toMatch(/too many redirects/);
  });

  it('caps the body size', async () => {
    const err = await refusal(text(client(true), `${base}/big`));
    expect(err.kind).toBe('too_large');
    expect(err.message).toMatch(/over the limit of 1024/);
  });
});
