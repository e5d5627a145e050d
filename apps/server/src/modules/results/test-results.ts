import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import {
  DetectionLevelList,
  EvidenceUploadResult,
  Job,
  MissionPlan,
  MissionScenario,
  type DetectionLevel,
} from '@metamorph/contract';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import type { Db } from '../../db/client.js';
import * as schema from '../../db/schema/index.js';

/**
 * Builds results fixtures through the HTTP API only (this module imports no other module's
 * helpers): ATT&CK import, library template, client, missions, members, tests, facts, evidence.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.resolve(here, '../../../test/fixtures/attack/mini-enterprise.json');

export type Who = 'admin' | 'lead' | 'red' | 'blue';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A multipart body with one file part and text fields. */
function multipart(name: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----results${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const payload = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface ResultsWorld {
  t: TestApp;
  h: Record<Who, Headers>;
  clientId: string;
  levels: DetectionLevel[];
  levelId(key: string): string;
  req(who: Who, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  ok(who: Who, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** A mission of the client, red and blue members added, with an EDR and a SIEM tool. */
  newMission(name: string): Promise<{ id: string; scenarioId: string; edr: string; siem: string }>;
  /** An ad hoc test in the scenario, tagged with the given ATT&CK ids. */
  addTest(
    missionId: string,
    scenarioId: string,
    name: string,
    attackIds: string[],
  ): Promise<string>;
  upload(
    who: Who,
    missionId: string,
    testId: string,
    name: string,
    content: Buffer,
    caption?: string,
  ): Promise<EvidenceUploadResult>;
}

export async function resultsWorld(t: TestApp): Promise<ResultsWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const lead = await make(['purple_lead']);
  const red = await make(['red_operator']);
  const blue = await make(['blue_analyst']);
  const h: Record<Who, Headers> = { admin, lead: lead.h, red: red.h, blue: blue.h };
  const req: ResultsWorld['req'] = (who, method, url, payload) =>
    t.app.inject({
      method,
      url,
      headers: h[who],
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok: ResultsWorld['ok'] = async (who, method, url, payload) => {
    const res = await req(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };

  // The ATT&CK catalog, so test snapshots carry their tactics.
  const bundle = multipart('bundle.json', readFileSync(BUNDLE));
  const sync = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload: bundle.payload,
    headers: { ...admin, ...bundle.headers },
  });
  expect(sync.statusCode, sync.body).toBe(202);
  await t.ctx.runner.runOnce();
  const job = Job.parse(
    (await req('admin', 'GET', `/api/jobs/${sync.json<{ job: Job }>().job.id}`)).json(),
  );
  expect(job.status, job.error ?? '').toBe('succeeded');

  const client = (await ok('lead', 'POST', '/api/clients', { name: 'Initech' })).json<{
    id: string;
  }>();
  const levels = DetectionLevelList.parse(
    (await ok('blue', 'GET', '/api/detection-levels')).json(),
  ).items;
  const tpl = (
    await ok('admin', 'POST', '/api/library/tests', {
      name: 'Encoded PowerShell',
      attack_ids: ['T1059.001'],
      platforms: ['Windows'],
    })
  ).json<{ id: string }>();

  return {
    t,
    h,
    clientId: client.id,
    levels,
    levelId: (key) => {
      const l = levels.find((x) => x.key === key);
      if (!l) throw new Error(`no detection level ${key}`);
      return l.id;
    },
    req,
    ok,
    async newMission(name) {
      const m = (await ok('lead', 'POST', '/api/missions', { client_id: client.id, name })).json<{
        id: string;
      }>();
      const url = (p: string) => `/api/missions/${m.id}${p}`;
      await ok('lead', 'POST', url('/members'), { user_id: red.id, role: 'red' });
      await ok('lead', 'POST', url('/members'), { user_id: blue.id, role: 'blue' });
      const tool = async (toolName: string, layer: string) =>
        (
          await ok('lead', 'POST', url('/assets'), { kind: 'defence_tool', name: toolName, layer })
        ).json<{ id: string }>().id;
      const edr = await tool('CrowdStrike', 'edr');
      const siem = await tool('Splunk', 'siem');
      const added = await ok('lead', 'POST', url('/scenarios'), {
        test_template_ids: [tpl.id],
        name: 'Day 1',
      });
      return { id: m.id, scenarioId: MissionScenario.parse(added.json()).id, edr, siem };
    },
    async addTest(missionId, scenarioId, name, attackIds) {
      const res = await ok('lead', 'POST', `/api/missions/${missionId}/tests`, {
        scenario_id: scenarioId,
        name,
        attack_ids: attackIds,
      });
      const test = MissionPlan.parse(res.json())
        .scenarios.flatMap((s) => s.tests)
        .find((x) => x.snapshot_name === name);
      if (!test) throw new Error(`test ${name} not in the plan`);
      return test.id;
    },
    async upload(who, missionId, testId, name, content, caption) {
      const body = multipart(name, content, caption ? { caption } : {});
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/missions/${missionId}/tests/${testId}/evidence`,
        payload: body.payload,
        headers: { ...h[who], ...body.headers },
      });
      expect(res.statusCode, res.body).toBe(201);
      return EvidenceUploadResult.parse(res.json());
    },
  };
}

/**
 * A second Db on the app's own connection (drizzle's `$client`) that counts the statements it
 * sends, so a test can check that a read takes a bounded number of queries.
 */
export function countingDb(t: TestApp): { db: Db; count(): number; reset(): void } {
  let n = 0;
  const logger = { logQuery: () => void n++ };
  const client = (t.database.db as unknown as { $client: unknown }).$client;
  const db =
    t.database.kind === 'pglite'
      ? drizzlePglite({ client: client as PGlite, schema, logger })
      : drizzlePg({ client: client as pg.Pool, schema, logger });
  return {
    db: db as unknown as Db,
    count: () => n,
    reset: () => {
      n = 0;
    },
  };
}
