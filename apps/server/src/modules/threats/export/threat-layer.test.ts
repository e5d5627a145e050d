import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { layerSchemaErrors } from '../../results/layer/test-layer-schema.js';
import { threatWorld, type ThreatWorld } from '../test-threats.js';
import type { ThreatLayer } from './threat-layer.js';

/**
 * The overlay layer of APT28 + APT29 + T1027 (weight 3) on the threat world (test-threats.ts):
 * every entry known in advance. The release's live techniques: T1027, T1027.004, T1059,
 * T1059.001, T1105, T1204, T1566, T1566.001 — only T1027.004 is outside the profile (T1059 and
 * T1566 are parents of profile sub-techniques).
 */
describe('GET …/threat-profiles/:profileId/layer', () => {
  let t: TestApp;
  let w: ThreatWorld;
  let profileId: string;
  const url = (qs = '') =>
    `/api/clients/${w.clientId}/threat-profiles/${profileId}/layer${qs ? `?${qs}` : ''}`;
  const layer = async (qs = '') => {
    const res = await w.ok('lead', 'GET', url(qs));
    const body = res.json<ThreatLayer>();
    expect(layerSchemaErrors(body)).toEqual([]);
    return { res, body };
  };
  const row = (l: ThreatLayer) =>
    l.techniques.map((e) => [
      e.techniqueID,
      e.tactic ?? null,
      e.score ?? null,
      e.color ?? null,
      e.enabled,
    ]);

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

  it('scores each profile technique by importance, coloured by its deciding level', async () => {
    const { res, body } = await layer();
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="metamorph-initech-russian-espionage-layer-2026-03-01.json"; ' +
        "filename*=UTF-8''metamorph-initech-russian-espionage-layer-2026-03-01.json",
    );
    expect(body.versions).toEqual({ attack: '1.1', navigator: '5.1.0', layer: '4.5' });
    expect(body.domain).toBe('enterprise-attack');
    expect(body.hideDisabled).toBe(false);
    expect(row(body)).toEqual([
      ['T1027', 'defense-evasion', 3, '#e03131', true],
      ['T1027.004', null, null, null, false],
      ['T1059', 'execution', null, null, true],
      ['T1059.001', 'execution', 2, '#2f9e44', true],
      ['T1105', 'execution', 1, '#f59f00', true],
      ['T1204', 'execution', 1, '#e3e6f0', true],
      ['T1566', 'initial-access', null, null, true],
      ['T1566.001', 'initial-access', 2, '#1c7ed6', true],
    ]);
    const by = (id: string) => body.techniques.find((e) => e.techniqueID === id)!;
    expect(by('T1059.001').comment).toBe(
      'Detected (Prevented): importance 2 = weight 1 × 2 (used by G0007, G0016)\n' +
        'Decided by 1 test:\n- Q2 exercise / Encoded PowerShell',
    );
    expect(by('T1027').comment).toContain('Missed (Not detected): importance 3 = weight 3 × 1');
    expect(by('T1027').comment).toContain('- Q2 exercise / Q2 obfuscation');
    expect(by('T1204').comment).toContain('No test of it has an outcome.');
    expect(by('T1566.001').metadata).toEqual([
      { name: 'Status', value: 'Detected' },
      { name: 'Detection level', value: 'Alerted' },
      { name: 'Weight', value: '1' },
      { name: 'Importance', value: '2' },
      { name: 'Used by', value: 'G0007, G0016' },
      { name: 'Last tested', value: '2026-02-09T10:00:00.000Z' },
    ]);
    expect(by('T1059').showSubtechniques).toBe(true);
    // The results layer's legend (levels by rank) plus "Not tested".
    expect(body.legendItems).toEqual([
      { label: 'Not detected', color: '#e03131' },
      { label: 'Logged', color: '#f59f00' },
      { label: 'Alerted', color: '#1c7ed6' },
      { label: 'Prevented', color: '#2f9e44' },
      { label: 'Not tested', color: '#e3e6f0' },
    ]);
    const meta = Object.fromEntries(body.metadata.map((m) => [m.name, m.value]));
    expect(meta).toMatchObject({
      Client: 'Initech',
      'Threat coverage score': '44%',
      'Score inputs': '2 detected, 1 logged only, 1 missed, 1 not tested of 5; importance 4 / 9',
      Aggregation: 'latest',
      'Detected from level': 'Alerted',
      Missions: 'Q1 exercise (2026-01-12); Q2 exercise (2026-02-09)',
    });
    // Globex's T1204 (prevented) is never read for Initech.
    expect(JSON.stringify(body)).not.toContain('Globex');
  });

  it('hides the techniques outside the profile with others=hide, greys them by default', async () => {
    const hide = (await layer('others=hide')).body;
    const grey = (await layer('others=grey')).body;
    expect(hide.hideDisabled).toBe(true);
    expect(grey.hideDisabled).toBe(false);
    expect(row(hide)).toEqual(row(grey));
    expect(hide.techniques.filter((e) => !e.enabled).map((e) => e.techniqueID)).toEqual([
      'T1027.004',
    ]);
    expect(hide.description).toMatch(/outside the profile are hidden\.$/);
    expect(grey.description).toMatch(/outside the profile are greyed\.$/);
  });

  it('follows the rule and the level, as the coverage does', async () => {
    const worst = (await layer('rule=worst')).body;
    const phish = worst.techniques.find((e) => e.techniqueID === 'T1566.001')!;
    expect([phish.color, phish.comment.split(':')[0]]).toEqual([
      '#e03131',
      'Missed (Not detected)',
    ]);
    const strict = (await layer('min_level=prevented')).body;
    const s = strict.techniques.find((e) => e.techniqueID === 'T1566.001')!;
    expect(s.comment.split(':')[0]).toBe('Logged only (Alerted)');
    expect(s.color).toBe('#1c7ed6');
  });

  it('answers 422 for a bad query and 404 for another client’s profile as for an unknown one', async () => {
    for (const qs of ['others=blur', 'zz=1', 'rule=often', 'min_level=excellent']) {
      const res = await w.req('lead', 'GET', url(qs));
      expect(res.statusCode, qs).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const other = await w.req(
      'lead',
      'GET',
      `/api/clients/${w.globex}/threat-profiles/${profileId}/layer`,
    );
    const unknown = await w.req(
      'lead',
      'GET',
      `/api/clients/${w.clientId}/threat-profiles/00000000-0000-4000-8000-000000000000/layer`,
    );
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (b: string) => ({ ...JSON.parse(b), requestId: null }) as unknown;
    expect(strip(other.body)).toEqual(strip(unknown.body));
  });
});
