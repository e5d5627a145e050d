import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { SAMPLES } from '../src/modules/evidence/test-evidence.js';
import { prepareCliDatabase } from './cli-run.js';
import { startLocalS3, type LocalS3 } from './s3-server.js';
import { freePort, startServer, waitReady, type ServerProcess } from './server-process.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const ADMIN = { email: 'root@metamorph.test', password: 'Correct-Horse-Battery-9' };
const JSON_HEADERS = { 'content-type': 'application/json', 'x-requested-with': 'metamorph' };

interface Node {
  proc: ServerProcess;
  base: string;
}

describe('two server processes on one PostgreSQL with S3 evidence', () => {
  let target: Awaited<ReturnType<typeof prepareCliDatabase>> | undefined;
  let s3: LocalS3 | undefined;
  let db: Database | undefined;
  const nodes: Node[] = [];
  const dirs: string[] = [];

  const start = async (workers: number): Promise<Node> => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-two-'));
    dirs.push(dir);
    const port = await freePort();
    const proc = startServer({
      ...target?.env,
      ...s3?.env,
      DATA_DIR: dir,
      PORT: String(port),
      METAMORPH_TEST_MODE: '1',
      METAMORPH_ADMIN_EMAIL: ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: ADMIN.password,
      JOB_WORKERS: String(workers),
      JOB_LEASE_SECONDS: '2',
    });
    await waitReady(port, proc);
    const node = { proc, base: `http://127.0.0.1:${port}` };
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    if (!onPostgres) {
      console.log(
        '[two-processes] skipped: two OS processes need PostgreSQL (PGlite is single-process)',
      );
      return;
    }
    target = await prepareCliDatabase();
    s3 = await startLocalS3();
    db = await openDatabase({ kind: 'postgres', url: target.env.DATABASE_URL ?? '', poolMax: 1 });
  });
  afterAll(async () => {
    for (const n of nodes) if (n.proc.child.exitCode === null) n.proc.child.kill('SIGKILL');
    await db?.close();
    await s3?.close();
    await target?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.skipIf(!onPostgres)(
    'signs in on one, writes on the other, streams live across, shares evidence; jobs move between them',
    async () => {
      const a = await start(0);
      const b = await start(1);
      const headers: Record<string, string> = { ...JSON_HEADERS };
      const call = async (node: Node, method: string, url: string, body?: unknown) => {
        const res = await fetch(`${node.base}${url}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, `${method} ${url} on ${node.base}: ${text}`).toBeLessThan(300);
        const cookie = res.headers.get('set-cookie');
        if (cookie) headers.cookie = cookie.split(';')[0] ?? '';
        return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      };

      // Signed in on A; the session works on B (it lives in the database).
      await call(a, 'POST', '/api/auth/login', ADMIN);
      const client = await call(b, 'POST', '/api/clients', { name: 'Two processes' });
      const mission = await call(b, 'POST', '/api/missions', { name: 'Two', client_id: client.id });
      const tpl = await call(b, 'POST', '/api/library/tests', { name: 'Two-process template' });
      const missionUrl = `/api/missions/${String(mission.id)}`;
      const scenario = (await call(b, 'POST', `${missionUrl}/scenarios`, {
        test_template_ids: [tpl.id],
      })) as { tests: { id: string }[] };
      const testId = scenario.tests[0]?.id ?? '';

      // A stream on A sees a write made through B (LISTEN/NOTIFY across processes).
      const stream = await fetch(`${a.base}${missionUrl}/events`, {
        headers: { cookie: headers.cookie ?? '', accept: 'text/event-stream' },
      });
      expect(stream.status).toBe(200);
      const reader = stream.body?.getReader();
      let seen = '';
      const until = async (needle: string) => {
        const deadline = Date.now() + 20_000;
        while (!seen.includes(needle)) {
          if (Date.now() > deadline) throw new Error(`no ${needle} on A's stream:\n${seen}`);
          const chunk = await reader?.read();
          if (!chunk || chunk.done) throw new Error('the stream ended');
          seen += new TextDecoder().decode(chunk.value);
        }
      };
      await until('event: ready');
      await call(b, 'PUT', `${missionUrl}/tests/${testId}`, { red_comment_md: 'written on B' });
      await until(testId);
      expect(seen).toContain('test.changed');
      await reader?.cancel();

      // Evidence uploaded through B is served by A (one bucket).
      const form = new FormData();
      form.append('file', new Blob([SAMPLES.png]), 'shared.png');
      const up = await fetch(`${b.base}${missionUrl}/tests/${testId}/evidence`, {
        method: 'POST',
        headers: { cookie: headers.cookie ?? '', 'x-requested-with': 'metamorph' },
        body: form,
      });
      expect(up.status, await up.clone().text()).toBe(201);
      const evidence = (await up.json()) as { id: string };
      const back = await fetch(`${a.base}/api/evidence/${evidence.id}/content?inline=1`, {
        headers: { cookie: headers.cookie ?? '' },
      });
      expect(Buffer.from(await back.arrayBuffer()).equals(SAMPLES.png)).toBe(true);

      // A job enqueued on A (no workers) is claimed and run by B.
      const job1 = (await call(a, 'POST', '/api/jobs/demo', { steps: 20, step_ms: 100 })) as {
        job: { id: string };
      };
      const lockedBy = async (id: string) =>
        (
          await db?.query<{ locked_by: string | null; status: string; attempts: number }>(
            'select locked_by, status, attempts from jobs where id = $1',
            [id],
          )
        )?.[0];
      const settled = async (id: string, ms: number) => {
        const deadline = Date.now() + ms;
        for (;;) {
          const row = await lockedBy(id);
          if (row && (row.status === 'succeeded' || row.status === 'failed')) return row;
          if (Date.now() > deadline) throw new Error(`job ${id} still ${row?.status}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      /** The worker id (host:pid:…) holding the job while it runs; cleared once it ends. */
      const claimedBy = async (id: string, notPid?: number) => {
        const until = Date.now() + 30_000;
        while (Date.now() < until) {
          const row = await lockedBy(id);
          if (row?.status === 'running' && row.locked_by && !row.locked_by.includes(`:${notPid}:`))
            return row.locked_by;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`job ${id} was not claimed`);
      };
      expect(await claimedBy(job1.job.id)).toContain(`:${b.proc.child.pid}:`);
      expect(await settled(job1.job.id, 30_000)).toMatchObject({ status: 'succeeded' });

      // With workers on both, the process running a job is killed mid-job: the other finishes it.
      a.proc.child.kill('SIGTERM');
      expect(await a.proc.exit).toBe(0);
      const c = await start(1);
      const job2 = (await call(c, 'POST', '/api/jobs/demo', {
        steps: 40,
        step_ms: 100,
        attempts: 2,
      })) as { job: { id: string } };
      const first = await claimedBy(job2.job.id);
      const runner = [b, c].find((n) => first.includes(`:${n.proc.child.pid}:`));
      if (!runner) throw new Error(`claimed by neither process: ${first}`);
      const survivor = runner === b ? c : b;
      runner.proc.child.kill('SIGKILL');
      // Its lease (2 s) runs out; the survivor takes the job over and runs it to the end.
      expect(await claimedBy(job2.job.id, runner.proc.child.pid)).toContain(
        `:${survivor.proc.child.pid}:`,
      );
      expect(await settled(job2.job.id, 60_000)).toMatchObject({
        status: 'succeeded',
        attempts: 2,
      });
    },
    240_000,
  );
});
