import { describe, expect, it } from 'vitest';
import {
  LAYER_MAX_COMMENT_CHARS,
  LAYER_MAX_TECHNIQUES,
  LAYER_MAX_WARNINGS,
  parseNavigatorLayer,
  type LayerTechnique,
} from './parse.js';
import { layerOf, ok, one, tech } from './test-layer.js';

describe('parseNavigatorLayer: technique fields', () => {
  it.each<[string, Record<string, unknown>, Partial<LayerTechnique>, RegExp | null]>([
    ['score 0 is a score', { score: 0 }, { score: 0 }, null],
    ['fractional and negative scores', { score: -2.5 }, { score: -2.5 }, null],
    ['score null is unscored', { score: null }, { score: null }, null],
    ['score "" is unscored', { score: '' }, { score: null }, null],
    ['numeric string score', { score: '75' }, { score: 75 }, null],
    ['non-numeric score', { score: 'high' }, { score: null }, /score "high" is not a number/],
    ['boolean score', { score: true }, { score: null }, /score true is not a number/],
    ['comment "" is none', { comment: '' }, { comment: null }, null],
    ['comment of the wrong type', { comment: 12 }, { comment: null }, /comment 12 is not a string/],
    ['NUL dropped from a comment', { comment: 'a\u0000b' }, { comment: 'ab' }, null],
    ['lone surrogate replaced', { comment: 'x\uD800y' }, { comment: 'x\uFFFDy' }, null],
    ['short hex color', { color: '#f00' }, { color: '#f00' }, null],
    ['hex color with alpha', { color: '#ff000080' }, { color: '#ff000080' }, null],
    ['named color', { color: 'red' }, { color: 'red' }, null],
    [
      'css injection in color',
      { color: 'red;background:url(x)' },
      { color: null },
      /not a hex or named color/,
    ],
    [
      'tactic shortname',
      { tactic: 'command-and-control' },
      { tactic: 'command-and-control' },
      null,
    ],
    [
      'tactic display name',
      { tactic: 'Lateral Movement' },
      { tactic: null },
      /not a tactic shortname/,
    ],
    ['tactic of the wrong type', { tactic: 3 }, { tactic: null }, /tactic 3/],
    ['enabled false is kept', { enabled: false }, { enabled: false }, null],
    ['enabled null defaults to true', { enabled: null }, { enabled: true }, null],
    [
      'enabled as a string',
      { enabled: 'false' },
      { enabled: true },
      /enabled "false" is not a boolean/,
    ],
  ])('%s', (_label, entry, expected, warning) => {
    const r = one(entry);
    expect(r.layer.techniques).toEqual([tech('T1059', expected)]);
    if (warning) expect(r.warnings).toEqual([expect.stringMatching(warning)]);
    else expect(r.warnings).toEqual([]);
  });

  it('reads a score that overflows to Infinity as unscored', () => {
    const r = ok(
      parseNavigatorLayer(layerOf('@').replace('"@"', '[{"techniqueID":"T1059","score":1e999}]')),
    );
    expect(r.layer.techniques).toEqual([tech('T1059')]);
    expect(r.warnings).toEqual([expect.stringMatching(/score Infinity is not a number/)]);
  });

  it.each<[string, unknown]>([
    ['too short', 'T12'],
    ['lower case', 't1059'],
    ['sub-technique of 1 digit', 'T1059.1'],
    ['sub-technique of 4 digits', 'T1059.0001'],
    ['surrounding spaces', ' T1059'],
    ['a tactic id', 'TA0001'],
    ['a number', 1059],
    ['null', null],
  ])('skips a technique whose id is %s, naming its index', (_label, id) => {
    const r = ok(
      parseNavigatorLayer(layerOf([{ techniqueID: 'T1001' }, { techniqueID: id, score: 1 }])),
    );
    expect(r.layer.techniques).toEqual([tech('T1001')]);
    expect(r.warnings).toEqual([expect.stringMatching(/^techniques\[1\] techniqueID .* skipped$/)]);
  });

  it.each<[string, unknown, RegExp]>([
    ['no techniqueID', { score: 3 }, /^techniques\[0\] has no "techniqueID"; skipped$/],
    ['a string entry', 'T1059', /^techniques\[0\] is not an object; skipped$/],
    ['an array entry', ['T1059'], /^techniques\[0\] is not an object; skipped$/],
    ['a null entry', null, /^techniques\[0\] is not an object; skipped$/],
  ])('skips %s', (_label, entry, warning) => {
    const r = ok(parseNavigatorLayer(layerOf([entry])));
    expect(r.layer.techniques).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(warning), 'the layer lists no techniques']);
  });

  it('truncates a huge comment with a warning, never splitting a surrogate pair', () => {
    const long = `${'a'.repeat(LAYER_MAX_COMMENT_CHARS - 1)}😀tail`;
    const r = one({ comment: long });
    expect(r.layer.techniques[0]?.comment).toBe('a'.repeat(LAYER_MAX_COMMENT_CHARS - 1));
    expect(r.warnings).toEqual([
      `techniques[0] (T1059): comment cut from ${long.length} to ${LAYER_MAX_COMMENT_CHARS} characters`,
    ]);
    const exact = one({ comment: 'b'.repeat(LAYER_MAX_COMMENT_CHARS) });
    expect(exact.warnings).toEqual([]);
  });

  it('caps warnings, counting the rest', () => {
    const entries = Array.from({ length: 250 }, () => ({ techniqueID: 'bad' }));
    const r = ok(parseNavigatorLayer(layerOf(entries)));
    expect(r.warnings).toHaveLength(LAYER_MAX_WARNINGS + 1);
    expect(r.warnings.at(-1)).toBe('… and 151 more warnings'); // 250 bad + "no techniques"
  });

  it(`accepts ${LAYER_MAX_TECHNIQUES} technique entries`, () => {
    const ids = Array.from({ length: LAYER_MAX_TECHNIQUES }, (_, i) => `T${1000 + (i % 9000)}`);
    const r = ok(parseNavigatorLayer(layerOf(ids.map((techniqueID) => ({ techniqueID })))));
    expect(r.layer.techniques).toHaveLength(9000);
  });
});
