import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ExecutionImportReport, Report } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRenderer } from '../../modules/reports/model/report-model.js';
import { renderers } from '../../modules/reports/render/index.js';
import { remoteWorld, type RemoteWorld } from './test-remote.js';

/** A renderer that fails half-way, so the report job fails. */
const broken: ReportRenderer = {
  format: 'html',
  mime: 'text/html; charset=utf-8',
  extension: 'html',
  async render(_model, out, progress) {
    out.write('<!doctype html><html><body>half');
    await progress(1, 3);
    throw new Error('renderer exploded');
  },
};

describe('metamorph remote: import and report jobs', () => {
  let r: RemoteWorld;
  let m: string;
  beforeAll(async () => {
    r = await remoteWorld();
    m = r.w.missionId;
  });
  afterAll(() => r.close());

  it('imports execution logs: a dry run writes nothing, then the import fills the tests, the report as a table', async () => {
    const attire = r.fixturePath('attire-run.json');
    const csv = r.fixturePath('art-log.csv');
    const dry = await r.cli(['import', 'execution', '--mission', m, attire, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^procedure\s+technique\s+name\s+outcome\s+test\s+details/);
    expect(dry.stdout).toContain('attire-run.json#1');
    expect(dry.stdout).toMatch(/procedures \(.*filled.*\): dry run, nothing written/);
    expect((await r.w.test(r.w.tests.cradle)).red_command).toBeNull();

    const run = await r.cli([
      'import',
      'execution',
      '--mission',
      m,
      attire,
      csv,
      '--create-unmatched',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('art-log.csv#1');
    expect(run.stdout).toMatch(/: applied$/m);
    const cradle = await r.w.test(r.w.tests.cradle);
    expect(cradle.red_command).not.toBeNull();
    expect(cradle.state).toBe('executed');
  });

  it('prints the import report as the contract’s JSON with --json; --overwrite --only resolves one conflict', async () => {
    const csv = r.fixturePath('art-log.csv');
    const res = await r.cli([
      '--json',
      'import',
      'execution',
      '--mission',
      m,
      csv,
      '--overwrite',
      '--only',
      'art-log.csv#1',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const report = ExecutionImportReport.parse(JSON.parse(res.stdout));
    expect(report).toMatchObject({ mission_id: m, overwrite: true, dry_run: false, applied: true });
    const first = report.rows.find((x) => x.index === 1);
    expect(first?.overwritten).toContain('account_used');
    expect((await r.w.test(r.w.tests.cradle)).account_used).toBe('CORP\\bob');
  });

  it('refuses an import by a member without a red role (exit 2) and files that do not exist (exit 1)', async () => {
    const attire = r.fixturePath('attire-run.json');
    const blue = await r.cli(['import', 'execution', '--mission', m, attire], {
      token: r.tokens.blue,
    });
    expect(blue.code).toBe(2);
    expect(blue.stderr).toContain('403 forbidden');
    const missing = await r.cli(['import', 'execution', '--mission', m, `${attire}.nope`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });

  it('generates a report: follows the job, downloads the file; --json answers the Report', async () => {
    const file = path.join(r.dir, 'mission.html');
    const res = await r.cli(['report', m, '--format', 'html', '-o', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^wrote .*mission\.html \(html, \d+ bytes, sha256 [0-9a-f]{64}\)/);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readFileSync(file, 'utf8')).toContain('Automation day');

    const docx = path.join(r.dir, 'mission.docx');
    const json = await r.cli(['report', m, '--format', 'docx', '-o', docx, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = Report.parse(JSON.parse(json.stdout));
    expect(report).toMatchObject({ status: 'succeeded', format: 'docx', mission_id: m });
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(docx).length).toBe(report.size_bytes);
    const pdf = path.join(r.dir, 'mission.pdf');
    const asPdf = await r.cli(['report', m, '--format', 'pdf', '-o', pdf]);
    expect(asPdf.code, asPdf.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // No temp file is left beside the report.
    expect(readdirSync(r.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('exits 4 when the report job fails, 1 on a bad format, 2 when the mission is not visible', async () => {
    const html = renderers.html;
    renderers.html = broken;
    const file = path.join(r.dir, 'failed.html');
    try {
      const res = await r.cli(['report', m, '--format', 'html', '-o', file]);
      expect(res.code).toBe(4);
      expect(res.stderr).toMatch(/job \S+ \(report\.generate\) failed: renderer exploded/);
      expect(existsSync(file)).toBe(false);
    } finally {
      renderers.html = html;
    }
    const bad = await r.cli(['report', m, '--format', 'odt', '-o', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format must be one of pdf, docx, html');
    const hidden = await r.cli(['report', m, '--format', 'html', '-o', file], {
      token: r.tokens.outsider,
    });
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toContain('404 not_found');
  });
});
