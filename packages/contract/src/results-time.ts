import { isoMs, type ResultTest, type ResultTool } from './results.js';

// Time to detect / to alert and duration summaries of mission test results.
type TimedTest = Pick<ResultTest, 'attack_started_at' | 'executed_at' | 'tools'>;

/** When the attack started: attack_started_at, else executed_at; null without either. */
export const attackStart = (t: Pick<ResultTest, 'attack_started_at' | 'executed_at'>) =>
  isoMs(t.attack_started_at) ?? isoMs(t.executed_at);

function secondsTo(t: TimedTest, counts: (r: ResultTool) => boolean): number | null {
  const start = attackStart(t);
  const times = t.tools
    .filter(counts)
    .map((r) => isoMs(r.detected_at))
    .filter((v): v is number => v !== null);
  if (start === null || times.length === 0) return null;
  return Math.round((Math.min(...times) - start) / 100) / 10;
}

/**
 * Seconds (to 0.1 s) from the attack start to the earliest detected_at of a tool that logged,
 * alerted or prevented (a fact of `yes`); null without a start or such a time.
 */
export const timeToDetect = (t: TimedTest): number | null =>
  secondsTo(t, (r) => r.logged === 'yes' || r.alerted === 'yes' || r.prevented === 'yes');
/** As timeToDetect, over tools whose `alerted` is yes. */
export const timeToAlert = (t: TimedTest): number | null =>
  secondsTo(t, (r) => r.alerted === 'yes');

export interface DurationSummary {
  count: number;
  median: number | null;
  /** Nearest rank: the ⌈0.9·n⌉-th smallest value. */
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** Summary of durations; nulls (no value) are left out. The median of an even count averages. */
export function summarizeDurations(values: ReadonlyArray<number | null>): DurationSummary {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  v.sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { count: 0, median: null, p90: null, min: null, max: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { count: n, median, p90: v[Math.ceil(0.9 * n) - 1]!, min: v[0]!, max: v[n - 1]! };
}
