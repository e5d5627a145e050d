import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, waitReady, type ServerProcess } from './server-process.js';

/**
 * FINDINGS #4: `kill -9` during concurrent evidence uploads left the staged files behind after
 * the restart. The real process (embedded database) is killed with uploads in flight; restarted,
 * its staging area holds no stale file, it says how many it removed, and the committed uploads
 * are intact with their content.
 */
const ADMIN = { email: 'crash@metamorph.test', password: 'Copper-Lantern-Orbit-27' };
const IN_FLIGHT = 6;
const MIB = 1024 * 1024;

const body = (n: number, size: number) => Buffer.alloc(size, `evidence line ${n}\n`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('a server killed mid-upload', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mm-crash-'));
  const staging = path.join(dataDir, 'evidence', '.staging');
  const procs: ServerProcess[] = [];
  afterAll(() => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const parts = () => (existsSync(staging) ? readdirSync(staging) : []);

  it('sweeps the staged files at restart and keeps committed evidence intact', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      METAMORPH_ADMIN_EMAIL: ADMIN.email,
      METAMORPH_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'info',
    };
    const first = startServer(env);
    procs.push(first);
    await waitReady(port, first);
    const base = `http://127.0.0.1:${port}`;
    const headers: Record<string, string> = { 'x-requested-with': 'metamorph' };
    const ok = async (method: string, url: string, payload?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(300);
      const cookie = res.headers.get('set-cookie');
      if (cookie) headers.cookie = cookie.split(';')[0] ?? '';
      return JSON.parse(text) as Record<string, unknown>;
    };
    await ok('POST', '/api/auth/login', ADMIN);
    const client = await ok('POST', '/api/clients', { name: 'Crash client' });
    const mission = await ok('POST', '/api/missions', { name: 'Crash', client_id: client.id });
    const tpl = await ok('POST', '/api/library/tests', { name: 'Crash template' });
    const scenario = (await ok('POST', `/api/missions/${String(mission.id)}/scenarios`, {
      test_template_ids: [tpl.id],
      name: 'Day 1',
    })) as { tests: { id: string }[] };
    const uploadPath = `/api/missions/${String(mission.id)}/tests/${scenario.tests[0]?.id ?? ''}/evidence`;
    const boundary = '----metamorphcrash';
    const head = (n: number) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="run-${n}.log"\r\n` +
          'Content-Type: text/plain\r\n\r\n',
      );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const requestFor = (length: number) =>
      http.request(`${base}${uploadPath}`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
        },
      });

    // Two uploads committed before the crash.
    const committed: { id: string; sha256: string }[] = [];
    for (const n of [1, 2]) {
      const content = body(n, MIB);
      const payload = Buffer.concat([head(n), content, tail]);
      const answer = await new Promise<string>((resolve, reject) => {
        const req = requestFor(payload.length);
        req.on('response', (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(`${res.statusCode} ${text}`));
        });
        req.on('error', reject);
        req.end(payload);
      });
      expect(answer).toMatch(/^201 /);
      const row = JSON.parse(answer.slice(4)) as { id: string; sha256: string };
      expect(row.sha256).toBe(sha(content));
      committed.push(row);
    }

    // Uploads in flight: 4 MiB declared, 1 MiB sent, then the process is killed.
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => {
      const n = 10 + i;
      const content = body(n, 4 * MIB);
      const req = requestFor(head(n).length + content.length + tail.length);
      req.on('error', () => undefined);
      req.write(Buffer.concat([head(n), content.subarray(0, MIB)]));
      return req;
    });
    for (let i = 0; i < 200 && parts().length < IN_FLIGHT; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(parts()).toHaveLength(IN_FLIGHT);
    first.child.kill('SIGKILL');
    await first.exit;
    for (const req of inFlight) req.destroy();
    expect(parts().filter((p) => p.endsWith('.part'))).toHaveLength(IN_FLIGHT);

    const second = startServer(env);
    procs.push(second);
    await waitReady(port, second);
    expect(parts()).toEqual([]);
    expect(second.output()).toMatch(new RegExp(`removed ${IN_FLIGHT} stale staged uploads`));

    delete headers.cookie;
    await ok('POST', '/api/auth/login', ADMIN);
    for (const [i, row] of committed.entries()) {
      const res = await fetch(`${base}/api/evidence/${row.id}/content`, { headers });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(sha(bytes)).toBe(row.sha256);
      expect(bytes.equals(body(i + 1, MIB))).toBe(true);
    }
    const audit = await fetch(`${base}/api/audit/verify`, { headers });
    expect(audit.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 180_000);
});
