import {
  PLAN_IMPORT_FIELDS,
  type PlanImportField,
  type PlanImportMapping,
  type PlanImportRow,
} from '@metamorph/contract';
import { validationFailed } from '../../../platform/errors.js';
import type { ImportedTestSpec } from '../../missions/index.js';
import type { Sheet } from './sheet.js';

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Header spellings teams use, per field (compared without case, spaces or punctuation). */
const SYNONYMS: Record<PlanImportField, string[]> = {
  name: ['name', 'test', 'testname', 'title', 'testcase', 'procedurename'],
  technique_ids: [
    'technique',
    'techniques',
    'techniqueid',
    'techniqueids',
    'attackid',
    'attack',
    'mitre',
    'mitreid',
    'ttp',
    'ttps',
  ],
  objective: ['objective', 'goal', 'description'],
  procedure: ['procedure', 'steps', 'command', 'commands', 'howto'],
  expected_red: ['expectedred', 'redexpected', 'expectedresult', 'expectedoutcome'],
  expected_blue: ['expectedblue', 'blueexpected', 'expecteddetection', 'detection'],
  platform: ['platform', 'platforms', 'os'],
  assignee_email: ['assignee', 'assigneeemail', 'operator', 'owner', 'email'],
  planned_day: ['plannedday', 'planneddate', 'plannedon', 'planned', 'date', 'day'],
};

/** The mapping a header row suggests: each field to the first column spelled like it. */
export function suggestMapping(headers: readonly string[]): Partial<PlanImportMapping> {
  const out: Partial<Record<PlanImportField, string>> = {};
  const used = new Set<string>();
  for (const field of PLAN_IMPORT_FIELDS) {
    const found = SYNONYMS[field]
      .map((syn) => headers.find((h) => norm(h) === syn && !used.has(h)))
      .find((h) => h !== undefined);
    if (found) {
      out[field] = found;
      used.add(found);
    }
  }
  return out;
}

/** 422 naming each mapped column the sheet does not have. */
export function checkMapping(sheet: Sheet, mapping: PlanImportMapping): void {
  const missing = Object.entries(mapping)
    .filter(([, header]) => header !== undefined && !sheet.headers.includes(header))
    .map(([field, header]) => ({
      path: `mapping.${field}`,
      message: `no column named ${JSON.stringify(header)} (columns: ${sheet.headers.join(', ')})`,
    }));
  if (missing.length) throw validationFailed(missing);
}

export interface RowLookups {
  /** Technique and tactic ids → their catalog status (absent: unknown). */
  tagStatus: ReadonlyMap<string, string>;
  /** Member emails (lowercase) → user id. */
  members: ReadonlyMap<string, string>;
}

const ID = /^(T\d{4}(\.\d{3})?|TA\d{4})$/;
const FORMULA = /^[=+@]/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const validDay = (s: string) =>
  DAY.test(s) &&
  !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** The ids a technique cell names (any separator), uppercase, in order, once each. */
export const splitIds = (cell: string): string[] => [
  ...new Set(
    cell
      .split(/[\s,;|/]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  ),
];

/**
 * Checks every row against the mapping: no name is an error (the import is refused); an
 * unknown or malformed technique id, an assignee who is not a member, a day that is not a
 * date, a formula-looking cell are warnings (the row is planned without that value).
 */
export function checkRows(
  sheet: Sheet,
  mapping: PlanImportMapping,
  lookups: RowLookups,
): { rows: PlanImportRow[]; specs: (ImportedTestSpec | null)[] } {
  const col = (field: PlanImportField) => {
    const header = mapping[field];
    return header === undefined ? -1 : sheet.headers.indexOf(header);
  };
  const cols = Object.fromEntries(PLAN_IMPORT_FIELDS.map((f) => [f, col(f)])) as Record<
    PlanImportField,
    number
  >;
  const rows: PlanImportRow[] = [];
  const specs: (ImportedTestSpec | null)[] = [];
  sheet.rows.forEach((cells, i) => {
    const get = (f: PlanImportField) => (cols[f] >= 0 ? cells[cols[f]]! : '');
    const messages: string[] = [];
    let error = false;
    const name = get('name');
    if (name === '') {
      messages.push(`no test name in column ${JSON.stringify(mapping.name)}`);
      error = true;
    } else if (name.length > 500) {
      messages.push('the test name is longer than 500 characters');
      error = true;
    }
    const ids: string[] = [];
    for (const id of splitIds(get('technique_ids'))) {
      const status = lookups.tagStatus.get(id);
      if (!ID.test(id))
        messages.push(`${id} is not an ATT&CK id (T1234, T1234.001 or TA0001): left out`);
      else if (!status || status === 'unknown')
        messages.push(`${id} is not in the ATT&CK catalog: left out`);
      else {
        if (status !== 'ok') messages.push(`${id} is ${status} in the current ATT&CK release`);
        ids.push(id);
      }
    }
    const email = get('assignee_email').toLowerCase();
    const assigneeId = email ? (lookups.members.get(email) ?? null) : null;
    if (email && !assigneeId)
      messages.push(`${email} is not a member of this mission: left unassigned`);
    const day = get('planned_day');
    const plannedOn = day && validDay(day) ? day : null;
    if (day && !plannedOn)
      messages.push(
        `planned day ${JSON.stringify(day.slice(0, 40))} is not a date (YYYY-MM-DD): left unplanned`,
      );
    const formulas = sheet.headers.filter((_, c) => FORMULA.test(cells[c] ?? ''));
    if (formulas.length)
      messages.push(
        `cells that look like spreadsheet formulas kept as text: ${formulas.join(', ')}`,
      );
    const text = (f: PlanImportField) => get(f) || null;
    rows.push({
      row: sheet.numbers[i]!,
      name: name || null,
      technique_ids: ids,
      status: error ? 'error' : messages.length ? 'warning' : 'ok',
      messages,
    });
    specs.push(
      error
        ? null
        : {
            name,
            attackIds: ids,
            description: null,
            objective: text('objective'),
            procedureMd: text('procedure'),
            expectedRedMd: text('expected_red'),
            expectedBlueMd: text('expected_blue'),
            platforms: get('platform')
              .split(/[,;|]+/)
              .map((p) => p.trim())
              .filter(Boolean),
            assigneeId,
            plannedOn,
          },
    );
  });
  return { rows, specs };
}
