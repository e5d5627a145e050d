import {
  STATES_WITH_REASON,
  TEST_STATE_LABELS,
  TRANSITIONS,
  holdsSide,
  transitionSide,
  type MissionPlan,
  type MissionTestDetail,
  type TestState,
  type TransitionSide,
} from '@metamorph/contract';
import {
  FIELD_LABELS,
  normalise,
  sameValue,
  type FieldValue,
  type Values,
  type ZoneField,
} from './draft-model';

/** Pure helpers of the per-test page: state actions, plan order, change reports, times. */

export const testPath = (missionId: string, testId: string): string =>
  `/missions/${encodeURIComponent(missionId)}/tests/${encodeURIComponent(testId)}`;

export interface StateAction {
  to: TestState;
  label: string;
  side: TransitionSide;
  /** Skipped and blocked ask why. */
  needsReason: boolean;
}

const ACTION_LABELS: Record<string, string> = {
  'pending>executed': 'Mark executed',
  'pending>skipped': 'Skip',
  'pending>blocked': 'Could not run',
  'executed>reviewed_by_blue': 'Mark reviewed',
  'executed>pending': 'Back to pending',
  'reviewed_by_blue>executed': 'Reopen review',
  'skipped>pending': 'Back to pending',
  'blocked>pending': 'Back to pending',
};

/** The moves allowed from `state` that the caller's sides permit, in the machine's order. */
export function stateActions(
  state: TestState,
  held: { red: boolean; blue: boolean },
): StateAction[] {
  const out: StateAction[] = [];
  for (const to of TRANSITIONS[state]) {
    const side = transitionSide(state, to);
    if (!side || !holdsSide(side, held)) continue;
    out.push({
      to,
      side,
      label: ACTION_LABELS[`${state}>${to}`] ?? TEST_STATE_LABELS[to],
      needsReason: STATES_WITH_REASON.includes(to),
    });
  }
  return out;
}

/** The plan's tests in order (scenario by scenario). */
export function planOrder(plan: MissionPlan | undefined): { id: string; name: string }[] {
  if (!plan) return [];
  return [...plan.scenarios]
    .sort((a, b) => a.position - b.position)
    .flatMap((s) =>
      [...s.tests]
        .sort((a, b) => a.position - b.position)
        .map((t) => ({ id: t.id, name: t.snapshot_name })),
    );
}

export function neighbours<T extends { id: string }>(
  order: readonly T[],
  id: string,
): { prev: T | null; next: T | null; index: number; total: number } {
  const index = order.findIndex((t) => t.id === id);
  return {
    prev: index > 0 ? (order[index - 1] ?? null) : null,
    next: index >= 0 && index < order.length - 1 ? (order[index + 1] ?? null) : null,
    index,
    total: order.length,
  };
}

/** One line of "what changed on the server" (and whether it clashes with the user's edit). */
export interface ChangeRow {
  field: ZoneField | 'state' | `tool:${string}`;
  label: string;
  theirs: string;
  /** The user's unsaved value of that field, when they edited it. */
  mine: string | null;
  clash: boolean;
}

export type Display = (field: ZoneField, value: FieldValue) => string;

export const plainDisplay: Display = (_f, v) =>
  v === null ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;

/**
 * The fields `current` (the server now) changed since `loaded` (what the user had), with the
 * user's own edits beside them; clashing fields first.
 */
export function serverChanges(
  loaded: MissionTestDetail,
  current: MissionTestDetail,
  fields: readonly ZoneField[],
  mine: Partial<Values<ZoneField>>,
  display: Display = plainDisplay,
): ChangeRow[] {
  const rows: ChangeRow[] = [];
  if (loaded.state !== current.state)
    rows.push({
      field: 'state',
      label: 'State',
      theirs: TEST_STATE_LABELS[current.state],
      mine: null,
      clash: false,
    });
  for (const f of fields) {
    if (sameValue(loaded[f], current[f])) continue;
    const edited = Object.prototype.hasOwnProperty.call(mine, f);
    const own = edited ? normalise(mine[f]) : null;
    rows.push({
      field: f,
      label: FIELD_LABELS[f],
      theirs: display(f, normalise(current[f])),
      mine: edited ? display(f, own) : null,
      clash: edited && !sameValue(own, current[f]),
    });
  }
  return rows.sort((a, b) => Number(b.clash) - Number(a.clash));
}

/** Rows for the conflicts a live refresh flagged (the server changed a field being edited). */
export function flaggedChanges(
  conflicts: Partial<Values<ZoneField>>,
  mine: Partial<Values<ZoneField>>,
  display: Display = plainDisplay,
): ChangeRow[] {
  return (Object.keys(conflicts) as ZoneField[]).map((f) => ({
    field: f,
    label: FIELD_LABELS[f],
    theirs: display(f, normalise(conflicts[f])),
    mine: display(f, normalise(mine[f])),
    clash: true,
  }));
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO time → the value of an `<input type="datetime-local" step="1">` (local time). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of a datetime-local input → ISO UTC (null when empty or invalid). */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "1 h 02 min 05 s" between two ISO times; null unless both are set and in order. */
export function attackDuration(start: FieldValue, end: FieldValue): string | null {
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  const s = Math.round((Date.parse(end) - Date.parse(start)) / 1000);
  if (!Number.isFinite(s) || s < 0) return null;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0
    ? `${h} h ${pad(m)} min ${pad(sec)} s`
    : m > 0
      ? `${m} min ${pad(sec)} s`
      : `${sec} s`;
}

/** Initials for an avatar: "Riley Red" → "RR". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0] ?? '?'];
  return letters
    .map((p) => (p ?? '?').charAt(0).toUpperCase())
    .join('')
    .slice(0, 2);
}

/** True when a key event comes from a place where the user types. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
