import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { FakeClock } from '../../../platform/clock.js';
import { FixedWindowLimiter } from '../../../platform/http/rate-limit.js';

describe('GET /api/auth/oidc/start is rate limited per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { OIDC_START_MAX_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  const start = (ip: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/oidc/start', remoteAddress: ip });

  it('answers the login page with rate_limited past the limit, for that address only, until the minute is over', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await start('198.51.100.7');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/login?sso_error=not_configured');
    }
    const over = await start('198.51.100.7');
    expect(over.statusCode).toBe(302);
    expect(over.headers.location).toBe('/login?sso_error=rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await start('198.51.100.8')).headers.location).toBe('/login?sso_error=not_configured');
    t.clock.advance(60_000);
    expect((await start('198.51.100.7')).headers.location).toBe('/login?sso_error=not_configured');
  });
});

describe('FixedWindowLimiter', () => {
  it('counts per key and window, tells the wait, and keeps at most maxKeys keys', () => {
    const clock = new FakeClock('2026-01-01T00:00:00.000Z');
    const limiter = new FixedWindowLimiter(2, 60_000, clock, 3);
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 60 });
    clock.advance(30_000);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 30 });
    for (const k of ['b', 'c', 'd', 'e']) limiter.take(k);
    // 'a' was the oldest window and went when the map passed three keys: it starts afresh.
    expect(limiter.take('a')).toEqual({ ok: true });
  });
});
