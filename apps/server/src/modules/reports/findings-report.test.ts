import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Finding,
  FindingList,
  Job,
  Me,
  RedactionPreview,
  Report,
  ReportAccepted,
  RetestResult,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  findingsWorld,
  type FindingsWorld,
  type MissionFixture,
  type Who,
} from '../findings/test-world.js';
import { paragraphs, unzip } from './render/docx/test-docx-read.js';

/**
 * The findings section and a retest's before / after section through the API: findings made
 * by a lead, a report job, the PDF read back with pdftotext (as the issue is checked), the
 * DOCX and HTML; a retest mission whose report compares it with its original.
 */

const SECRET = 'Hunter2!xyz';
const TITLE = 'Encoded PowerShell & AMSI: no rule fired';

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The PDF's text as pdftotext reads it (whitespace folded), or null when it is absent. */
function pdftotext(pdf: Buffer, name: string): string | null {
  if (!hasPdftotext()) {
    console.log('[findings report] pdftotext absent (poppler-utils): PDF text not read');
    return null;
  }
  // REPORT_RENDER_DIR keeps the files (to look at them with pdftoppm).
  const dir = process.env.REPORT_RENDER_DIR ?? mkdtempSync(path.join(tmpdir(), 'findings-report-'));
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

const fold = (s: string): string => s.replace(/\s+/g, ' ');

describe('report: findings and retest before / after', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let m: MissionFixture;
  let finding: Finding;
  const ids = {} as Record<'ps' | 'phish', string>;

  const report = async (missionId: string, body: unknown, who: Who = 'lead'): Promise<Buffer> => {
    const res = await w.ok(who, 'POST', `/api/missions/${missionId}/reports`, body);
    const accepted = ReportAccepted.parse(res.json());
    await t.ctx.runner.runOnce();
    const job = Job.parse((await w.ok(who, 'GET', `/api/jobs/${accepted.job.id}`)).json());
    expect(job.status, job.error ?? '').toBe('succeeded');
    const got = Report.parse((await w.ok(who, 'GET', `/api/reports/${accepted.report.id}`)).json());
    expect(got.status).toBe('succeeded');
    return (await w.ok(who, 'GET', `/api/reports/${got.id}/content`)).rawPayload;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    m = await w.newMission('Q1 exercise');
    ids.ps = await w.firstTest(m.id);
    ids.phish = await w.addTest(m, 'Phish', ['T1566.001']);
    await w.review(m, ids.ps, 'not_detected', 'no_rule');
    await w.review(m, ids.phish, 'alerted');
    const created = await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
      title: TITLE,
      severity: 'high',
      description_md: `The **EDR** saw nothing. Operators ran it with password=${SECRET} on the line.`,
      recommendation_md: '1. Enable *AMSI* logging.\n2. Deploy the Sigma rule below.',
      test_ids: [ids.ps],
      gap_reason: 'no_rule',
      sigma_rule: 'proc_creation_win_powershell_encoded',
      siem_query: 'index=edr process=powershell.exe cmdline="*-enc*"',
      owner_name: 'SOC engineering',
      due_on: '2026-05-01',
    });
    finding = Finding.parse(created.json());
    await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
      title: 'Phishing triage is slow',
      severity: 'low',
      test_ids: [ids.phish],
    });
  });
  afterAll(() => t.close());

  it('writes the findings section into the PDF (read with pdftotext), redacted', async () => {
    const pdf = await report(m.id, { format: 'pdf' });
    const raw = pdftotext(pdf, 'findings');
    if (raw === null) return;
    const text = fold(raw);
    expect(text).toContain('Findings and recommendations');
    const section = text.slice(text.lastIndexOf('Findings and recommendations'));
    expect(section).toContain('2 findings');
    expect(section).toMatch(/BY SEVERITY Critical 0 High 1 Medium 0 Low 1 Info 0/);
    expect(section).toContain('BY STATUS Open: 2');
    expect(section).toContain(`F-1 ${TITLE}`);
    expect(section).toContain('F-2 Phishing triage is slow');
    expect(section).toContain('SOC engineering');
    expect(section).toContain('2026-05-01');
    expect(section).toContain('T1059.001');
    expect(section).toMatch(/Linked tests 1\.1 Encoded PowerShell/);
    expect(section).toContain('Gap reason No rule');
    expect(section).toContain('The EDR saw nothing.');
    expect(section).toContain('password=[REDACTED]');
    expect(section).toContain('1. Enable AMSI logging.');
    expect(section).toContain('SIGMA RULE proc_creation_win_powershell_encoded');
    expect(section).toContain('SIEM QUERY index=edr');
    expect(text).not.toContain(SECRET);
    // The TOC lists each finding, and the footer counts every page.
    expect(text).toMatch(/F-1 Encoded PowerShell & AMSI: no rule fired \.* ?\d+/);
    const pages = Number(/Page \d+ of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // Not a retest: no before / after.
    expect(text).not.toContain('Retest: before and after');
  });

  it('writes the findings into the DOCX and the HTML, redacted', async () => {
    const docx = await report(m.id, { format: 'docx' });
    const xml = (await unzip(docx)).get('word/document.xml')!.toString('utf8');
    const text = paragraphs(xml)
      .map((p) => p.text)
      .join('\n');
    expect(text).toContain(`F-1  ${TITLE}`);
    expect(text).toContain('password=[REDACTED]');
    expect(text).toContain('proc_creation_win_powershell_encoded');
    expect(text).not.toContain(SECRET);
    // Every chart is an image: none fell back to the "see the PDF" line (librsvg took them).
    expect(text).not.toContain('this chart is in the PDF and HTML reports');
    const html = (await report(m.id, { format: 'html' })).toString('utf8');
    expect(html).toContain('id="finding-1"');
    expect(html).toContain('<strong>EDR</strong>');
    expect(html).toContain('Encoded PowerShell &amp; AMSI');
    expect(html).not.toContain(SECRET);
  });

  it('lists the findings text in the redaction preview (never the secret)', async () => {
    const res = await w.ok('lead', 'POST', `/api/missions/${m.id}/reports/redaction-preview`, {});
    const preview = RedactionPreview.parse(res.json());
    expect(preview.finding_hits).toEqual([
      expect.objectContaining({
        finding_id: finding.id,
        finding_number: 1,
        field: 'description',
        pattern: 'password-assignment',
      }),
    ]);
    expect(res.body).not.toContain(SECRET);
    const without = RedactionPreview.parse(
      (
        await w.ok('lead', 'POST', `/api/missions/${m.id}/reports/redaction-preview`, {
          sections: ['tests'],
        })
      ).json(),
    );
    expect(without.finding_hits).toEqual([]);
  });

  it('compares a retest with its original: per test, per tactic, findings closed', async () => {
    const retest = RetestResult.parse(
      (
        await w.ok('lead', 'POST', `/api/missions/${m.id}/retest`, {
          finding_ids: [finding.id],
          name: 'Q1 retest',
        })
      ).json(),
    );
    const r: MissionFixture = { ...m, id: retest.mission_id };
    // The retest copies the defence tools: use its own ones for the review.
    const assets = (await w.ok('lead', 'GET', `/api/missions/${r.id}/assets`)).json<{
      items: Array<{ id: string; name: string }>;
    }>().items;
    r.edr = assets.find((a) => a.name === 'CrowdStrike')!.id;
    r.siem = assets.find((a) => a.name === 'Splunk')!.id;
    await w.review(r, retest.tests[0]!.test_id, 'alerted');
    const after = FindingList.parse(
      (await w.ok('lead', 'GET', `/api/missions/${m.id}/findings`)).json(),
    );
    expect(after.items.find((f) => f.id === finding.id)?.status).toBe('retest_passed');

    const pdf = await report(r.id, { format: 'pdf' });
    const raw = pdftotext(pdf, 'retest');
    const html = (await report(r.id, { format: 'html' })).toString('utf8');
    expect(html).toContain('Retest: before and after');
    expect(html).toContain('<strong>1 of 2</strong>');
    // A lead of the retest who is no member of the original: no comparison in their report.
    const outsiderId = Me.parse((await w.ok('outsider', 'GET', '/api/auth/me')).json()).id;
    await w.ok('lead', 'POST', `/api/missions/${r.id}/members`, {
      user_id: outsiderId,
      role: 'lead',
    });
    const theirs = (await report(r.id, { format: 'html' }, 'outsider')).toString('utf8');
    expect(theirs).toContain('Findings and recommendations');
    expect(theirs).not.toContain('Retest: before and after');
    if (raw === null) return;
    const text = fold(raw);
    const section = text.slice(text.lastIndexOf('Retest: before and after'));
    expect(section).toContain('This mission retests “Q1 exercise”');
    // pdftotext -layout reads the two rate boxes side by side.
    expect(section).toMatch(/DETECTION RATE BEFORE DETECTION RATE AFTER 0 ?% → 100 ?%/);
    expect(section).toContain('Q1 exercise · 0 of 1 detected this retest · 1 of 1 detected');
    expect(section).toMatch(/Encoded PowerShell Not detected \(gap\) Alerted \(pass\) Improved/);
    expect(section).toMatch(/Phish Alerted \(pass\) — Dropped/);
    expect(section).toMatch(/Execution 0 ?% 100 ?%/);
    expect(section).toContain('FINDINGS OF THE ORIGINAL MISSION (1 OF 2 CLOSED)');
    expect(section).toMatch(/Encoded PowerShell & AMSI: no rule fired High Retest passed/);
  });
});
