import { z } from 'zod';

/**
 * The mission test state machine, as data shared by the server and the UI. Keys and
 * transitions are the original system's (pending ↔ skipped / blocked, pending → executed →
 * reviewed_by_blue, and the undo paths executed → pending, reviewed_by_blue → executed).
 */
export const TestState = z.enum(['pending', 'executed', 'reviewed_by_blue', 'skipped', 'blocked']);
export type TestState = z.infer<typeof TestState>;

/** Which write right a transition needs: red, blue, or either side. */
export type TransitionSide = 'red' | 'blue' | 'any';

export const TRANSITIONS: Readonly<Record<TestState, readonly TestState[]>> = {
  pending: ['executed', 'skipped', 'blocked'],
  executed: ['reviewed_by_blue', 'pending'],
  reviewed_by_blue: ['executed'],
  skipped: ['pending'],
  blocked: ['pending'],
};

export const TRANSITION_SIDE: Readonly<Record<string, TransitionSide>> = {
  'pending>executed': 'red',
  'pending>skipped': 'any',
  'pending>blocked': 'any',
  'executed>reviewed_by_blue': 'blue',
  'executed>pending': 'red',
  'reviewed_by_blue>executed': 'blue',
  'skipped>pending': 'any',
  'blocked>pending': 'any',
};

/**
 * A same-state (idempotent) request still needs the side that brings a test into that state,
 * so a blue-only user replaying "mark executed" is refused rather than told 200.
 */
export const IDEMPOTENT_SIDE: Readonly<Record<TestState, TransitionSide>> = {
  executed: 'red',
  reviewed_by_blue: 'blue',
  pending: 'any',
  skipped: 'any',
  blocked: 'any',
};

/** States that carry a reason (why it was skipped, why it could not run). */
export const STATES_WITH_REASON: readonly TestState[] = ['skipped', 'blocked'];

export const TEST_STATE_LABELS: Readonly<Record<TestState, string>> = {
  pending: 'pending',
  executed: 'executed',
  reviewed_by_blue: 'reviewed by blue',
  skipped: 'skipped',
  blocked: 'blocked — could not run',
};

export function canTransition(from: TestState, to: TestState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The side a request from `from` to `to` needs: the idempotent side for the same state, the
 * transition's side for an allowed move, and null for a move the machine does not allow.
 */
export function transitionSide(from: TestState, to: TestState): TransitionSide | null {
  if (from === to) return IDEMPOTENT_SIDE[to];
  return canTransition(from, to) ? (TRANSITION_SIDE[`${from}>${to}`] ?? null) : null;
}

export function holdsSide(side: TransitionSide, held: { red: boolean; blue: boolean }): boolean {
  return side === 'any' ? held.red || held.blue : held[side];
}
