import { AuditEvent, ErrorBody, ExecutiveSummary, RedactionPreview } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { MASK } from './redaction/redactor.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

describe('executive summary, redaction preview and admin patterns', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let url: (p: string) => string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    url = (p) => `/api/missions/${w.missionId}${p}`;
  });
  afterAll(() => t.close());

  it('is read by members, edited by leads with an optimistic version, audited', async () => {
    const got = ExecutiveSummary.parse(
      (await w.ok('blue', 'GET', url('/executive-summary'))).json(),
    );
    expect(got).toMatchObject({ version: 1, markdown: expect.stringContaining('# Summary') });
    expect(got.updated_by?.display_name).toEqual(expect.any(String));
    const put = await w.ok('lead', 'PUT', url('/executive-summary'), {
      markdown: 'New text',
      version: 1,
    });
    expect(ExecutiveSummary.parse(put.json())).toMatchObject({ markdown: 'New text', version: 2 });
    const stale = await w.req('lead', 'PUT', url('/executive-summary'), {
      markdown: 'Lost',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(ErrorBody.parse(stale.json()).context).toMatchObject({ current_version: 2 });
    // 404 for outsiders, 403 for members who do not lead, 422 for a bad body (in that order).
    expect(
      (await w.req('outsider', 'PUT', url('/executive-summary'), { markdown: 'x', version: 2 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.req('red', 'PUT', url('/executive-summary'), { markdown: 'x', version: 2 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.req('lead', 'PUT', url('/executive-summary'), { markdown: 'x' })).statusCode,
    ).toBe(422);
    expect(
      (
        await w.req('lead', 'PUT', url('/executive-summary'), {
          markdown: 'x',
          version: 2,
          extra: 1,
        })
      ).statusCode,
    ).toBe(422);
    const audit = (
      await w.ok('admin', 'GET', '/api/audit?action=mission.executive_summary_updated')
    ).json<{ items: unknown[] }>();
    const last = audit.items.map((e) => AuditEvent.parse(e)).find((e) => e.after?.version === 2);
    expect(last).toMatchObject({
      mission_id: w.missionId,
      before: { version: 1 },
      after: { markdown: 'New text' },
    });
    expect(
      ExecutiveSummary.parse((await w.ok('lead', 'GET', url('/executive-summary'))).json()).version,
    ).toBe(2);
    await w.ok('lead', 'PUT', url('/executive-summary'), {
      markdown: `Key ${SECRETS.aws} found.`,
      version: 2,
    });
  });

  it('previews what would be masked, never the secret itself', async () => {
    const res = await w.ok('lead', 'POST', url('/reports/redaction-preview'), {});
    const p = RedactionPreview.parse(res.json());
    for (const secret of Object.values(SECRETS)) expect(res.body).not.toContain(secret);
    const by = (field: string) => p.hits.filter((h) => h.field === field);
    expect(by('command')).toEqual([
      expect.objectContaining({
        test_id: w.ids.main,
        test_name: 'Dump credentials',
        pattern: 'password-option',
        excerpt: expect.stringContaining(`--password=${MASK}`),
      }),
    ]);
    expect(by('output').map((h) => h.pattern)).toEqual(['ntlm-hash']);
    expect(by('blue_comment').map((h) => h.pattern)).toEqual(['bearer-token']);
    expect(by('evidence_text').map((h) => h.pattern)).toEqual(['password-assignment']);
    expect(p.executive_summary_hits).toEqual([
      { pattern: 'aws-access-key', excerpt: `Key ${MASK} found.` },
    ]);
    expect(p).toMatchObject({ total: p.hits.length + 1, truncated: false });
    // The hidden test's fields are previewed only with include_hidden; redact: false masks nothing.
    const none = RedactionPreview.parse(
      (await w.ok('lead', 'POST', url('/reports/redaction-preview'), { redact: false })).json(),
    );
    expect(none).toMatchObject({ hits: [], total: 0 });
    expect(
      (await w.req('lead', 'POST', url('/reports/redaction-preview'), { sections: ['nope'] }))
        .statusCode,
    ).toBe(422);
    expect((await w.req('red', 'POST', url('/reports/redaction-preview'), {})).statusCode).toBe(
      403,
    );
  });

  it('refuses an invalid or catastrophic admin pattern with 422 naming it, and saves nothing', async () => {
    const patch = (patterns: unknown) =>
      w.req('admin', 'PATCH', '/api/settings', { 'reports.redaction_patterns': patterns });
    const cases: Array<[unknown, string, RegExp]> = [
      [
        [{ name: 'broken', pattern: '(abc' }],
        'body.reports.redaction_patterns.0.pattern',
        /broken: does not compile/,
      ],
      [
        [
          { name: 'ok', pattern: 'x[0-9]' },
          { name: 'evil', pattern: '(a+)+$' },
        ],
        'body.reports.redaction_patterns.1.pattern',
        /evil: is vulnerable/,
      ],
      [
        [{ name: 'look', pattern: 'pass(?=word)' }],
        'body.reports.redaction_patterns.0.pattern',
        /look: uses lookaround/,
      ],
      [
        [{ name: 'back', pattern: '(a)\\1' }],
        'body.reports.redaction_patterns.0.pattern',
        /back: uses a backreference/,
      ],
      [
        [{ name: 'flags', pattern: 'x', flags: 'g' }],
        'body.reports.redaction_patterns.0.flags',
        /flags/,
      ],
    ];
    for (const [patterns, path, message] of cases) {
      const res = await patch(patterns);
      expect(res.statusCode, res.body).toBe(422);
      const issue = ErrorBody.parse(res.json()).errors?.find((e) => e.path === path);
      expect(issue?.message).toMatch(message);
    }
    const settings = (await w.ok('admin', 'GET', '/api/settings')).json<Record<string, unknown>>();
    expect(settings['reports.redaction_patterns']).toEqual([]);
  });

  it('applies a saved admin pattern to the preview and the report', async () => {
    await w.ok('admin', 'PATCH', '/api/settings', {
      'reports.redaction_patterns': [{ name: 'root-user', pattern: '-u root', flags: '' }],
    });
    const p = RedactionPreview.parse(
      (await w.ok('lead', 'POST', url('/reports/redaction-preview'), {})).json(),
    );
    expect(p.hits.some((h) => h.pattern === 'root-user' && !h.excerpt.includes('-u root'))).toBe(
      true,
    );
    const report = await w.generate('lead', {
      format: 'html',
      options: { sections: ['tests', 'methodology'] },
    });
    const html = (await w.ok('lead', 'GET', `/api/reports/${report.id}/content`)).body;
    expect(html).not.toContain('-u root');
    expect(html).toContain('root-user');
  });
});
