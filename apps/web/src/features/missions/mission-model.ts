import {
  MISSION_STATUS_TRANSITIONS,
  type AttackTag,
  type AttackTagSnapshot,
  type Mission,
  type MissionCreate,
  type MissionPlan,
  type MissionRole,
  type MissionStatus,
  type MissionTestSummary,
  type MissionVisibility,
  type TestState,
} from '@metamorph/contract';

export const missionPath = (id: string): string => `/missions/${encodeURIComponent(id)}`;

export const STATUS_META: Record<MissionStatus, { label: string; color: string }> = {
  planned: { label: 'Planned', color: 'blue' },
  active: { label: 'Active', color: 'teal' },
  completed: { label: 'Completed', color: 'violet' },
  archived: { label: 'Archived', color: 'gray' },
};

/** The status buttons a mission in `status` offers, with the verb each one says. */
export function transitionsOf(status: MissionStatus): { to: MissionStatus; label: string }[] {
  return MISSION_STATUS_TRANSITIONS[status].map((to) => ({
    to,
    label:
      to === 'active'
        ? status === 'planned'
          ? 'Start mission'
          : 'Reopen'
        : to === 'completed'
          ? 'Complete'
          : 'Archive',
  }));
}

export const ROLE_META: Record<MissionRole, { label: string; color: string; hint: string }> = {
  lead: { label: 'Lead', color: 'purple', hint: 'Plans the mission, manages members and status' },
  red: { label: 'Red', color: 'red', hint: 'Executes tests and records what was run' },
  blue: { label: 'Blue', color: 'blue', hint: 'Records what the defences saw' },
  purple: { label: 'Purple', color: 'grape', hint: 'Writes both the red and the blue side' },
  viewer: { label: 'Viewer', color: 'gray', hint: 'Reads the mission' },
};

export const TEST_STATE_META: Record<TestState, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  executed: { label: 'Executed', color: 'orange' },
  reviewed_by_blue: { label: 'Reviewed by blue', color: 'teal' },
  skipped: { label: 'Skipped', color: 'dark' },
  blocked: { label: 'Blocked — could not run', color: 'red' },
};

/** Progress of a mission: executed and reviewed tests over all tests. */
export function progressOf(counts: Record<string, number>): {
  done: number;
  total: number;
  percent: number;
} {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const done = (counts.executed ?? 0) + (counts.reviewed_by_blue ?? 0);
  return { done, total, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
}

/** A snapshot tag as the library's badge wants it (no name: the catalog did not know it). */
export function snapshotTag(tag: AttackTagSnapshot): AttackTag {
  return {
    kind: tag.kind,
    external_id: tag.external_id,
    name: tag.name,
    url: tag.url,
    status: tag.name === null ? 'unknown' : 'ok',
    revoked_by: null,
  };
}

export interface PlanFilters {
  state: string | null;
  tactic: string | null;
  technique: string | null;
  assignee: string | null;
}

export const NO_PLAN_FILTERS: PlanFilters = {
  state: null,
  tactic: null,
  technique: null,
  assignee: null,
};

/**
 * The tactic ids of a test: its explicit tactic tags and the tactics its technique tags had in
 * the ATT&CK release they were snapshotted from.
 */
export function testTactics(test: MissionTestSummary): Set<string> {
  const ids = new Set<string>();
  for (const tag of test.mitre_tags) {
    if (tag.kind === 'tactic') ids.add(tag.external_id);
    for (const tactic of tag.tactics) ids.add(tactic.external_id);
  }
  return ids;
}

/**
 * Whether `test` passes the filters. A tactic filter matches explicit tactic tags and techniques
 * of that tactic; a technique filter also matches its sub-techniques.
 */
export function testMatches(test: MissionTestSummary, f: PlanFilters): boolean {
  if (f.state && test.state !== f.state) return false;
  if (f.assignee && (test.assignee_id ?? 'none') !== f.assignee) return false;
  if (f.tactic && !testTactics(test).has(f.tactic)) return false;
  const technique = f.technique;
  if (
    technique &&
    !test.mitre_tags.some(
      (t) =>
        t.kind !== 'tactic' &&
        (t.external_id === technique || t.external_id.startsWith(`${technique}.`)),
    )
  )
    return false;
  return true;
}

export function isFiltered(f: PlanFilters): boolean {
  return Object.values(f).some(Boolean);
}

/**
 * The tactics (tagged, or of a tagged technique) and techniques (with names) found in the plan,
 * for the filter selects.
 */
export function planFacets(plan: MissionPlan): {
  tactics: { value: string; label: string }[];
  techniques: { value: string; label: string }[];
} {
  const tactics = new Map<string, string>();
  const techniques = new Map<string, string>();
  for (const s of plan.scenarios)
    for (const t of s.tests)
      for (const tag of t.mitre_tags) {
        const label = tag.name ? `${tag.external_id} ${tag.name}` : tag.external_id;
        if (tag.kind === 'tactic') tactics.set(tag.external_id, label);
        else techniques.set(tag.external_id, label);
        // A technique's tactics, named as its release named them (a named tag label stays).
        for (const tactic of tag.tactics)
          if ((tactics.get(tactic.external_id) ?? tactic.external_id) === tactic.external_id)
            tactics.set(tactic.external_id, `${tactic.external_id} ${tactic.name}`);
      }
  const sorted = (m: Map<string, string>) =>
    [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, label]) => ({ value, label }));
  return { tactics: sorted(tactics), techniques: sorted(techniques) };
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** The plan with scenario `activeId` moved to where `overId` is, and its new 0-based position. */
export function moveScenario(
  plan: MissionPlan,
  activeId: string,
  overId: string,
): { plan: MissionPlan; position: number } | null {
  const from = plan.scenarios.findIndex((s) => s.id === activeId);
  const to = plan.scenarios.findIndex((s) => s.id === overId);
  if (from < 0 || to < 0 || from === to) return null;
  const scenarios = move(plan.scenarios, from, to).map((s, i) => ({ ...s, position: i }));
  return { plan: { scenarios }, position: to };
}

/** The plan with test `activeId` moved where `overId` is (same scenario), and its new position. */
export function moveTest(
  plan: MissionPlan,
  scenarioId: string,
  activeId: string,
  overId: string,
): { plan: MissionPlan; position: number } | null {
  const scenario = plan.scenarios.find((s) => s.id === scenarioId);
  if (!scenario) return null;
  const from = scenario.tests.findIndex((t) => t.id === activeId);
  const to = scenario.tests.findIndex((t) => t.id === overId);
  if (from < 0 || to < 0 || from === to) return null;
  const tests = move(scenario.tests, from, to).map((t, i) => ({ ...t, position: i }));
  return {
    plan: { scenarios: plan.scenarios.map((s) => (s.id === scenarioId ? { ...s, tests } : s)) },
    position: to,
  };
}

export interface MissionForm {
  client_id: string | null;
  name: string;
  description_md: string | null;
  environment_md: string | null;
  start_date: string | null;
  end_date: string | null;
  tags: string[];
  visibility: MissionVisibility;
}

export function missionFormOf(m: Mission | null): MissionForm {
  return {
    client_id: m?.client.id ?? null,
    name: m?.name ?? '',
    description_md: m?.description_md ?? null,
    environment_md: m?.environment_md ?? null,
    start_date: m?.start_date ?? null,
    end_date: m?.end_date ?? null,
    tags: m?.tags ?? [],
    visibility: m?.visibility ?? 'open',
  };
}

/** Local checks before the server's: a client, a name, dates in order. */
export function validateMission(f: MissionForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!f.client_id) errors.client_id = 'pick or create a client';
  if (!f.name.trim()) errors.name = 'must not be empty';
  if (f.start_date && f.end_date && f.end_date < f.start_date)
    errors.end_date = 'must not be before the start date';
  return errors;
}

export function missionBody(f: MissionForm): MissionCreate {
  return {
    client_id: f.client_id ?? '',
    name: f.name.trim(),
    description_md: f.description_md?.trim() ? f.description_md : null,
    environment_md: f.environment_md?.trim() ? f.environment_md : null,
    start_date: f.start_date,
    end_date: f.end_date,
    tags: f.tags.map((t) => t.trim()).filter(Boolean),
    visibility: f.visibility,
  };
}

/** "12 Mar 2026 → 30 Mar 2026", "from 12 Mar 2026", or "No dates". */
export function dateRange(start: string | null, end: string | null): string {
  const fmt = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  if (start && end) return `${fmt(start)} → ${fmt(end)}`;
  if (start) return `from ${fmt(start)}`;
  if (end) return `until ${fmt(end)}`;
  return 'No dates';
}
