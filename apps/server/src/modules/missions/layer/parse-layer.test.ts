import { describe, expect, it } from 'vitest';
import { LAYER_MAX_NAME_CHARS, parseNavigatorLayer } from './parse.js';
import { fixtureBytes, layerOf, ok, tech } from './test-layer.js';

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
