import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LAYER_MAX_BYTES,
  LAYER_MAX_COMMENT_CHARS,
  LAYER_MAX_DEPTH,
  LAYER_MAX_NAME_CHARS,
  LAYER_MAX_TECHNIQUES,
  LAYER_MAX_WARNINGS,
  parseNavigatorLayer,
  type LayerParseResult,
  type LayerTechnique,
} from './parse.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../../../test/fixtures/layers');
const fixtureBytes = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

function ok(r: LayerParseResult) {
  if (!r.ok) throw new Error(`expected ok, got error: ${r.error}`);
  return r;
}
function err(r: LayerParseResult): string {
  if (r.ok) throw new Error('expected an error, got a layer');
  return r.error;
}
/** A layer with the given technique entries (and optional top-level overrides). */
function layerOf(techniques: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'inline',
    domain: 'enterprise-attack',
    versions: { layer: '4.5', navigator: '5.0.0' },
    techniques,
    ...extra,
  });
}
const one = (entry: Record<string, unknown>) =>
  ok(parseNavigatorLayer(layerOf([{ techniqueID: 'T1059', ...entry }])));

const tech = (external_id: string, t: Partial<LayerTechnique> = {}): LayerTechnique => ({
  external_id,
  tactic: null,
  score: null,
  comment: null,
  color: null,
  enabled: true,
  ...t,
});

describe('parseNavigatorLayer: fixtures', () => {
  it('reads a realistic 4.5 layer: order kept, first entry per technique wins', () => {
    const r = ok(parseNavigatorLayer(fixtureBytes('apt-plan.json')));
    expect(r.warnings).toEqual([]);
    expect(r.layer).toMatchObject({
      name: 'APT29 emulation plan – phase 1',
      domain: 'enterprise-attack',
      version: '4.5',
    });
    expect(r.layer.techniques).toEqual([
      tech('T1566.001', {
        tactic: 'initial-access',
        score: 100,
        color: '#e60d0d',
        comment: 'ISO attachment carrying a LNK loader',
      }),
      // Only color + showSubtechniques: still a technique of the layer.
      tech('T1059', { tactic: 'execution', color: '#fd8d3c' }),
      tech('T1059.001', {
        tactic: 'execution',
        score: 90,
        comment: 'PowerShell download cradle, then AMSI bypass',
      }),
      tech('T1053.005', {
        tactic: 'execution',
        score: 70,
        comment: 'Scheduled task for persistence and SYSTEM execution',
      }),
      tech('T1078', {
        tactic: 'defense-evasion',
        comment: 'Valid accounts: out of scope this week',
        enabled: false,
      }),
      tech('T1003.001', {
        tactic: 'credential-access',
        score: 80,
        comment: 'LSASS dump via comsvcs.dll MiniDump\nDetection owner: SOC tier 2',
      }),
      tech('T1021.002', { tactic: 'lateral-movement', score: 60, color: '#74c476' }),
      tech('T1041', { tactic: 'exfiltration', score: 50 }),
      tech('T1486', {
        tactic: 'impact',
        score: 0,
        comment: 'Simulate only: encrypt a canary share',
      }),
    ]);
  });

  it('reads a legacy 3.0 layer (mitre-enterprise, top-level version)', () => {
    const r = ok(parseNavigatorLayer(fixtureBytes('legacy-v3.json')));
    expect(r.warnings).toEqual([]);
    expect(r.layer.domain).toBe('enterprise-attack');
    expect(r.layer.version).toBe('3.0');
    expect(r.layer.techniques).toEqual([
      tech('T1003', { score: 100 }),
      tech('T1003.001', { score: 100 }),
      tech('T1016', { tactic: 'discovery', score: 100 }),
      tech('T1547.001', {
        tactic: 'persistence',
        score: 50,
        color: '#ce232e',
        comment: 'Run keys',
      }),
    ]);
  });

  it('gives the same result for a string, a Buffer and a Buffer with a BOM', () => {
    const bytes = fixtureBytes('apt-plan.json');
    const expected = parseNavigatorLayer(bytes);
    expect(parseNavigatorLayer(bytes.toString('utf8'))).toEqual(expected);
    expect(parseNavigatorLayer(`\uFEFF${bytes.toString('utf8')}`)).toEqual(expected);
    expect(parseNavigatorLayer(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toEqual(
      expected,
    );
  });
});

describe('parseNavigatorLayer: layer fields', () => {
  it.each<
    [
      string,
      Record<string, unknown>,
      Partial<{ name: string; domain: string | null; version: string | null }>,
      RegExp | null,
    ]
  >([
    ['4.0 layer', { versions: { layer: '4.0', navigator: '4.0.0' } }, { version: '4.0' }, null],
    ['4.3 layer', { versions: { layer: '4.3', navigator: '4.8.0' } }, { version: '4.3' }, null],
    ['numeric layer version', { versions: { layer: 4.5 } }, { version: '4.5' }, null],
    [
      'versions.layer wins over version',
      { versions: { layer: '4.2' }, version: '3.0' },
      { version: '4.2' },
      null,
    ],
    ['no version at all', { versions: undefined }, { version: null }, null],
    ['unknown version', { versions: { layer: '9.1' } }, { version: '9.1' }, /"9\.1" is unknown/],
    [
      'version of the wrong type',
      { versions: { layer: ['4.5'] } },
      { version: null },
      /not usable/,
    ],
    ['mobile domain', { domain: 'mobile-attack' }, { domain: 'mobile-attack' }, null],
    ['ics domain', { domain: 'ics-attack' }, { domain: 'ics-attack' }, null],
    ['legacy mobile domain', { domain: 'mitre-mobile' }, { domain: 'mobile-attack' }, null],
    [
      'domain in capitals',
      { domain: ' Enterprise-Attack ' },
      { domain: 'enterprise-attack' },
      null,
    ],
    ['custom domain', { domain: 'acme-attack' }, { domain: 'acme-attack' }, /not an ATT&CK domain/],
    ['no domain', { domain: undefined }, { domain: null }, /no "domain"/],
    ['domain of the wrong type', { domain: 42 }, { domain: null }, /"domain" 42 is not usable/],
    ['no name', { name: undefined }, { name: 'Untitled layer' }, /no "name"/],
    ['blank name', { name: '   ' }, { name: 'Untitled layer' }, /not usable/],
    ['name with NUL', { name: 'a\u0000b' }, { name: 'ab' }, null],
    ['long name', { name: 'n'.repeat(5000) }, { name: 'n'.repeat(LAYER_MAX_NAME_CHARS) }, /cut to/],
  ])('%s', (_label, extra, expected, warning) => {
    const r = ok(parseNavigatorLayer(layerOf([{ techniqueID: 'T1059' }], extra)));
    expect(r.layer).toMatchObject(expected);
    if (warning) expect(r.warnings).toEqual([expect.stringMatching(warning)]);
    else expect(r.warnings).toEqual([]);
  });

  it('treats missing techniques as an empty layer, with a warning', () => {
    const r = ok(parseNavigatorLayer('{"name":"empty","domain":"enterprise-attack"}'));
    expect(r.layer.techniques).toEqual([]);
    expect(r.warnings).toEqual(['the layer lists no techniques']);
  });

  it('ignores prototype-looking keys', () => {
    const raw = '{"name":"x","techniques":[{"techniqueID":"T1059","__proto__":{"score":5}}]}';
    const r = ok(parseNavigatorLayer(raw));
    expect(r.layer.techniques).toEqual([tech('T1059')]);
    const inherited = ok(parseNavigatorLayer('{"__proto__":{"techniques":5},"name":"x"}'));
    expect(inherited.layer.techniques).toEqual([]);
  });
});

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

describe('parseNavigatorLayer: refused input', () => {
  const deep = (n: number) => `{"techniques":${'['.repeat(n)}${']'.repeat(n)}}`;
  it.each<[string, Buffer | string, RegExp]>([
    ['empty input', '', /^the layer file is empty$/],
    ['blank input', Buffer.from(' \n\t '), /^the layer file is empty$/],
    [
      'not JSON',
      'name: my layer',
      /^not valid JSON at position 0 \(line 1, column 1\): unexpected character "n"$/,
    ],
    [
      'a trailing comma',
      '{\n  "techniques": [],\n}',
      /^not valid JSON at position 22 \(line 3, column 1\): expected a double-quoted property name$/,
    ],
    [
      'truncated JSON',
      '{"techniques": [{"techniqueID": "T1059"',
      /^not valid JSON at position 39 .*: unexpected end of input$/,
    ],
    ['a single-quoted string', "{'name': 1}", /position 1 .*property name/],
    ['a raw newline in a string', '{"name": "a\nb"}', /position 11 .*control character "\\n"/],
    ['a bad escape', '{"name": "a\\x"}', /position 11 .*bad escape/],
    ['two JSON values', '{} {}', /position 3 .*unexpected data after the JSON value/],
    ['NaN', '{"score": NaN}', /position 10 .*unexpected character "N"/],
    [
      'a JSON array (several layers)',
      `[${layerOf([])}]`,
      /array, not a layer object \(files of several layers/,
    ],
    ['a JSON string', '"layer"', /^the JSON is not a layer object$/],
    ['JSON null', 'null', /^the JSON is not a layer object$/],
    ['a number', '4.5', /^the JSON is not a layer object$/],
    [
      'techniques as an object',
      layerOf({ T1059: {} }),
      /^"techniques" must be an array, not \{"T1059":\{\}\}$/,
    ],
    ['techniques as a string', layerOf('T1059'), /^"techniques" must be an array, not "T1059"$/],
    ['techniques null', layerOf(null), /^"techniques" must be an array, not null$/],
    [
      'too many techniques',
      layerOf(Array.from({ length: LAYER_MAX_TECHNIQUES + 1 }, () => ({}))),
      /20001 technique entries; at most 20000/,
    ],
    ['a huge string', `{"name":"${'x'.repeat(LAYER_MAX_BYTES)}"}`, /larger than 5242880 bytes/],
    ['a huge Buffer', Buffer.alloc(LAYER_MAX_BYTES + 1, 0x20), /larger than 5242880 bytes/],
    [
      'a string over the cap only in UTF-8 bytes',
      `{"name":"${'é'.repeat(LAYER_MAX_BYTES / 2)}"}`,
      /larger than/,
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ['Latin-1 text', Buffer.from('{"name":"caf\xe9"}', 'latin1'), /not valid UTF-8/],
    ['UTF-16 text', Buffer.from(`\uFEFF${layerOf([])}`, 'utf16le'), /UTF-16/],
    [
      'deep nesting',
      deep(100_000),
      new RegExp(
        `^the JSON is nested deeper than ${LAYER_MAX_DEPTH} levels at position ${LAYER_MAX_DEPTH + 13} `,
      ),
    ],
  ])('refuses %s', (_label, input, message) => {
    expect(err(parseNavigatorLayer(input))).toMatch(message);
  });

  it(`accepts nesting of exactly ${LAYER_MAX_DEPTH} levels`, () => {
    const n = LAYER_MAX_DEPTH - 1;
    const r = ok(parseNavigatorLayer(`{"metadata":${'['.repeat(n)}${']'.repeat(n)}}`));
    expect(r.layer.techniques).toEqual([]);
  });

  it('refuses input that is neither a Buffer nor a string', () => {
    for (const input of [undefined, null, 42, {}, new Uint16Array(3)]) {
      expect(err(parseNavigatorLayer(input as unknown as string))).toMatch(/Buffer or a string/);
    }
  });
});
