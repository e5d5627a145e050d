import type { TestTemplateFields } from '@metamorph/contract';
import { mapAtomicTest } from './atomic-test.js';
import { isObj, kindOf } from './fields.js';
import { decodeUtf8 } from '../../../platform/utf8.js';
import { ATOMICS_MAX_FILE_BYTES, loadYaml } from './yaml.js';

export { ATOMICS_MAX_FILE_BYTES } from './yaml.js';
export { ATOMICS_TAG, PLATFORM_NAMES } from './atomic-test.js';

/**
 * Atomic Red Team (ART) technique files → test-template fields, without a database.
 *
 * A file is `{ attack_technique, display_name, atomic_tests: [...] }`; each atomic test maps so:
 *
 * | ART                              | test template                                              |
 * | -------------------------------- | ---------------------------------------------------------- |
 * | `auto_generated_guid` (required) | key `art:<guid>`, source_ref `<guid>` (both lowercase)     |
 * | `name`                           | `name`                                                     |
 * | `description`                    | `description` (trailing blank lines dropped)               |
 * | file's `attack_technique`        | `attack_ids`: a string or a list; ids the ATT&CK catalog   |
 * |                                  | does not know are kept; one not shaped T1234 / T1234.001   |
 * |                                  | fails the whole file                                       |
 * | `supported_platforms`            | `platforms` through the table below, duplicates dropped    |
 * | `input_arguments.<name>`         | `input_arguments[]` {name, description, type, default}:    |
 * |                                  | type lowercased (String → string); an unknown type becomes |
 * |                                  | `string` with a warning; defaults kept as written, as text |
 * |                                  | (`16.0` stays "16.0", `true` → "true", empty → null)       |
 * | `executor.name`                  | `executor.name`; an unknown name fails the test            |
 * | `executor.command`               | `executor.command`, `#{arg}` placeholders kept             |
 * | `executor.cleanup_command`       | `executor.cleanup_command`                                 |
 * | `executor.elevation_required`    | `executor.elevation_required` (absent → false)             |
 * | `executor.steps` (manual)        | `executor.steps_md`; manual tests are kept                 |
 * | `dependencies[]`                 | `dependencies[]` {description, prereq_command,             |
 * |                                  | get_prereq_command}                                        |
 * | `dependency_executor_name`       | `dependency_executor`                                      |
 * | (derived)                        | `procedure_md`: manual → the steps; others → executor and  |
 * |                                  | elevation, then command and cleanup in code fences         |
 * | (fixed)                          | `tags` ['atomic-red-team'], `expected_iocs` [],            |
 * |                                  | `opsec_level` the contract default                         |
 *
 * Platforms (ART → ATT&CK): windows → Windows, linux → Linux, macos → macOS, containers →
 * Containers, esxi → ESXi, network-devices → Network Devices, saas → SaaS, iaas, iaas:aws,
 * iaas:azure, iaas:gcp → IaaS, azure-ad → Identity Provider (ATT&CK v16 renamed Azure AD),
 * office-365 → Office Suite (ATT&CK v16 renamed Office 365). Anything else is kept as given,
 * e.g. google-workspace: ATT&CK spread its old Google Workspace platform over Office Suite,
 * Identity Provider and SaaS, so no one name is obvious.
 *
 * A file-level problem (over {@link ATOMICS_MAX_FILE_BYTES}, not UTF-8, bad YAML, alias bomb,
 * too deep or too many tokens, several documents, wrong shapes, a bad technique id) leaves
 * `tests` empty. A problem in one test (missing or invalid guid, duplicate guid, unknown
 * executor, wrong field types, contract validation) skips that test only; its message names it
 * `test #<1-based index> "<name>"`.
 */

export interface ParsedAtomicTest {
  /** `art:` + the lowercase `auto_generated_guid`. */
  key: string;
  /** The `auto_generated_guid` (lowercase). */
  source_ref: string;
  fields: TestTemplateFields;
  attack_ids: string[];
}

export interface ParsedAtomicsFile {
  file: string;
  /** `attack_technique` as written (ids joined by ", " when a list), when it could be read. */
  technique: string | null;
  tests: ParsedAtomicTest[];
  /** Per-test or whole-file problems; each per-test one names the test (index and name). */
  errors: string[];
  /** Notes on tests that were kept (e.g. an unknown argument type taken as string). */
  warnings: string[];
  /** Entries of `atomic_tests` that were not turned into tests. */
  failed: number;
}

/** Per-test errors listed per file (the count in `failed` stays exact). */
export const ATOMICS_MAX_ERRORS_LISTED = 100;

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

function fileFailure(file: string, error: string, technique: string | null = null, failed = 0) {
  return { file, technique, tests: [], errors: [error], warnings: [], failed };
}

function testLabel(raw: unknown, index: number): string {
  const name = isObj(raw) && typeof raw.name === 'string' ? raw.name.trim() : '';
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
  return shown === '' ? `test #${index + 1}` : `test #${index + 1} "${shown}"`;
}

function readTechnique(v: unknown): { ids: string[]; text: string | null; error: string | null } {
  if (v === undefined || v === null) {
    return { ids: [], text: null, error: 'attack_technique is missing' };
  }
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return { ids: [], text: null, error: 'attack_technique is an empty list' };
  if (!list.every((x): x is string => typeof x === 'string')) {
    return { ids: [], text: null, error: `attack_technique must be text, not ${kindOf(v)}` };
  }
  const ids = list.map((x) => x.trim());
  const text = ids.join(', ');
  const bad = ids.filter((id) => !TECHNIQUE_ID.test(id));
  if (bad.length > 0) {
    const shown = bad.map((id) => `"${id}"`).join(', ');
    return {
      ids,
      text,
      error: `attack_technique ${shown} is not a technique id like T1234 or T1234.001`,
    };
  }
  return { ids: [...new Set(ids)], text, error: null };
}

function parseUnsafe(file: string, content: Buffer): ParsedAtomicsFile {
  if (content.length > ATOMICS_MAX_FILE_BYTES) {
    return fileFailure(
      file,
      `the file is ${content.length} bytes; the limit is ${ATOMICS_MAX_FILE_BYTES} bytes (5 MiB)`,
    );
  }
  const decoded = decodeUtf8(content);
  if (!decoded.ok) return fileFailure(file, decoded.error);
  const loaded = loadYaml(decoded.text);
  if (!loaded.ok) return fileFailure(file, loaded.error);
  const top = loaded.value;
  if (top === null || top === undefined) return fileFailure(file, 'the file holds no YAML value');
  if (!isObj(top)) {
    return fileFailure(
      file,
      `the top level is ${kindOf(top)}; expected a mapping with attack_technique and atomic_tests`,
    );
  }

  const technique = readTechnique(top.attack_technique);
  const rawTests = top.atomic_tests;
  const testCount = Array.isArray(rawTests) ? rawTests.length : 0;
  if (technique.error !== null)
    return fileFailure(file, technique.error, technique.text, testCount);
  if (rawTests === undefined || rawTests === null) {
    return fileFailure(file, 'atomic_tests is missing', technique.text);
  }
  if (!Array.isArray(rawTests)) {
    return fileFailure(
      file,
      `atomic_tests must be a list, not ${kindOf(rawTests)}`,
      technique.text,
    );
  }

  const result: ParsedAtomicsFile = {
    file,
    technique: technique.text,
    tests: [],
    errors: [],
    warnings: [],
    failed: 0,
  };
  const seen = new Map<string, number>();
  rawTests.forEach((raw: unknown, index) => {
    const label = testLabel(raw, index);
    const fail = (problems: string[]) => {
      if (result.failed < ATOMICS_MAX_ERRORS_LISTED) {
        result.errors.push(`${label}: ${problems.join('; ')}`);
      }
      result.failed += 1;
    };
    if (!isObj(raw)) return fail([`must be a mapping, not ${kindOf(raw)}`]);
    const mapped = mapAtomicTest(raw, technique.ids);
    if (!mapped.ok) return fail(mapped.problems);
    const { guid, fields, warnings } = mapped.test;
    const first = seen.get(guid);
    if (first !== undefined) {
      return fail([`auto_generated_guid ${guid} is already used by test #${first + 1}`]);
    }
    seen.set(guid, index);
    for (const w of warnings) result.warnings.push(`${label}: ${w}`);
    result.tests.push({
      key: `art:${guid}`,
      source_ref: guid,
      fields,
      attack_ids: fields.attack_ids,
    });
  });
  const unlisted = result.failed - ATOMICS_MAX_ERRORS_LISTED;
  if (unlisted > 0) result.errors.push(`… and ${unlisted} more tests that could not be imported`);
  result.warnings.splice(ATOMICS_MAX_ERRORS_LISTED);
  return result;
}

/**
 * Reads one ART technique file. Never throws: anything unexpected becomes a file error.
 * `name` is only used in the result (`file`).
 */
export function parseAtomicsFile(name: string, content: Buffer): ParsedAtomicsFile {
  try {
    return parseUnsafe(name, content);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fileFailure(name, `the file could not be read: ${message}`);
  }
}
