import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DetectionLevelList, MissionPlan } from '@metamorph/contract';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { unzip } from './render/docx/test-docx-read.js';
import { nextSteps, plainInline } from './render/pptx/plain.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

const run = promisify(execFile);

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of each paragraph (<a:p>) of a slide's XML. */
const paras = (xml: string) =>
  [...xml.matchAll(/<a:p>[\s\S]*?<\/a:p>/g)].map((p) =>
    [...p[0].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => decode(t[1]!)).join(''),
  );

/** Rows of every table (<a:tbl>) of a slide: each row its cells' text. */
const tables = (xml: string) =>
  [...xml.matchAll(/<a:tbl>[\s\S]*?<\/a:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<a:tr [\s\S]*?<\/a:tr>/g)].map((r) =>
      [...r[0].matchAll(/<a:tc[ >][\s\S]*?<\/a:tc>/g)].map((c) => paras(c[0]).join('\n')),
    ),
  );

const slideNo = (name: string) => Number(/slide(\d+)\.xml$/.exec(name)![1]);

/** The readout deck read back from the PPTX: slides, titles, numbers, tables, image, no secret. */
describe('PPTX readout deck', () => {
  let t: TestApp;
  let w: ReportsWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    // A detection gap: a second test run and reviewed as not detected.
    const u = (p: string) => `/api/missions/${w.missionId}${p}`;
    const plan = MissionPlan.parse((await w.ok('lead', 'GET', u('/plan'))).json());
    const created = MissionPlan.parse(
      (
        await w.ok('lead', 'POST', u('/tests'), {
          scenario_id: plan.scenarios[0]!.id,
          name: 'Kerberoast service accounts',
          attack_ids: ['T1027'],
        })
      ).json(),
    );
    const gap = created.scenarios
      .flatMap((s) => s.tests)
      .find((x) => x.snapshot_name === 'Kerberoast service accounts')!.id;
    const levels = DetectionLevelList.parse(
      (await w.ok('blue', 'GET', '/api/detection-levels')).json(),
    ).items;
    await w.ok('red', 'PUT', u(`/tests/${gap}`), {
      red_command: `Rubeus kerberoast /password:${SECRETS.password}`,
      attack_started_at: '2026-03-01T11:00:00.000Z',
      execution_result: 'succeeded',
    });
    await w.ok('red', 'POST', u(`/tests/${gap}/transition`), { state: 'executed' });
    await w.ok('blue', 'PUT', u(`/tests/${gap}`), {
      detection_level_id: levels.find((l) => l.key === 'not_detected')!.id,
    });
    await w.ok('blue', 'POST', u(`/tests/${gap}/transition`), { state: 'reviewed_by_blue' });
    await w.ok('lead', 'PUT', u('/executive-summary'), {
      markdown:
        `# Summary\n\nKey ${SECRETS.aws} was found in a script.\n\n` +
        '## Next steps\n\n- Alert on **Kerberos** service-ticket requests ([guide](https://x.example))\n' +
        `- Rotate the \`svc_sql\` password, leaked as password=${SECRETS.password}\n`,
      version: 1,
    });
  });
  afterAll(() => t.close());

  it('is written by the report job and reads back slide by slide', async () => {
    const report = await w.generate('lead', { format: 'pptx' });
    expect(report.error).toBeNull();
    expect(report.status).toBe('succeeded');
    expect(report.file_name).toMatch(/-report-\d{4}-\d{2}-\d{2}\.pptx$/);
    const res = await w.ok('lead', 'GET', `/api/reports/${report.id}/content`);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    expect(res.headers['content-disposition']).toContain('.pptx');
    const buf = res.rawPayload;
    expect(buf.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
    expect(createHash('sha256').update(buf).digest('hex')).toBe(report.sha256);

    const files = await unzip(buf);
    const slides = [...files.keys()]
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      .sort((a, b) => slideNo(a) - slideNo(b))
      .map((n) => files.get(n)!.toString('utf8'));
    const titles = slides.map((x) => paras(x)[0]);
    expect(titles).toEqual([
      'Initech',
      'Scope and team',
      'Key numbers',
      'ATT&CK heat map',
      'Results by tactic',
      'Top detection gaps',
      'Time to detect and alert',
      'Next steps',
      'Detection levels',
    ]);
    const [cover, scope, numbers, heat, tactics, gaps, time, next, levels] = slides as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    expect(paras(cover)).toContain('Opération Été');
    expect(paras(scope)).toContain('Lead');
    expect(tables(scope)[0]).toContainEqual(['Client', 'Initech']);
    expect(tables(scope)[0]).toContainEqual(['Tests in this report', '3']);
    // Key numbers: three tests, two reviewed, one of two detected.
    const n = paras(numbers);
    expect(n).toEqual(
      expect.arrayContaining(['3', 'Tests in this report', '50 %', 'Detection rate']),
    );
    expect(n).toContain('1 of 2 tests with an outcome');
    // The heat map is a picture: a PNG in the package, referenced by its slide.
    expect(heat).toContain('<p:pic>');
    const media = [...files.keys()].filter((k) => /^ppt\/media\/.+\.png$/.test(k));
    expect(media.length).toBeGreaterThanOrEqual(1);
    const png = await sharp(files.get(media[0]!)!).metadata();
    expect(png.format).toBe('png');
    expect(png.width).toBeGreaterThan(200);
    // Native tables (not pictures of text).
    const tacticRows = tables(tactics)[0]!;
    expect(tacticRows[0]).toEqual([
      'Tactic',
      'Tests',
      'Reviewed',
      'Detected',
      'Prevented',
      'Detection rate',
    ]);
    expect(tacticRows.length).toBeGreaterThan(1);
    expect(tacticRows.slice(1).every((r) => r.length === 6)).toBe(true);
    const gapRows = tables(gaps)[0]!;
    expect(gapRows).toHaveLength(2);
    expect(gapRows[1]!.slice(1, 4)).toEqual([
      'Kerberoast service accounts',
      'T1027',
      'Not detected',
    ]);
    expect(paras(time).join('\n')).toContain('Time to detect (median): 30 s');
    expect(tables(time)[0]![1]).toEqual(['1.2', 'Dump credentials', 'CrowdStrike', '30 s']);
    expect(paras(next)).toEqual(
      expect.arrayContaining([
        'Alert on Kerberos service-ticket requests (guide)',
        // Redacted in the model before the deck sees it.
        'Rotate the svc_sql password, leaked as password=[REDACTED]',
      ]),
    );
    expect(tables(levels)[0]!.map((r) => r[1])).toEqual(
      expect.arrayContaining(['Level', 'Not detected', 'Alerted']),
    );
    // Redaction holds in every part of the package (XML, properties, notes).
    for (const [name, bytes] of files) {
      const text = bytes.toString('latin1');
      for (const secret of Object.values(SECRETS)) expect(text, name).not.toContain(secret);
    }
    await pdfPages(buf, slides.length);
  });

  it('makes plain bullets of markdown', () => {
    expect(plainInline('**Bold** and _it_ ![x](y.png) [link](http://a) `code`')).toBe(
      'Bold and it link code',
    );
    const texts = (md: string) => nextSteps(md).map((b) => b.text);
    expect(texts('Just a paragraph.\n\nAnd another.\n\n```\nindex=main\n```')).toEqual([
      'Just a paragraph.',
      'And another.',
    ]);
    expect(texts('# A\n\n- one\n- two\n\n# Recommendations\n\n1. three')).toEqual(['three']);
    expect(nextSteps('- top\n   - under')).toEqual([
      { text: 'top', level: 0 },
      { text: 'under', level: 1 },
    ]);
    expect(nextSteps(null)).toEqual([]);
  });
});

/** LibreOffice, when the machine has it: the deck converts to a PDF of one page per slide. */
async function pdfPages(pptx: Buffer, slides: number): Promise<void> {
  const soffice = await run('sh', ['-c', 'command -v soffice']).catch(() => null);
  if (!soffice?.stdout.trim()) {
    console.log('PPTX → PDF check skipped: LibreOffice (soffice) is not installed here');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'deck-'));
  try {
    await writeFile(path.join(dir, 'deck.pptx'), pptx);
    await run(
      'soffice',
      ['--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'deck.pptx')],
      {
        timeout: 120_000,
      },
    );
    const pdf = (await readFile(path.join(dir, 'deck.pdf'))).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(slides);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
