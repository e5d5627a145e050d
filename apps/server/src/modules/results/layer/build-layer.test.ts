import { DEFAULT_DETECTION_LEVELS, type ResultTag, type ResultTest } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { attackVersion, buildLayer, type LayerInput } from './build-layer.js';
import { layerSchemaErrors } from './test-layer-schema.js';

const levels = DEFAULT_DETECTION_LEVELS.map((l) => ({ ...l, id: `lvl-${l.key}` }));
const lvl = (key: string) => {
  const l = levels.find((x) => x.key === key)!;
  return {
    id: l.id,
    key: l.key,
    rank: l.rank,
    counts_as: l.counts_as,
    coverage_score: l.coverage_score,
  };
};
const tag = (id: string, ...tactics: string[]): ResultTag => ({
  kind: id.includes('.') ? 'subtechnique' : 'technique',
  external_id: id,
  name: id,
  tactics: tactics.map((s, i) => ({ external_id: `TA${i}`, shortname: s, name: s })),
});
const test = (
  id: string,
  level: string | null,
  executedAt: string | null,
  tags: ResultTag[],
): ResultTest => ({
  id,
  state: executedAt ? 'executed' : 'pending',
  level: level ? lvl(level) : null,
  executed_at: executedAt,
  attack_started_at: null,
  tools: [],
  tags,
});

// T1003.001 mixed (alerted, then not detected, then logged last); T1021 under two tactics;
// T1027 pending only; T1105 run without a level; T9999 with no tactic in its snapshot.
const tests = [
  test('a', 'alerted', '2026-03-01T10:00:00Z', [tag('T1003.001', 'credential-access')]),
  test('b', 'not_detected', '2026-03-01T10:05:00Z', [tag('T1003.001', 'credential-access')]),
  test('c', 'logged', '2026-03-01T10:09:00Z', [
    tag('T1003.001', 'credential-access'),
    tag('T1021', 'lateral-movement', 'persistence'),
  ]),
  test('d', null, null, [tag('T1027', 'defense-evasion')]),
  test('e', null, '2026-03-01T10:10:00Z', [tag('T1105', 'command-and-control')]),
  test('f', 'prevented', '2026-03-01T10:11:00Z', [tag('T9999')]),
];
const input = (over: Partial<LayerInput> = {}): LayerInput => ({
  name: 'Q1 exercise',
  tests,
  testNames: new Map(tests.map((t) => [t.id, `Test ${t.id}`])),
  levels: [...levels].reverse(),
  rule: 'worst',
  attackReleases: ['15.1', '16.0', '16.1', null],
  metadata: [{ name: 'Mission', value: 'Q1 exercise' }],
  ...over,
});
const entry = (layer: ReturnType<typeof buildLayer>, id: string, tactic?: string) =>
  layer.techniques.find((e) => e.techniqueID === id && e.tactic === tactic);

describe('buildLayer', () => {
  it('scores by the rule from the level coverage score and colour', () => {
    const score = (rule: LayerInput['rule']) => {
      const e = entry(buildLayer(input({ rule })), 'T1003.001', 'credential-access');
      return [e?.score, e?.color];
    };
    expect(score('worst')).toEqual([0, '#e03131']);
    expect(score('best')).toEqual([75, '#1c7ed6']);
    expect(score('latest')).toEqual([33, '#f59f00']);
  });

  it('writes one entry per technique × tactic, unscored ones without score or colour', () => {
    const layer = buildLayer(input());
    expect(layer.techniques.map((e) => [e.techniqueID, e.tactic ?? null, e.score ?? null])).toEqual(
      [
        ['T1003', 'credential-access', null],
        ['T1003.001', 'credential-access', 0],
        ['T1021', 'lateral-movement', 33],
        ['T1021', 'persistence', 33],
        ['T1027', 'defense-evasion', null],
        ['T1105', 'command-and-control', null],
        ['T9999', null, 100],
      ],
    );
    expect(entry(layer, 'T1027', 'defense-evasion')).toEqual({
      techniqueID: 'T1027',
      tactic: 'defense-evasion',
      comment: 'Unscored: 1 test, none run yet\n- Test d: pending',
      enabled: true,
    });
    expect(entry(layer, 'T1105', 'command-and-control')?.comment).toBe(
      'Unscored: 1 test, none with an outcome yet\n- Test e: awaiting outcome',
    );
    expect(entry(layer, 'T1003.001', 'credential-access')?.comment).toBe(
      'Not detected: the worst outcome of 3 tests\n- Test a: Alerted\n- Test b: Not detected\n- Test c: Logged',
    );
  });

  it('shows the sub-techniques of a parent with a scored sub-technique', () => {
    const layer = buildLayer(input());
    expect(entry(layer, 'T1003', 'credential-access')).toMatchObject({ showSubtechniques: true });
    expect(layer.techniques.filter((e) => e.showSubtechniques).map((e) => e.techniqueID)).toEqual([
      'T1003',
    ]);
    // A tagged parent keeps its own score and gets the flag.
    const withParent = [
      ...tests,
      test('g', 'alerted', '2026-03-01T11:00:00Z', [tag('T1003', 'credential-access')]),
    ];
    const e = entry(buildLayer(input({ tests: withParent })), 'T1003', 'credential-access');
    expect(e).toMatchObject({ score: 75, showSubtechniques: true });
  });

  it('fills versions, gradient, legend and metadata; the layer passes the schema', () => {
    const layer = buildLayer(input());
    expect(layer.versions).toEqual({ attack: '16', navigator: '5.1.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.gradient).toEqual({
      colors: ['#e03131', '#f59f00', '#1c7ed6', '#2f9e44'],
      minValue: 0,
      maxValue: 100,
    });
    expect(layer.legendItems.map((l) => l.label)).toEqual([
      'Not detected',
      'Logged',
      'Alerted',
      'Prevented',
    ]);
    expect(layer.metadata).toEqual([
      { name: 'Mission', value: 'Q1 exercise' },
      { name: 'Aggregation', value: 'worst' },
    ]);
    expect(layerSchemaErrors(layer)).toEqual([]);
    expect(layerSchemaErrors([layer, layer])).toEqual([]);
  });

  it('handles no levels, one level and no release', () => {
    const none = buildLayer(input({ levels: [], attackReleases: [null] }));
    expect(none.versions.attack).toBeUndefined();
    expect(none.gradient.colors.length).toBeGreaterThanOrEqual(2);
    expect(layerSchemaErrors(none)).toEqual([]);
    const one = buildLayer(input({ levels: levels.slice(0, 1) }));
    expect(one.gradient.colors).toEqual(['#e03131', '#e03131']);
    expect(layerSchemaErrors(one)).toEqual([]);
  });

  it('takes the most common ATT&CK major release, ties to the newest', () => {
    expect(attackVersion(['15.1', '15.0', '16.1'])).toBe('15');
    expect(attackVersion(['15.1', '16.1'])).toBe('16');
    expect(attackVersion(['v14', null, 'unknown'])).toBe('14');
    expect(attackVersion([])).toBeUndefined();
  });
});

describe('the layer JSON Schema', () => {
  const good = buildLayer(input());
  const broken: Array<[string, (l: Record<string, unknown>) => void]> = [
    ['no name', (l) => delete l.name],
    ['a bad domain', (l) => (l.domain = 'mitre-enterprise')],
    ['an old layer version', (l) => (l.versions = { navigator: '5.1.0', layer: '4.4' })],
    ['a navigator before 4.9.0', (l) => (l.versions = { navigator: '4.8.2', layer: '4.5' })],
    ['a bad technique id', (l) => (l.techniques = [{ techniqueID: '1003' }])],
    ['a string score', (l) => (l.techniques = [{ techniqueID: 'T1003', score: '5' }])],
    ['a one-colour gradient', (l) => (l.gradient = { colors: ['#fff'], minValue: 0, maxValue: 1 })],
    ['a legend item without colour', (l) => (l.legendItems = [{ label: 'x' }])],
    ['an unknown property', (l) => (l.colour = '#fff')],
    ['metadata without value', (l) => (l.metadata = [{ name: 'x' }])],
    ['a bad sorting', (l) => (l.sorting = 7)],
  ];
  it.each(broken)('refuses %s', (_, breakIt) => {
    const copy = structuredClone(good) as unknown as Record<string, unknown>;
    breakIt(copy);
    expect(layerSchemaErrors(copy).length).toBeGreaterThan(0);
  });
});
