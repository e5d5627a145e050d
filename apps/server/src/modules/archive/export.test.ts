import { ARCHIVE_BLUE_KEYS, ArchiveManifest, AuditPage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHeaders } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { SAMPLES, sha256 } from '../evidence/test-evidence.js';
import {
  archiveWorld,
  downloadArchive,
  manifestOf,
  unzip,
  type ArchiveWorld,
} from './test-archive.js';

let t: TestApp;
let w: ArchiveWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await archiveWorld(t, 'exp');
});
afterAll(() => t.close());

/** Every key path of a JSON value, array indices collapsed: `tests[].tool_results[].note`. */
function keyPaths(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${at}[]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = at ? `${at}.${k}` : k;
      return [p, ...keyPaths(v, p)];
    });
  }
  return [];
}

describe('GET /api/missions/:id/archive', () => {
  it('streams a zip with the whole mission: every field, users by email, levels by key', async () => {
    const res = await downloadArchive(t, w.h.lead, w.missionId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(
      'filename="metamorph-ete-2026-exp-2026-03-01.zip"',
    );
    expect(res.headers['content-disposition']).toContain(
      "filename*=UTF-8''metamorph-%C3%A9t%C3%A9-2026-exp",
    );
    const files = await unzip(res.rawPayload);
    const m = ArchiveManifest.parse(await manifestOf(res.rawPayload));
    expect(m.format_version).toBe(2);
    expect(m.mission.retest_of_mission_id).toBeNull();
    expect(m.blue_included).toBe(true);
    expect(m.generator.name).toBe('metamorph');
    expect(m.client).toEqual({ name: 'Client exp', notes: null });
    expect(m.mission).toMatchObject({
      name: 'Été 2026 / exp',
      description_md: 'The **whole** mission',
      start_date: '2026-02-01',
      end_date: '2026-02-28',
      environment_md: 'Lab AD forest',
      tags: ['q1', 'lab'],
      status: 'planned',
      visibility: 'open',
      created_by: w.users.lead.email,
      executive_summary_md: '# Summary\nDetection is *good*.',
      executive_summary_version: 3,
      executive_summary_updated_at: '2026-03-01T08:00:00.000Z',
      executive_summary_updated_by: w.users.lead.email,
    });
    expect(m.members.map((x) => [x.email, x.role]).sort()).toEqual(
      [
        [w.users.lead.email, 'lead'],
        [w.users.red.email, 'red'],
        [w.users.blue.email, 'blue'],
        [w.users.viewer.email, 'viewer'],
      ].sort(),
    );
    expect(m.assets.map((a) => [a.kind, a.name, a.layer])).toEqual([
      ['account', 'CORP\\svc-test', null],
      ['defence_tool', 'Defender', 'edr'],
      ['defence_tool', 'Sentinel', 'siem'],
      ['red_tool', 'Cobalt Strike', null],
      ['source', 'kali-01', null],
      ['target', 'ws-01', null],
    ]);
    expect(m.scenarios.map((s) => s.name)).toEqual(['Day 1', 'Day 2']);
    expect(m.tests).toHaveLength(4);
    const [t1, t2, t4, t3] = m.tests;
    const assetName = (id: string | null) => m.assets.find((a) => a.id === id)?.name ?? null;
    expect(t1).toMatchObject({
      state: 'reviewed_by_blue',
      assignee: w.users.red.email,
      planned_on: '2026-02-03',
      include_in_report: true,
      red_command: 'powershell -enc SQBFAFgA',
      red_output: 'marker written',
      attack_started_at: '2026-02-03T10:00:00.000Z',
      attack_ended_at: '2026-02-03T10:05:00.000Z',
      account_used: 'CORP\\svc-test',
      execution_result: 'succeeded',
      cleanup_done: false,
      artefacts_md: 'marker.txt left behind',
      blue_comment_md: 'EDR alert **fired**',
      detection_level: { key: 'alerted', label: 'Alerted' },
      outcome_override_reason: 'SIEM rule was noisy',
      log_sources: 'Sysmon 1, 4104',
      gap_reason: 'other',
      last_actor: w.users.blue.email,
      snapshot_opsec_level: 'medium',
      snapshot_expected_blue_md: 'Event 4104 with the decoded script; an EDR alert.',
    });
    expect(
      [t1?.source_asset_id, t1?.target_asset_id, t1?.red_tool_id].map((id) =>
        assetName(id ?? null),
      ),
    ).toEqual(['kali-01', 'ws-01', 'Cobalt Strike']);
    expect(t1?.executed_at).toBeTruthy();
    expect(t1?.snapshot_executor?.command).toBe('powershell -enc #{encoded}');
    expect(t1?.mitre_tags.find((g) => g.external_id === 'T1059.001')).toEqual({
      kind: 'subtechnique',
      external_id: 'T1059.001',
      name: 'PowerShell',
      url: null,
      attack_release: '17.1',
      tactics: [{ external_id: 'TA0002', shortname: 'execution', name: 'Execution' }],
    });
    expect(
      t1?.tool_results?.map((r) => [
        assetName(r.defence_tool_id),
        r.alerted,
        r.rule_name,
        r.updated_by,
      ]),
    ).toEqual([
      ['Defender', 'yes', 'Encoded PS', w.users.blue.email],
      ['Sentinel', 'no', null, w.users.blue.email],
    ]);
    expect(t2).toMatchObject({ include_in_report: false, execution_result: 'stopped_by_control' });
    expect(t4?.hidden_from_blue).toBe(true);
    expect(t3?.snapshot_name).toBe('Ad hoc LSASS dump');
    expect(m.detection_levels?.map((l) => l.key)).toEqual(['alerted']);
    expect(m.evidence.map((e) => [e.side, e.filename, e.caption, e.size_bytes])).toEqual([
      ['red', 'shell.png', 'The shell', SAMPLES.png.length],
      ['blue', 'alert.txt', 'The EDR alert (blue)', SAMPLES.txt.length],
      ['red', 'same-shell.png', 'Same bytes, another test', SAMPLES.png.length],
      ['red', 'hidden.json', 'Hidden test evidence', SAMPLES.json.length],
    ]);
    for (const e of m.evidence) {
      expect(e.path).toBe(`evidence/${e.sha256}`);
      expect(sha256(files.get(e.path) ?? Buffer.alloc(0))).toBe(e.sha256);
    }
    // The shared png is one file: manifest + 3 distinct contents.
    expect([...files.keys()].sort()).toEqual(
      ['manifest.json', ...new Set(m.evidence.map((e) => e.path))].sort(),
    );
    expect(files.size).toBe(4);
    expect(m.tests.map((x) => x.retest_of_test_id)).toEqual([null, null, null, null]);
    const [f1, f2, f3] = m.findings ?? [];
    expect(f1).toEqual({
      id: w.findingIds[0],
      number: 1,
      title: 'Encoded PowerShell only alerted by the EDR',
      severity: 'high',
      status: 'risk_accepted',
      status_reason: 'Accepted until Q3',
      description_md: 'The SIEM saw **nothing**.',
      recommendation_md: 'Write a rule for `-enc`.',
      test_ids: [t1?.id, t2?.id],
      gap_reason: 'no_rule',
      sigma_rule: expect.stringContaining('title: Encoded PowerShell'),
      siem_query: 'DeviceProcessEvents | where ProcessCommandLine has "-enc"',
      ticket_url: 'https://tracker.example/SOC-42',
      owner: w.users.blue.email,
      owner_name: null,
      due_on: '2026-04-30',
      retest_test_ids: [],
      version: 2,
      created_by: w.users.lead.email,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(f2).toMatchObject({ number: 2, owner: null, owner_name: 'Client SOC (Jane)' });
    expect(f2?.test_ids).toEqual([t2?.id, t4?.id]);
    expect(f3).toMatchObject({ number: 3, test_ids: [t4?.id], severity: 'critical' });
    expect(m.users.map((u) => u.email).sort()).toEqual(
      [w.users.lead.email, w.users.red.email, w.users.blue.email, w.users.viewer.email].sort(),
    );
  });

  it('?blue=false: no blue key anywhere, no blue evidence or file, nothing else lost', async () => {
    const full = await manifestOf((await downloadArchive(t, w.h.lead, w.missionId)).rawPayload);
    const res = await downloadArchive(t, w.h.lead, w.missionId, '?blue=false');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('-red.zip"');
    const files = await unzip(res.rawPayload);
    const m = ArchiveManifest.parse(await manifestOf(res.rawPayload));
    expect(m.blue_included).toBe(false);
    const blue = new Set(ARCHIVE_BLUE_KEYS);
    const isBluePath = (p: string) => p.split(/\.|\[\]\.?/).some((seg) => blue.has(seg));
    const paths = new Set(keyPaths(m));
    expect([...paths].filter(isBluePath)).toEqual([]);
    // Everything that is not blue is still there.
    const expected = new Set(keyPaths(full).filter((p) => !isBluePath(p)));
    expect([...paths].sort()).toEqual([...expected].sort());
    expect(m.evidence.every((e) => e.side === 'red')).toBe(true);
    const blueShas = full.evidence.filter((e) => e.side === 'blue').map((e) => e.sha256);
    expect(blueShas).toHaveLength(1);
    for (const name of files.keys()) {
      expect(name === 'manifest.json' || m.evidence.some((e) => e.path === name)).toBe(true);
      for (const sha of blueShas) expect(name).not.toContain(sha);
    }
    expect(files.get('manifest.json')?.toString()).not.toContain('EDR alert **fired**');
    // Findings stay (the plan's outcome for red to retest) without their detection details.
    expect(m.findings?.map((f) => [f.number, f.title, f.status])).toEqual(
      full.findings?.map((f) => [f.number, f.title, f.status]),
    );
    expect(files.get('manifest.json')?.toString()).not.toContain('title: Encoded PowerShell');
  });

  it('leaves hidden tests out for a blue-only member (who needs report.export)', async () => {
    const denied = await downloadArchive(t, w.h.blue, w.missionId);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('report.export');
    await t.database.query(
      `insert into user_roles (user_id, role_id) select $1, id from roles where key = 'purple_lead'`,
      [w.users.blue.id],
    );
    const res = await downloadArchive(t, w.h.blue, w.missionId);
    expect(res.statusCode, res.body).toBe(200);
    const m = await manifestOf(res.rawPayload);
    expect(m.tests.map((x) => x.hidden_from_blue)).toEqual([false, false, false]);
    expect(m.evidence.map((e) => e.filename)).not.toContain('hidden.json');
    // The findings module's hidden rule: F-3 links only the hidden test; F-2 keeps its other.
    const kept = new Set(m.tests.map((x) => x.id));
    expect(m.findings?.map((f) => f.number)).toEqual([1, 2]);
    expect(m.findings?.flatMap((f) => f.test_ids).every((id) => kept.has(id))).toBe(true);
    expect(m.findings?.[1]?.test_ids).toHaveLength(1);
    expect([...(await unzip(res.rawPayload)).keys()]).not.toContain(
      `evidence/${sha256(SAMPLES.json)}`,
    );
  });

  it('answers 404 to non-members, 401 anonymously, 403 without report.export (tokens too), 422 on an unknown query key; audits exports', async () => {
    expect((await downloadArchive(t, w.h.outsider, w.missionId)).statusCode).toBe(404);
    expect((await downloadArchive(t, {}, w.missionId)).statusCode).toBe(401);
    // admin.missions sees every mission; a token without report.export is refused.
    expect((await downloadArchive(t, w.h.admin, w.missionId)).statusCode).toBe(200);
    const token = await tokenHeaders(t, w.h.lead, ['mission.manage'], 'no export');
    expect(
      (await downloadArchive(t, { authorization: token.authorization }, w.missionId)).statusCode,
    ).toBe(403);
    const scoped = await tokenHeaders(t, w.h.lead, ['report.export'], 'export');
    expect(
      (await downloadArchive(t, { authorization: scoped.authorization }, w.missionId)).statusCode,
    ).toBe(200);
    const bad = await downloadArchive(t, w.h.lead, w.missionId, '?blue=no&x=1');
    expect(bad.statusCode).toBe(422);
    const audit = await t.app.inject({
      url: `/api/audit?action=mission.archive_exported&mission=${w.missionId}`,
      headers: w.h.admin,
    });
    expect(audit.statusCode, audit.body).toBe(200);
    const items = AuditPage.parse(audit.json()).items;
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.map((i) => i.after?.blue_included)).toContain(false);
  });
});
