import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { threatWorld, type ThreatWorld } from '../test-threats.js';
import { DETTECT_FIXTURE } from './test-dettect.js';

interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

const head = 'version: 1.2\nfile_type: techniques-administration\nname: Bad\n';
const technique = (id: string, score: string, date = '2026-01-10') =>
  `  - technique_id: ${id}\n    detection:\n      - applicable_to: [all]\n        score_logbook:\n          - date: ${date}\n            score: ${score}\n`;

/** Every refusal of a DeTT&CT import: a 422 naming each problem with its path and line. */
describe('DeTT&CT import refusals', () => {
  let t: TestApp;
  let w: ThreatWorld;
  const url = () => `/api/clients/${w.clientId}/dettect`;
  const refuse = async (content: string) => {
    const res = await w.req('lead', 'POST', url(), { file_name: 'bad.yaml', content });
    expect(res.statusCode, res.body).toBe(422);
    return (res.json<Problem>().errors ?? []).map((e) => [e.path, e.message]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('names the wrong file type and version', async () => {
    expect(
      await refuse('version: 1.0\nfile_type: data-source-administration\ntechniques: []\n'),
    ).toEqual([
      [
        'content.file_type',
        'is "data-source-administration"; expected techniques-administration (line 2)',
      ],
      ['content.version', 'is 1; only version 1.2 is read (line 1)'],
    ]);
    expect(await refuse('just text')).toEqual([['content', 'is not a YAML mapping']]);
    expect(await refuse(`${head}`)).toEqual([
      ['content.techniques', 'must be a list of techniques'],
    ]);
  });

  it('lists every bad score, date and id with its line', async () => {
    const body =
      `${head}techniques:\n` +
      technique('T1027', '6') +
      technique('T1105', '-2', '2026-02-30') +
      technique('T1566.001', '2', '2027-01-01') +
      technique('not-an-id', '1') +
      technique('T1027', '1');
    expect(await refuse(body)).toEqual([
      [
        'content.techniques[0].detection[0].score_logbook[0].score',
        'is 6; expected a whole number from -1 to 5 (line 10)',
      ],
      [
        'content.techniques[1].detection[0].score_logbook[0].score',
        'is -2; expected a whole number from -1 to 5 (line 16)',
      ],
      [
        'content.techniques[1].detection[0].score_logbook[0].date',
        'is "2026-02-30"; expected a date YYYY-MM-DD (line 15)',
      ],
      [
        'content.techniques[2].detection[0].score_logbook[0].date',
        '2027-01-01 is in the future (line 21)',
      ],
      [
        'content.techniques[3].technique_id',
        'is "not-an-id"; expected an ATT&CK technique id like T1059.001 (line 23)',
      ],
      [
        'content.techniques[4].technique_id',
        'T1027 is listed twice (also techniques[0]) (line 29)',
      ],
    ]);
    const vis = `${head}techniques:\n  - technique_id: T1027\n    visibility:\n      applicable_to: []\n      score_logbook:\n        - {date: 2026-01-01, score: 5}\n`;
    expect(await refuse(vis)).toEqual([
      [
        'content.techniques[0].visibility.applicable_to',
        'must be a non-empty list of names (use [all] for every system) (line 7)',
      ],
      [
        'content.techniques[0].visibility.score_logbook[0].score',
        'is 5; expected a whole number from 0 to 4 (line 9)',
      ],
    ]);
  });

  it('refuses techniques absent from the catalog, revoked or deprecated', async () => {
    const body = `${head}techniques:\n${technique('T9999', '1')}${technique('T1064', '1')}`;
    const errors = await refuse(body);
    expect(errors[0]).toEqual([
      'content.techniques[0].technique_id',
      'T9999 is not in the ATT&CK catalog (line 5)',
    ]);
    expect(errors[1]?.[0]).toBe('content.techniques[1].technique_id');
    expect(errors[1]?.[1]).toMatch(/^T1064 is (revoked|deprecated).*\(line 11\)$/);
  });

  it('refuses alias bombs, anchors, tags, deep nesting and several documents', async () => {
    const bomb = `a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n${head}`;
    expect((await refuse(bomb))[0]?.[1]).toMatch(/anchor at line 1: anchors and tags are refused/);
    expect((await refuse(`${head}techniques: !!python/object:os.system []\n`))[0]?.[1]).toMatch(
      /tag|Unresolved/,
    );
    expect((await refuse(`${'['.repeat(200)}${']'.repeat(200)}`))[0]?.[1]).toMatch(
      /nest more than 64/,
    );
    expect(await refuse(`${head}---\n${head}`)).toEqual([
      ['content', 'must hold exactly one YAML document'],
    ]);
    expect((await refuse(`${head}name: twice\ntechniques: []\n`))[0]?.[1]).toMatch(
      /invalid YAML at line 4/,
    );
  });

  it('refuses files over 5 MiB and unknown body fields; stores nothing', async () => {
    const big = `${head}# ${'x'.repeat(5 * 1024 * 1024)}\ntechniques: []\n`;
    const res = await w.req('lead', 'POST', url(), { file_name: 'big.yaml', content: big });
    expect(res.statusCode).toBe(422);
    const extra = await w.req('lead', 'POST', url(), {
      file_name: 'a.yaml',
      content: DETTECT_FIXTURE,
      zz: 1,
    });
    expect(extra.statusCode).toBe(422);
    expect((await w.ok('lead', 'GET', url())).json()).toEqual({ claims: null });
  });
});
