import { HealthResponse } from '@metamorph/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, ContractError, NetworkError, apiGet, apiSend, apiUpload } from './client';

function stubFetch(response: Response | Error) {
  const fn = vi.fn<typeof fetch>(() =>
    response instanceof Error ? Promise.reject(response) : Promise.resolve(response),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

function json(status: number, body: unknown, type = 'application/json', headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': type, ...headers },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiGet', () => {
  it('parses a successful answer with the schema and sends the guard header', async () => {
    const fetchMock = stubFetch(json(200, { status: 'ok', version: '0.1.0', uptime_s: 1.5 }));
    await expect(apiGet('/healthz', HealthResponse)).resolves.toEqual({
      status: 'ok',
      version: '0.1.0',
      uptime_s: 1.5,
    });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('X-Requested-With')).toBe('metamorph');
  });

  it('throws a ContractError when the answer does not match', async () => {
    stubFetch(
      json(200, { status: 'ok', version: 1 }, 'application/json', { 'X-Request-Id': 'r1' }),
    );
    const error = await apiGet('/healthz', HealthResponse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).issues.map((i) => i.path.join('.'))).toEqual([
      'version',
      'uptime_s',
    ]);
    expect((error as ContractError).requestId).toBe('r1');
  });

  it('throws a ContractError when a success is not JSON (e.g. the SPA fallback)', async () => {
    stubFetch(new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }));
    await expect(apiGet('/api/missing', HealthResponse)).rejects.toBeInstanceOf(ContractError);
  });

  it('turns problem+json into an ApiError carrying the body', async () => {
    const problem = {
      type: 'https://metamorph.dev/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      code: 'validation_failed',
      detail: 'name is required',
      requestId: 'req-1',
      errors: [{ path: 'name', message: 'Required' }],
    };
    stubFetch(json(422, problem, 'application/problem+json; charset=utf-8'));
    const error = await apiGet('/api/x', z.object({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.problem).toBe(true);
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe('validation_failed');
    expect(apiError.requestId).toBe('req-1');
    expect(apiError.errors).toEqual([{ path: 'name', message: 'Required' }]);
  });

  it('falls back gracefully on a non-problem error (proxy 502 HTML)', async () => {
    stubFetch(
      new Response('<html>Bad Gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'edge-9' },
      }),
    );
    const error = (await apiGet('/healthz', HealthResponse).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.problem).toBe(false);
    expect(error.status).toBe(502);
    expect(error.code).toBe('internal_error');
    expect(error.requestId).toBe('edge-9');
    expect(error.detail).toContain('502 Bad Gateway');
  });

  it('wraps a failed fetch in a NetworkError', async () => {
    stubFetch(new TypeError('fetch failed'));
    await expect(apiGet('/healthz', HealthResponse)).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('apiSend', () => {
  it('sends a JSON body and accepts 204 with a void schema', async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await expect(
      apiSend('PATCH', '/api/x', { a: 1 }, z.undefined(), { headers: { 'If-Match': '"3"' } }),
    ).resolves.toBeUndefined();
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.method).toBe('PATCH');
    expect(init?.body).toBe('{"a":1}');
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('If-Match')).toBe('"3"');
  });
});

describe('apiUpload', () => {
  it('posts the form as is (the browser sets the boundary) with the guard header', async () => {
    const fetchMock = stubFetch(json(202, { ok: true }));
    const form = new FormData();
    form.append('file', new Blob(['{}'], { type: 'application/json' }), 'bundle.json');
    await expect(apiUpload('/api/upload', form, z.object({ ok: z.boolean() }))).resolves.toEqual({
      ok: true,
    });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(form);
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBeNull();
    expect(headers.get('X-Requested-With')).toBe('metamorph');
  });

  it('parses a problem+json refusal into an ApiError', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Payload too large',
      status: 413,
      code: 'payload_too_large',
      detail: 'The bundle is larger than 200 MB.',
      requestId: 'r-413',
    };
    stubFetch(json(413, problem, 'application/problem+json'));
    const error = (await apiUpload('/api/upload', new FormData(), z.object({})).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.detail).toBe('The bundle is larger than 200 MB.');
  });
});
