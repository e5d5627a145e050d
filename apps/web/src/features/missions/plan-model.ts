import type { AdHocTestCreate, MissionTestSummary, TestPlanPatch } from '@metamorph/contract';

/** Pure helpers of the plan tab's editing: planning patches, ad hoc tests, layer files. */

/** The changed planning fields only (empty when the form says what the test says). */
export function planningPatch(
  test: Pick<MissionTestSummary, 'assignee_id' | 'planned_on'>,
  assignee: string | null,
  day: string,
): TestPlanPatch {
  const body: TestPlanPatch = {};
  if (assignee !== test.assignee_id) body.assignee_id = assignee;
  const planned = day || null;
  if (planned !== test.planned_on) body.planned_on = planned;
  return body;
}

/** "Tue 1 Dec" for 2026-12-01 (a calendar day: no time zone shift). */
export function plannedDay(day: string, locale?: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

export interface AdHocForm {
  scenario_id: string | null;
  name: string;
  objective: string;
  procedure_md: string;
  attack_ids: string[];
  platforms: string[];
}

export const EMPTY_AD_HOC: AdHocForm = {
  scenario_id: null,
  name: '',
  objective: '',
  procedure_md: '',
  attack_ids: [],
  platforms: [],
};

const ATTACK_ID = /^(TA\d{4}|T\d{4}(\.\d{3})?)$/;

/** Local checks before the server's; field → message. */
export function validateAdHoc(f: AdHocForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!f.scenario_id) errors.scenario_id = 'pick a scenario';
  if (!f.name.trim()) errors.name = 'must not be empty';
  const bad = f.attack_ids.map(normaliseAttackId).filter((id) => !ATTACK_ID.test(id));
  if (bad.length)
    errors.attack_ids = `${bad.join(', ')}: must look like TA0002, T1059 or T1059.001`;
  return errors;
}

/** " t1059.001 " → "T1059.001". */
export function normaliseAttackId(id: string): string {
  return id.trim().toUpperCase();
}

export function adHocBody(f: AdHocForm): AdHocTestCreate {
  const text = (v: string) => (v.trim() ? v : null);
  return {
    scenario_id: f.scenario_id ?? '',
    name: f.name.trim(),
    description: null,
    objective: text(f.objective),
    procedure_md: text(f.procedure_md),
    expected_red_md: null,
    expected_blue_md: null,
    attack_ids: [...new Set(f.attack_ids.map(normaliseAttackId))],
    platforms: f.platforms.map((p) => p.trim()).filter(Boolean),
  };
}

/** A Navigator layer file's JSON, or why it is not JSON (the server checks the rest). */
export function parseLayerText(
  text: string,
): { ok: true; layer: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: 'The file is empty.' };
  try {
    return { ok: true, layer: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      error: `The file is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
