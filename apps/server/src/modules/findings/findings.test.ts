import {
  FINDING_TRANSITIONS,
  Finding,
  FindingList,
  FindingStatus,
  type FindingStatus as Status,
} from '@metamorph/contract';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, findings, missionEvents } from '../../db/schema/index.js';
import { findingsWorld, type FindingsWorld, type MissionFixture } from './test-world.js';

describe('findings CRUD', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let m: MissionFixture;
  let other: MissionFixture;
  let tests: { ps: string; phish: string; hidden: string; foreign: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    m = await w.newMission('Q1 exercise');
    other = await w.newMission('Q2 exercise');
    tests = {
      ps: await w.firstTest(m.id),
      phish: await w.addTest(m, 'Phish', ['T1566.001']),
      hidden: await w.addTest(m, 'Hidden transfer', ['T1105']),
      foreign: await w.firstTest(other.id),
    };
    await w.ok('lead', 'PATCH', `/api/missions/${m.id}/tests/${tests.hidden}/plan`, {
      hidden_from_blue: true,
    });
  });
  afterAll(() => t.close());

  const create = (payload: unknown) =>
    w.req('lead', 'POST', `/api/missions/${m.id}/findings`, payload);

  it('creates, reads, lists and derives techniques from the linked tests', async () => {
    const res = await create({
      title: 'Encoded PowerShell not detected',
      severity: 'high',
      test_ids: [tests.ps, tests.phish],
      gap_reason: 'no_rule',
      sigma_rule: 'proc_creation_win_powershell_encoded',
      ticket_url: 'https://jira.example/SOC-12',
      owner_user_id: w.ids.blue,
      due_on: '2026-06-30',
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = Finding.parse(res.json());
    expect(res.headers.etag).toBe('"1"');
    expect(f).toMatchObject({ status: 'open', version: 1, owner_display_name: expect.any(String) });
    expect(f.techniques.map((x) => x.external_id).sort()).toEqual(['T1059.001', 'T1566.001']);
    const got = await w.ok('blue', 'GET', `/api/findings/${f.id}`);
    expect(Finding.parse(got.json()).test_ids).toEqual([tests.ps, tests.phish]);
    const list = FindingList.parse(
      (await w.ok('red', 'GET', `/api/missions/${m.id}/findings`)).json(),
    );
    expect(list.items.map((x) => x.id)).toContain(f.id);
    // Audited (chained) and recorded on the mission stream.
    const [row] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'finding.created'), eq(auditEvents.targetId, f.id)));
    expect(row).toMatchObject({ missionId: m.id, targetType: 'finding' });
    const events = await t.ctx.db
      .select()
      .from(missionEvents)
      .where(eq(missionEvents.findingId, f.id));
    expect(events.map((e) => e.kind)).toEqual(['finding.changed']);
  });

  it('refuses bad input naming the problem, and writes nothing', async () => {
    const before = (await t.ctx.db.select().from(findings)).length;
    const cases: Array<[unknown, number, string]> = [
      [{ title: 'x', test_ids: [tests.foreign] }, 422, tests.foreign],
      [{ title: 'x', owner_user_id: w.ids.blue, owner_name: 'Bob' }, 422, 'not both'],
      [{ title: 'x', owner_user_id: '00000000-0000-4000-8000-000000000001' }, 422, 'not a member'],
      [{ title: 'x', ticket_url: 'javascript:alert(1)' }, 422, 'http'],
      [{ title: 'x', severity: 'urgent' }, 422, 'severity'],
      [{ title: 'x', surprise: 1 }, 422, 'surprise'],
      [{ title: '' }, 422, 'title'],
      // NUL becomes U+FFFD at the boundary (platform text hygiene); a lone surrogate is refused.
      [{ title: 'bad \ud800' }, 422, 'title'],
    ];
    for (const [payload, status, text] of cases) {
      const res = await create(payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.body).toContain(text);
    }
    // A blue-only member cannot name a hidden test either (it does not exist for them): the
    // lead can.
    expect((await create({ title: 'hidden ok', test_ids: [tests.hidden] })).statusCode).toBe(201);
    expect((await t.ctx.db.select().from(findings)).length).toBe(before + 1);
  });

  it('versions: If-Match or version, 409 stale with the current version', async () => {
    const f = Finding.parse((await create({ title: 'Versioned' })).json());
    const url = `/api/findings/${f.id}`;
    const ok = await w.req('lead', 'PATCH', url, { severity: 'low' }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await w.req('lead', 'PATCH', url, { severity: 'high' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });
    expect((await w.req('lead', 'PATCH', url, { title: 'y', version: 1 })).statusCode).toBe(409);
    const bad = await w.req('lead', 'PATCH', url, { title: 'y' }, { 'if-match': 'nope' });
    expect(bad.statusCode).toBe(422);
    // Nothing to change: no new version.
    expect(
      Finding.parse((await w.ok('lead', 'PATCH', url, { severity: 'low' })).json()).version,
    ).toBe(2);
    const audits = await t.ctx.db
      .select({ action: auditEvents.action, after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.targetId, f.id))
      .orderBy(asc(auditEvents.seq));
    expect(audits.map((a) => a.action)).toEqual(['finding.created', 'finding.updated']);
    expect(audits[1]!.after).toEqual({ severity: 'low', version: 2 });
  });

  it('walks the status machine table: allowed moves 200, others 409 naming both states', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const from of FindingStatus.options) {
      for (const to of FindingStatus.options) {
        if (from === to) continue;
        const f = Finding.parse((await create({ title: `${from} → ${to}` })).json());
        await t.ctx.db.update(findings).set({ status: from }).where(eq(findings.id, f.id));
        const res = await w.req('lead', 'PATCH', `/api/findings/${f.id}`, {
          status: to,
          ...(to === 'risk_accepted' ? { status_reason: 'compensating control' } : {}),
        });
        const allowed = (FINDING_TRANSITIONS[from] as readonly Status[]).includes(to);
        want.push(`${from}>${to}:${allowed ? 200 : 409}`);
        got.push(`${from}>${to}:${res.statusCode}`);
        if (!allowed) {
          expect(res.json<{ detail: string }>().detail).toContain(`from ${from} to ${to}`);
        }
      }
    }
    expect(got).toEqual(want);
  });

  it('risk_accepted needs a reason; leaving it clears the reason', async () => {
    const f = Finding.parse((await create({ title: 'Accepted risk' })).json());
    const url = `/api/findings/${f.id}`;
    await w.ok('lead', 'PATCH', url, { status: 'in_progress' });
    const none = await w.req('lead', 'PATCH', url, { status: 'risk_accepted' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('status_reason');
    const ok = Finding.parse(
      (
        await w.ok('lead', 'PATCH', url, { status: 'risk_accepted', status_reason: 'EOL host' })
      ).json(),
    );
    expect(ok).toMatchObject({ status: 'risk_accepted', status_reason: 'EOL host' });
    const back = Finding.parse(
      (await w.ok('lead', 'PATCH', url, { status: 'in_progress' })).json(),
    );
    expect(back.status_reason).toBeNull();
    const [a] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, f.id), eq(auditEvents.action, 'finding.status_changed')))
      .orderBy(asc(auditEvents.seq));
    expect(a!.after).toMatchObject({ status: 'in_progress' });
  });

  it('hides a finding from blue-only members when every linked test is hidden (404)', async () => {
    const hid = Finding.parse(
      (await create({ title: 'Hidden only', test_ids: [tests.hidden] })).json(),
    );
    const mixed = Finding.parse(
      (await create({ title: 'Mixed', test_ids: [tests.hidden, tests.phish] })).json(),
    );
    expect((await w.req('blue', 'GET', `/api/findings/${hid.id}`)).statusCode).toBe(404);
    expect((await w.req('red', 'GET', `/api/findings/${hid.id}`)).statusCode).toBe(200);
    const seen = Finding.parse((await w.ok('blue', 'GET', `/api/findings/${mixed.id}`)).json());
    expect(seen.test_ids).toEqual([tests.phish]);
    const list = FindingList.parse(
      (await w.ok('blue', 'GET', `/api/missions/${m.id}/findings`)).json(),
    );
    expect(list.items.map((f) => f.id)).not.toContain(hid.id);
    // Its live event is filtered for blue too (same rule in SQL).
    const { eventsAfter } = await import('../live/index.js');
    const rows = await eventsAfter(t.ctx.db, m.id, 0, 5000);
    const ev = rows.filter((r) => r.event.finding_id === hid.id);
    expect(ev.length).toBeGreaterThan(0);
    expect(ev.every((r) => r.hidden)).toBe(true);
    expect(rows.filter((r) => r.event.finding_id === mixed.id).every((r) => !r.hidden)).toBe(true);
  });

  it('deletes softly (404 after, audited); If-Match checked', async () => {
    const f = Finding.parse((await create({ title: 'To delete' })).json());
    const url = `/api/findings/${f.id}`;
    expect((await w.req('lead', 'DELETE', url, undefined, { 'if-match': '"9"' })).statusCode).toBe(
      409,
    );
    expect((await w.req('lead', 'DELETE', url)).statusCode).toBe(204);
    expect((await w.req('lead', 'GET', url)).statusCode).toBe(404);
    expect((await w.req('lead', 'DELETE', url)).statusCode).toBe(404);
    const [a] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, f.id), eq(auditEvents.action, 'finding.deleted')));
    expect(a!.before).toMatchObject({ title: 'To delete' });
  });
});
