import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgClusterUnavailable, startPgCluster, type PgCluster } from './pg-cluster.js';
import { freePort, startServer, waitReady, type ServerProcess } from './server-process.js';
import { TEST_SECRET_KEY } from './test-keys.js';

/**
 * FINDINGS #1: PostgreSQL restarting under load killed the server process (a checked-out
 * pool client without an 'error' listener). On a cluster of its own, restarted three times
 * while ten clients write and read, the server must stay up, answer 503 problem+json while
 * the database is away (never 500, never hang) and 2xx again after, without a restart.
 */
const why = pgClusterUnavailable();
if (why) console.log(`[test] PostgreSQL restart test skipped: ${why}`);

const ADMIN = { email: 'restart@metamorph.test', password: 'Amber-Kettle-Voyage-61' };
const CLIENTS = 10;
const RESTARTS = 3;
const REQUEST_BOUND_MS = 20_000;

interface Outcome {
  status: number;
  contentType: string;
  title?: string;
  code?: string;
  body: string;
}

describe.skipIf(why !== undefined)('a PostgreSQL restart under load', () => {
  let cluster: PgCluster | undefined;
  let server: ServerProcess | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mm-restart-'));
  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the server up: 503 while the database is away, 2xx after, nothing lost', async () => {
    cluster = await startPgCluster(await freePort());
    const port = await freePort();
    server = startServer({
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: cluster.url,
      METAMORPH_SECRET_KEY: TEST_SECRET_KEY,
      METAMORPH_ADMIN_EMAIL: ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: ADMIN.password,
    });
    await waitReady(port, server);
    const base = `http://127.0.0.1:${port}`;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-requested-with': 'metamorph',
    };
    const call = async (method: string, url: string, body?: unknown): Promise<Outcome> => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_BOUND_MS),
      });
      const text = await res.text();
      const contentType = res.headers.get('content-type') ?? '';
      let parsed: { title?: string; code?: string; id?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // not JSON
      }
      return {
        status: res.status,
        contentType,
        title: parsed.title,
        code: parsed.code,
        body: text,
      };
    };
    const ok = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(300);
      const cookie = res.headers.get('set-cookie');
      if (cookie) headers.cookie = cookie.split(';')[0] ?? '';
      return JSON.parse(text) as Record<string, unknown>;
    };

    await ok('POST', '/api/auth/login', ADMIN);
    const client = await ok('POST', '/api/clients', { name: 'Restart client' });
    const mission = await ok('POST', '/api/missions', { name: 'Restart', client_id: client.id });
    const tpl = await ok('POST', '/api/library/tests', { name: 'Restart template' });
    const scenario = (await ok('POST', `/api/missions/${String(mission.id)}/scenarios`, {
      test_template_ids: [tpl.id],
      name: 'Day 1',
    })) as { tests: { id: string }[] };
    const testId = scenario.tests[0]?.id ?? '';
    const testUrl = `/api/missions/${String(mission.id)}/tests/${testId}`;
    const planUrl = `/api/missions/${String(mission.id)}/plan`;

    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    let acknowledged = 0;
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const r =
            i % 2 === 0
              ? await call('PUT', testUrl, { red_comment_md: `client ${n} write ${i}` })
              : await call('GET', planUrl);
          outcomes.push(r);
          if (r.status === 200 && i % 2 === 0) acknowledged++;
          if (r.status === 503) await new Promise((res) => setTimeout(res, 50));
        } catch (err) {
          // A refused connection means the server died; a timeout means a request hung.
          failures.push(`client ${n}: ${String(err)}`);
          if (server?.child.exitCode !== null) return;
        }
      }
    };
    const workers = Array.from({ length: CLIENTS }, (_, n) => worker(n));
    const cut = cluster;
    for (let r = 0; r < RESTARTS; r++) {
      await new Promise((res) => setTimeout(res, 1_500));
      await cut.restart(); // the clients keep going meanwhile
    }
    await new Promise((res) => setTimeout(res, 1_500));
    stop = true;
    await Promise.all(workers);

    expect(server.child.exitCode, server.output().slice(-3000)).toBeNull();
    expect(failures).toEqual([]);
    const unexpected = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
    expect(unexpected.map((o) => `${o.status} ${o.body.slice(0, 300)}`)).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of unavailable) {
      expect(o.contentType).toContain('application/problem+json');
      expect(o.code).toBe('database_unavailable');
      expect(o.title).toBe('Database unavailable');
    }
    expect(acknowledged).toBeGreaterThan(0);
    console.log(
      `[test] ${RESTARTS} restarts under ${CLIENTS} clients: ${outcomes.length} answers, ` +
        `${unavailable.length} × 503, ${acknowledged} writes acknowledged`,
    );

    // Recovered without a restart: a write and a read go through, readiness is back.
    const last = await ok('PUT', testUrl, { red_comment_md: 'after the restarts' });
    expect(last.red_comment_md).toBe('after the restarts');
    expect((await ok('GET', testUrl)).red_comment_md).toBe('after the restarts');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Nothing half-written: every acknowledged write is in the audit chain, which verifies.
    let audited = 0;
    let cursor: string | null = null;
    do {
      const q = `target_id=${testId}&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await ok('GET', `/api/audit?${q}`)) as {
        items: { action: string }[];
        next_cursor: string | null;
      };
      audited += page.items.filter((e) => e.action === 'test.updated').length;
      cursor = page.next_cursor;
    } while (cursor);
    expect(audited).toBeGreaterThanOrEqual(acknowledged + 1);
    const verify = await ok('GET', '/api/audit/verify');
    expect(verify.ok, JSON.stringify(verify)).toBe(true);
    // The log stays readable: no line carries a pg client's internals (FINDINGS #13).
    const long = server
      .output()
      .split('\n')
      .filter((l) => l.length > 4000);
    expect(long.map((l) => l.slice(0, 300))).toEqual([]);
  }, 180_000);
});
