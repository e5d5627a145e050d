import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestTemplateFields } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { fenceFor } from './procedure.js';
import { ATOMICS_MAX_FILE_BYTES, parseAtomicsFile, type ParsedAtomicsFile } from './parse.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../../../test/fixtures/atomics');
const fixture = (name: string) => parseAtomicsFile(name, readFileSync(path.join(FIXTURES, name)));
const parseText = (text: string, name = 'inline.yaml') =>
  parseAtomicsFile(name, Buffer.from(text, 'utf8'));

function onlyFileError(r: ParsedAtomicsFile): string {
  expect(r.tests).toEqual([]);
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!;
}

const ONE_TEST = `attack_technique: T1003
atomic_tests:
- name: A
  auto_generated_guid: 96345bfc-8ae7-4b6a-80b7-223200f24ef9
  supported_platforms: [linux]
  executor:
    name: sh
    command: id
`;

describe('parseAtomicsFile: a normal file', () => {
  const r = fixture('T9001.yaml');

  it('reads every test, with no errors', () => {
    expect(r).toMatchObject({ file: 'T9001.yaml', technique: 'T9001', errors: [], failed: 0 });
    expect(r.tests.map((t) => t.key)).toEqual([
      'art:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
      'art:5a2e8f3b-1c4d-4e6f-8a9b-0c1d2e3f4a5b',
    ]);
    expect(r.tests[0]!.source_ref).toBe('0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9');
    for (const t of r.tests) {
      expect(TestTemplateFields.parse(t.fields)).toEqual(t.fields);
      expect(t.attack_ids).toEqual(['T9001']);
      expect(t.fields.attack_ids).toEqual(['T9001']);
      expect(t.fields.tags).toEqual(['atomic-red-team']);
      expect(t.fields.expected_iocs).toEqual([]);
      expect(t.fields.opsec_level).toBe('medium');
    }
  });

  it('maps platforms to ATT&CK names and keeps unknown ones', () => {
    expect(r.tests[0]!.fields.platforms).toEqual(['Windows', 'Office Suite', 'IaaS', 'plan9']);
    expect(r.tests[1]!.fields.platforms).toEqual(['Linux', 'macOS']);
  });

  it('keeps input arguments with lowercase types and defaults as written', () => {
    expect(r.tests[0]!.fields.input_arguments).toEqual([
      {
        name: 'tool_path',
        description: 'Path to the tool',
        type: 'path',
        default: 'PathToAtomicsFolder\\..\\ExternalPayloads\\tool.exe',
      },
      { name: 'target', description: 'Host to run against', type: 'string', default: 'localhost' },
      { name: 'limit', description: 'How many', type: 'integer', default: '10' },
      { name: 'version', description: 'Office version', type: 'float', default: '16.0' },
      { name: 'verbose', description: 'A flag', type: 'string', default: 'true' },
      { name: 'optional_args', description: 'Nothing by default', type: 'string', default: null },
    ]);
  });

  it('keeps the executor, placeholders and dependencies', () => {
    const f = r.tests[0]!.fields;
    expect(f.executor).toEqual({
      name: 'powershell',
      command: '& "#{tool_path}" -target #{target} -limit #{limit} ```\nWrite-Host "done"\n',
      cleanup_command: 'Remove-Item "#{tool_path}" -ErrorAction Ignore\n',
      steps_md: null,
      elevation_required: true,
    });
    expect(f.dependency_executor).toBe('powershell');
    expect(f.dependencies).toEqual([
      {
        description: 'The tool must exist at #{tool_path}',
        prereq_command: 'if (Test-Path "#{tool_path}") {exit 0} else {exit 1}\n',
        get_prereq_command:
          'New-Item -Type Directory (Split-Path "#{tool_path}") -Force | Out-Null\n',
      },
    ]);
    expect(f.description).toBe(
      'Runs a tool against #{target}.\n\nUpon success you should see output.',
    );
    expect(r.tests[1]!.fields.executor?.elevation_required).toBe(false);
    expect(r.tests[1]!.fields.dependency_executor).toBeNull();
  });

  it('writes a procedure with a fence longer than any backtick run', () => {
    const md = r.tests[0]!.fields.procedure_md!;
    expect(md).toContain('**PowerShell** (`powershell`), elevation required.');
    expect(md).toContain(
      '````powershell\n& "#{tool_path}" -target #{target} -limit #{limit} ```\nWrite-Host "done"\n````',
    );
    expect(md).toContain('Cleanup:\n\n```powershell\nRemove-Item');
    expect(r.tests[1]!.fields.procedure_md).toBe(
      'Run with **sh** (`sh`), no elevation required.\n\n```sh\nls -la /tmp\n```\n',
    );
    expect(fenceFor('a ````` b ` c')).toBe('``````');
    expect(fenceFor('plain')).toBe('```');
  });
});

describe('parseAtomicsFile: special tests', () => {
  it('keeps manual tests, their steps as the procedure', () => {
    const r = fixture('T9002.yaml');
    expect(r.errors).toEqual([]);
    const f = r.tests[0]!.fields;
    const steps = '1. Open the **Settings** app.\n2. Turn off the protection.\n';
    expect(f.executor).toEqual({
      name: 'manual',
      command: null,
      cleanup_command: null,
      steps_md: steps,
      elevation_required: false,
    });
    expect(f.procedure_md).toBe(steps);
  });

  it('skips bad tests only, naming each and why', () => {
    const r = fixture('T9003-mixed.yaml');
    expect(r.tests.map((t) => t.fields.name)).toEqual(['Good test', 'Last good test']);
    expect(r.failed).toBe(4);
    expect(r.errors).toEqual([
      'test #2 "Unknown executor": executor.name "cmd.exe" is not a known executor (command_prompt, powershell, sh, bash, manual)',
      'test #3 "Missing guid": auto_generated_guid is missing',
      'test #4 "Duplicate guid": auto_generated_guid 11111111-2222-4333-8444-555555555555 is already used by test #1',
      'test #5 "Wrong types": auto_generated_guid "not-a-guid" is not a GUID; input_arguments must be a mapping of argument names, not a list; executor.elevation_required must be true or false, not "maybe"',
    ]);
    expect(r.warnings).toEqual([
      'test #1 "Good test": input_arguments.when.type "Date" is not a known type; taken as string',
    ]);
    expect(r.tests[0]!.fields.input_arguments[0]).toMatchObject({
      type: 'string',
      default: '2024-01-01',
    });
  });

  it('keeps technique ids newer than the ATT&CK catalog', () => {
    const r = fixture('T1690.yaml');
    expect(r.errors).toEqual([]);
    expect(r.technique).toBe('T1690');
    expect(r.tests[0]!.attack_ids).toEqual(['T1690']);
  });

  it('fails the whole file for a technique id of the wrong shape', () => {
    const r = fixture('bad-technique.yaml');
    expect(onlyFileError(r)).toBe(
      'attack_technique "T12" is not a technique id like T1234 or T1234.001',
    );
    expect(r.failed).toBe(1);
  });

  it('turns contract violations into path: message errors', () => {
    const r = parseText(
      ONE_TEST.replace(
        '  executor:',
        '  input_arguments:\n    "bad name":\n      type: url\n  executor:',
      ),
    );
    expect(r.errors).toEqual([
      'test #1 "A": input_arguments[0].name: must be letters, digits, _ or -',
    ]);
  });
});

describe('parseAtomicsFile: hostile and broken input', () => {
  it('refuses an alias bomb fast', () => {
    const started = performance.now();
    const r = fixture('alias-bomb.yaml');
    expect(onlyFileError(r)).toMatch(/too many YAML aliases .*alias bomb/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses non-UTF-8 and UTF-16 text', () => {
    const raw = readFileSync(path.join(FIXTURES, 'latin1.yaml'));
    expect(raw.includes(0xe9)).toBe(true); // the fixture must stay Latin-1
    expect(onlyFileError(fixture('latin1.yaml'))).toBe('the file is not valid UTF-8 text');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ONE_TEST, 'utf16le')]);
    expect(onlyFileError(parseAtomicsFile('u.yaml', utf16))).toMatch(/UTF-16/);
  });

  it('strips a UTF-8 BOM and reads CRLF line ends', () => {
    const text = '\uFEFF' + ONE_TEST.replaceAll('\n', '\r\n');
    const r = parseText(text);
    expect(r.errors).toEqual([]);
    expect(r.tests[0]!.fields.executor?.command).toBe('id');
  });

  it('refuses a file over the size cap', () => {
    const big = Buffer.alloc(ATOMICS_MAX_FILE_BYTES + 1, 0x20);
    expect(onlyFileError(parseAtomicsFile('big.yaml', big))).toMatch(/limit is 5242880 bytes/);
  });

  it.each([
    ['list.yaml', /top level is a list/],
    ['alias-bomb.yaml', /alias/],
  ])('reports %s as a file error', (name, pattern) => {
    expect(onlyFileError(fixture(name))).toMatch(pattern);
  });

  it.each([
    ['', 'the file is empty'],
    ['# only a comment\n', 'the file is empty'],
    ['~\n', 'the file holds no YAML value'],
    ['just a string', 'the top level is a string; expected a mapping'],
    ['a: 1\n---\nb: 2\n', 'the file holds 2 YAML documents; an atomics file holds exactly one'],
    ['a: [1\nb: 2\n', 'invalid YAML: Flow sequence in block collection'],
    ['a: 1\na: 2\n', 'invalid YAML: the key "a" appears twice in one mapping at line 2, column 1'],
    ['x:\n  - {b: 1, b: 2}\n', 'the key "b" appears twice in one mapping at line 2, column 12'],
    ['a: ' + '['.repeat(65) + ']'.repeat(65), 'flow collections nest more than 64 levels deep'],
    ['- '.repeat(65) + 'x', 'block collections nest more than 64 levels deep on one line'],
    [
      'a: [' + '1,'.repeat(60_000) + ']',
      'the YAML is refused: it has more than 100000 YAML tokens',
    ],
    ['a: *nope\n', 'Unresolved alias'],
    ['atomic_tests: []\n', 'attack_technique is missing'],
    ['attack_technique: T1003\n', 'atomic_tests is missing'],
    [
      'attack_technique: T1003\natomic_tests: {a: 1}\n',
      'atomic_tests must be a list, not a mapping',
    ],
    ['attack_technique: [T1003, x]\natomic_tests: []\n', 'attack_technique "x" is not'],
    ['attack_technique: {a: 1}\natomic_tests: []\n', 'attack_technique must be text'],
  ])('reports bad input #%# as one file error', (text, expected) => {
    expect(onlyFileError(parseText(text))).toContain(expected);
  });

  it('never throws on deep nesting or odd values', () => {
    const deep = 'a: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n';
    expect(() => parseText(deep)).not.toThrow();
    expect(onlyFileError(parseText('a: ' + '['.repeat(2_000_000)))).toContain('nest more than');
    const indented = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n');
    expect(onlyFileError(parseText(indented))).toMatch(/^(invalid YAML|attack_technique)/);
    const odd = `attack_technique: [T1003, T1003.001]
atomic_tests:
- 42
- name: [a]
  auto_generated_guid: 96345bfc-8ae7-4b6a-80b7-223200f24ef9
  executor: {name: sh, command: [x]}
- name: B
  auto_generated_guid: 96345bfc-8ae7-4b6a-80b7-223200f24ef0
  supported_platforms: {a: 1}
  dependencies: [x]
  executor: sh
`;
    const r = parseText(odd);
    expect(r.technique).toBe('T1003, T1003.001');
    expect(r.failed).toBe(3);
    expect(r.errors).toEqual([
      'test #1: must be a mapping, not a string',
      'test #2: name must be text, not a list; executor.command must be text, not a list; executor.command is missing for the sh executor',
      'test #3 "B": supported_platforms must be a list, not a mapping; dependencies[0] must be a mapping, not a string; executor must be a mapping, not a string',
    ]);
  });

  it('lists at most 100 test errors per file, counting all', () => {
    const r = parseText('attack_technique: T1003\natomic_tests:\n' + '- {name: x}\n'.repeat(150));
    expect(r.failed).toBe(150);
    expect(r.errors).toHaveLength(101);
    expect(r.errors[100]).toBe('… and 50 more tests that could not be imported');
  });

  it('accepts a list of technique ids', () => {
    const r = parseText(ONE_TEST.replace('T1003', '[T1003, T1003.001]'));
    expect(r.tests[0]!.attack_ids).toEqual(['T1003', 'T1003.001']);
  });
});
