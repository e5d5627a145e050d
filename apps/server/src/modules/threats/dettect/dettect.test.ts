import { ClaimedVsTested, DettectClaims, DettectClaimsState } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { threatWorld, type ThreatWorld } from '../test-threats.js';
import { DETTECT_FIXTURE } from './test-dettect.js';

interface ExportedFile {
  version: number;
  file_type: string;
  platform: string[];
  techniques: Array<{
    technique_id: string;
    detection: Array<{
      applicable_to: string[];
      score_logbook: Array<{ date: string; score: number; comment: string }>;
    }>;
    visibility: Array<{ applicable_to: string[]; score_logbook: unknown[] }>;
  }>;
}

/**
 * Initech (test-threats.ts) claims by the hand-written fixture against its Q1/Q2 outcomes:
 * T1027 claimed 4, missed in Q2 → claimed_missed; T1059.001 claimed 0 on 2025-12-01,
 * prevented in Q2 (2026-02-09) → unclaimed_detected and claim_older_than_test; T1105 claimed 2
 * after its Q1 test, logged → none; T1204 claimed 5, untested for Initech (Globex's T1204 test
 * is never read) → none; T1566.001 claimed 3 on 2026-02-15, alerted → none.
 */
describe('DeTT&CT claims, claimed vs tested and the export', () => {
  let t: TestApp;
  let w: ThreatWorld;
  let profileId: string;
  const base = () => `/api/clients/${w.clientId}/dettect`;
  const cvt = async (qs = '') =>
    ClaimedVsTested.parse(
      (
        await w.ok('blue', 'GET', `${base()}/claimed-vs-tested?profile_id=${profileId}${qs}`)
      ).json(),
    );

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
    profileId = (
      await w.ok('lead', 'POST', `/api/clients/${w.clientId}/threat-profiles`, {
        name: 'Russian espionage',
        group_ids: ['G0007', 'G0016'],
        extra: [{ technique_id: 'T1027', weight: 3 }],
      })
    ).json<{ id: string }>().id;
  }, 120_000);
  afterAll(() => t?.close());

  it('has no claims before an import', async () => {
    expect(DettectClaimsState.parse((await w.ok('red', 'GET', base())).json())).toEqual({
      claims: null,
    });
    const c = await cvt();
    expect(c.claims).toBeNull();
    expect(c.counts).toEqual({
      claimed_missed: 0,
      unclaimed_detected: 2,
      claim_older_than_test: 0,
    });
  });

  it('imports the fixture: latest logbook score, max over applicable_to, audited', async () => {
    const res = await w.ok('lead', 'POST', base(), {
      file_name: 'initech-claims.yaml',
      content: DETTECT_FIXTURE,
    });
    expect(res.statusCode).toBe(201);
    const c = DettectClaims.parse(res.json());
    expect(c).toMatchObject({
      file_name: 'initech-claims.yaml',
      name: 'Initech SOC detection claims',
    });
    expect(c.imported_by?.id).toBeTruthy();
    expect(
      c.techniques.map((x) => [
        x.technique_id,
        x.detection_score,
        x.detection_date,
        x.visibility_score,
      ]),
    ).toEqual([
      ['T1027', 4, '2026-02-20', 3],
      ['T1059.001', 0, '2025-12-01', 4],
      ['T1105', 2, '2026-01-20', 2],
      ['T1204', 5, '2026-01-01', null],
      ['T1566.001', 3, '2026-02-15', 3],
    ]);
    expect(c.techniques[0]!.detection).toEqual([
      { applicable_to: ['Windows workstations'], score: 4, date: '2026-02-20' },
      { applicable_to: ['Linux servers'], score: 2, date: '2026-01-05' },
    ]);
    const got = DettectClaimsState.parse((await w.ok('blue', 'GET', base())).json());
    expect(got.claims?.id).toBe(c.id);
    const audit = await w.ok('admin', 'GET', '/api/audit?action=dettect_claims.imported');
    const events = audit.json<{ items: Array<{ target_id: string; after: unknown }> }>().items;
    expect(events.map((e) => [e.target_id, e.after])).toEqual([
      [
        c.id,
        {
          client_id: w.clientId,
          file_name: 'initech-claims.yaml',
          name: 'Initech SOC detection claims',
          techniques: 5,
        },
      ],
    ]);
  });

  it('finds each discrepancy kind technique by technique', async () => {
    const c = await cvt();
    expect(c.claims?.file_name).toBe('initech-claims.yaml');
    expect(
      c.techniques.map((x) => [x.technique_id, x.claimed_score, x.status, x.discrepancies]),
    ).toEqual([
      ['T1027', 4, 'missed', ['claimed_missed']],
      ['T1059.001', 0, 'detected', ['unclaimed_detected', 'claim_older_than_test']],
      ['T1105', 2, 'logged', []],
      ['T1204', 5, 'not_tested', []],
      ['T1566.001', 3, 'detected', []],
    ]);
    expect(c.counts).toEqual({
      claimed_missed: 1,
      unclaimed_detected: 1,
      claim_older_than_test: 1,
    });
    const t1027 = c.techniques[0]!;
    expect(t1027).toMatchObject({
      in_profile: true,
      tests: [{ id: w.tests.q2_T1027, mission_id: w.q2, name: 'Q2 obfuscation' }],
      mission_ids: [w.q2],
      last_tested_at: '2026-02-09T10:00:00.000Z',
      claim_date: '2026-02-20',
    });
    for (const x of c.techniques) expect(x.mission_ids).not.toContain(w.g1);
    // With the bar at prevented, T1566.001 (alerted) is no longer detected.
    const strict = await cvt('&min_level=prevented');
    expect(strict.techniques.find((x) => x.technique_id === 'T1566.001')?.status).toBe('logged');
  });

  it('exports the tested coverage as a techniques-administration file', async () => {
    const res = await w.ok('lead', 'GET', `${base()}/export`);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      'metamorph-initech-dettect-2026-03-01.yaml',
    );
    const file = parse(res.body) as ExportedFile;
    expect(file).toMatchObject({ version: 1.2, file_type: 'techniques-administration' });
    const score = (id: string) =>
      file.techniques
        .find((x) => x.technique_id === id)
        ?.detection.map((d) => [d.applicable_to, d.score_logbook.map((e) => [e.date, e.score])]);
    // Tests with platforms count under them, the others under `all`.
    expect(file.platform).toEqual(['all']);
    expect(score('T1059.001')).toEqual([
      [
        ['Windows'],
        [
          ['2026-02-09', 4],
          ['2026-01-12', 3],
        ],
      ],
    ]);
    expect(score('T1566.001')?.[0]?.[1]).toEqual([
      ['2026-02-09', 3],
      ['2026-01-12', -1],
    ]);
    expect(score('T1105')?.[0]?.[1]).toEqual([['2026-01-12', 1]]);
    expect(score('T1027')?.[0]?.[1]).toEqual([['2026-02-09', -1]]);
    expect(score('T1204')).toBeUndefined(); // Globex's test is not Initech's
    const entry = file.techniques.find((x) => x.technique_id === 'T1027')!.detection[0]!
      .score_logbook[0]!;
    expect(entry.comment).toBe(
      'Metamorph mission "Q2 exercise": Not detected — tests: Q2 obfuscation',
    );
    for (const x of file.techniques) {
      expect(x.visibility.map((v) => v.applicable_to)).toEqual(
        x.detection.map((d) => d.applicable_to),
      );
    }
  });

  it('round-trips: the export imported back claims the tested scores', async () => {
    const exported = (await w.ok('lead', 'GET', `${base()}/export`)).body;
    const res = await w.ok('admin', 'POST', base(), {
      file_name: 'roundtrip.yaml',
      content: exported,
    });
    const claims = DettectClaims.parse(res.json());
    expect(
      claims.techniques.map((x) => [x.technique_id, x.detection_score, x.detection_date]),
    ).toEqual([
      ['T1027', -1, '2026-02-09'],
      ['T1059.001', 4, '2026-02-09'],
      ['T1105', 1, '2026-01-12'],
      ['T1566.001', 3, '2026-02-09'],
    ]);
    const c = await cvt();
    expect(c.counts).toEqual({
      claimed_missed: 0,
      unclaimed_detected: 0,
      claim_older_than_test: 0,
    });
  });

  it('scores from the admin-editable mapping', async () => {
    await w.ok('admin', 'PATCH', '/api/settings', {
      'dettect.detection_scores': { not_detected: 0, logged: 2, alerted: 5, prevented: 5 },
    });
    const file = parse((await w.ok('lead', 'GET', `${base()}/export`)).body) as ExportedFile;
    const t1566 = file.techniques.find((x) => x.technique_id === 'T1566.001')!;
    expect(t1566.detection[0]!.score_logbook.map((e) => e.score)).toEqual([5, 0]);
    const bad = await w.req('admin', 'PATCH', '/api/settings', {
      'dettect.detection_scores': { alerted: 6 },
    });
    expect(bad.statusCode).toBe(422);
    await w.ok('admin', 'PATCH', '/api/settings', {
      'dettect.detection_scores': { not_detected: -1, logged: 1, alerted: 3, prevented: 4 },
    });
  });

  it('never reads another client’s claims (404 identical to an unknown client)', async () => {
    const globex = await w.req('lead', 'GET', `/api/clients/${w.globex}/dettect`);
    expect(DettectClaimsState.parse(globex.json())).toEqual({ claims: null });
    const other = await w.req(
      'lead',
      'GET',
      `/api/clients/${w.globex}/dettect/claimed-vs-tested?profile_id=${profileId}`,
    );
    expect(other.statusCode).toBe(404);
    const unknown = `/api/clients/00000000-0000-4000-8000-000000000000/dettect`;
    const a = await w.req('blue', 'GET', `/api/clients/${w.globex}/dettect`);
    const b = await w.req('blue', 'GET', unknown);
    expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
    expect(a.json<{ detail: string }>().detail).toBe(b.json<{ detail: string }>().detail);
  });
});
