import { RedactionPreview } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { multipart, reportsWorld, type ReportsWorld } from '../test-reports.js';
import { MASK } from './redactor.js';

/**
 * The preview lists every text the report masks: beside commands, outputs, comments, evidence
 * text and the summary, also evidence captions, per-tool notes and outcome override reasons
 * (masked in the report since issue 16, listed by the preview since issue 17).
 */
const MORE = {
  caption: 'CaptionSecret77',
  note: 'NoteTokenValue88',
  override: 'OverridePass99',
} as const;

describe('redaction preview: captions, tool notes and override reasons', () => {
  let t: TestApp;
  let w: ReportsWorld;
  const url = (p: string) => `/api/missions/${w.missionId}${p}`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    const tools = (await w.ok('lead', 'GET', url('/assets'))).json<{
      items: Array<{ id: string; name: string }>;
    }>().items;
    const edr = tools.find((a) => a.name === 'CrowdStrike')!.id;
    await w.ok('blue', 'PUT', url(`/tests/${w.ids.main}`), {
      tool_results: [
        {
          defence_tool_id: edr,
          prevented: 'no',
          alerted: 'yes',
          logged: 'yes',
          rule_name: 'LSASS access',
          note: `Replayed the alert with token=${MORE.note} from the console`,
        },
      ],
      outcome_override_reason: `Lead confirmed; the operator used password=${MORE.override}`,
    });
    const body = multipart('caption.txt', Buffer.from('nothing secret here\n'), {
      caption: `Shell where pwd=${MORE.caption} was typed`,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: url(`/tests/${w.ids.main}/evidence`),
      payload: body.payload,
      headers: { ...w.h.blue, ...body.headers },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  it('lists each of them with its field, masked, and the report masks the same', async () => {
    const res = await w.ok('lead', 'POST', url('/reports/redaction-preview'), {});
    const p = RedactionPreview.parse(res.json());
    for (const secret of Object.values(MORE)) expect(res.body).not.toContain(secret);
    const by = (field: string) => p.hits.filter((h) => h.field === field);
    expect(by('tool_note')).toEqual([
      expect.objectContaining({
        test_id: w.ids.main,
        pattern: 'password-assignment',
        excerpt: expect.stringContaining(`token=${MASK}`),
      }),
    ]);
    expect(by('override_reason')).toEqual([
      expect.objectContaining({ excerpt: expect.stringContaining(`password=${MASK}`) }),
    ]);
    expect(by('evidence_caption')).toEqual([
      expect.objectContaining({ excerpt: expect.stringContaining(`pwd=${MASK}`) }),
    ]);
    // Captions are in the manifest: listed even when thumbnails are left out.
    const noEvidence = RedactionPreview.parse(
      (
        await w.ok('lead', 'POST', url('/reports/redaction-preview'), { include_evidence: false })
      ).json(),
    );
    expect(noEvidence.hits.filter((h) => h.field === 'evidence_caption')).toHaveLength(1);
    expect(noEvidence.hits.filter((h) => h.field === 'evidence_text')).toHaveLength(0);

    const report = await w.generate('lead', { format: 'html' });
    const html = (await w.ok('lead', 'GET', `/api/reports/${report.id}/content`)).body;
    for (const secret of Object.values(MORE)) expect(html).not.toContain(secret);
    expect(html).toContain(`token=${MASK}`);
    expect(html).toContain(`pwd=${MASK}`);
  });
});
