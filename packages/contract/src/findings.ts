import { z } from 'zod';
import type { CountsAs } from './api/execution.js';
import type { ExpectationOutcome } from './outcomes.js';

/**
 * Findings: a detection gap turned into a tracked fix. The status machine, the severity scale
 * and the pass / gap verdict of a reviewed test are data and pure functions shared by the
 * server (drafting, retest hook, compare) and the UI.
 */

export const FindingSeverity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

export const FindingStatus = z.enum([
  'open',
  'in_progress',
  'fixed',
  'risk_accepted',
  'retest_passed',
  'retest_failed',
]);
export type FindingStatus = z.infer<typeof FindingStatus>;

/**
 * The status changes a person may make (PATCH): open → in_progress → fixed | risk_accepted →
 * retest_passed | retest_failed, with the way back to work (→ in_progress) from any but
 * retest_passed, which is final. A retest mission's review sets retest_passed / retest_failed
 * from any status (`RETEST_OUTCOMES`): the machine governs people, the retest records facts.
 */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  open: ['in_progress', 'risk_accepted'],
  in_progress: ['open', 'fixed', 'risk_accepted'],
  fixed: ['in_progress', 'retest_passed', 'retest_failed'],
  risk_accepted: ['in_progress', 'retest_passed', 'retest_failed'],
  retest_failed: ['in_progress', 'fixed', 'risk_accepted'],
  retest_passed: [],
};

/** Statuses that need a reason (kept as `status_reason`). */
export const FINDING_STATUSES_WITH_REASON: readonly FindingStatus[] = ['risk_accepted'];
/** What a retest's review can set. */
export const RETEST_OUTCOMES: readonly FindingStatus[] = ['retest_passed', 'retest_failed'];
/** Findings counted as open on layers and the coverage page (not fixed by a passed retest). */
export const OPEN_FINDING_STATUSES: readonly FindingStatus[] = [
  'open',
  'in_progress',
  'fixed',
  'risk_accepted',
  'retest_failed',
];

export function canMoveFinding(from: FindingStatus, to: FindingStatus): boolean {
  return FINDING_TRANSITIONS[from].includes(to);
}

export const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

/** A reviewed test as the verdict needs it: its outcome class and expected-vs-actual. */
export interface VerdictInput {
  reviewed: boolean;
  /** The level's counts_as; null while blue set none. */
  outcome: CountsAs | null;
  expectation: ExpectationOutcome | null;
}

/**
 * `pass` when the test met (or beat) its expectation, or, judged without one, was detected
 * (alerted or prevented); `gap` when it missed its expectation or, without a met one, was not
 * detected; null until it is reviewed with a level. Drafting proposes findings for gaps, and
 * a retest test's verdict closes (pass) or fails its finding.
 */
export function testVerdict(t: VerdictInput): 'pass' | 'gap' | null {
  if (!t.reviewed || t.outcome === null) return null;
  if (t.expectation === 'not_met') return 'gap';
  if (t.expectation === 'met' || t.expectation === 'better') return 'pass';
  return t.outcome === 'alerted' || t.outcome === 'prevented' ? 'pass' : 'gap';
}

const OUTCOME_BASE: Readonly<Record<CountsAs, number>> = {
  none: 3,
  logged: 2,
  alerted: 1,
  prevented: 1,
};
/** A noisy (low opsec) attack that slipped through is worse; a stealthy one less surprising. */
const OPSEC_SHIFT: Readonly<Record<string, number>> = { low: 1, high: -1 };

/**
 * The severity drafting suggests for a gap: nothing seen → high, logged only → medium,
 * detected but short of its expectation → low; one step up for a low opsec level (noisy),
 * one down for a high one (stealthy). The lead edits it before accepting.
 */
export function suggestSeverity(outcome: CountsAs, opsecLevel: string): FindingSeverity {
  const score = OUTCOME_BASE[outcome] + (OPSEC_SHIFT[opsecLevel] ?? 0);
  return FindingSeverity.options[Math.max(0, Math.min(4, score))]!;
}

/** The higher of two severities. */
export const maxSeverity = (a: FindingSeverity, b: FindingSeverity): FindingSeverity =>
  SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
