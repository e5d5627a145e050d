import type {
  DefenceLayer,
  ExpectedOutcome,
  FindingSeverity,
  FindingStatus,
  MissionRole,
} from '@metamorph/contract';

/** Labels and number formats of the report (one place, every format shows the same words). */

export const ROLE_LABELS: Record<MissionRole, string> = {
  lead: 'Lead',
  purple: 'Purple',
  red: 'Red',
  blue: 'Blue',
  viewer: 'Viewer',
};
export const ROLE_ORDER: readonly MissionRole[] = ['lead', 'purple', 'red', 'blue', 'viewer'];

export const LAYER_LABELS: Record<DefenceLayer, string> = {
  edr: 'EDR',
  av: 'Antivirus',
  siem: 'SIEM',
  firewall: 'Firewall',
  proxy: 'Proxy',
  email_gateway: 'Email gateway',
  ndr: 'NDR',
  other: 'Other',
};

export const EXECUTION_RESULT_LABELS: Record<string, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped_by_control: 'Stopped by a control',
};

export const GAP_REASON_LABELS: Record<string, string> = {
  no_telemetry: 'No telemetry',
  no_rule: 'No rule',
  rule_not_fired: 'Rule did not fire',
  triaged_benign: 'Triaged as benign',
  other: 'Other',
};

export const EXPECTATION_LABELS: Record<string, string> = {
  met: 'Met',
  better: 'Better than expected',
  not_met: 'Not met',
  pending: 'Pending',
  no_tool: 'No tool on the expected layer',
};

const EXPECTED_VERB: Record<ExpectedOutcome['expectation'], string> = {
  prevent: 'prevent',
  alert: 'alert',
  log: 'log',
  none: 'nothing expected',
};

export const FACT_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', tbd: 'TBD' };

/** "EDR: prevent; SIEM: log", or null when nothing is expected. */
export function expectedSummary(expected: readonly ExpectedOutcome[]): string | null {
  if (expected.length === 0) return null;
  return expected
    .map((e) => `${LAYER_LABELS[e.layer]}: ${EXPECTED_VERB[e.expectation]}`)
    .join('; ');
}

/** "62 %", or an em dash when there is no denominator. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

/** 42 s, 14 min, 3 h 5 min, 2 d 4 h; an em dash for null. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
/** Worst first, as the report lists them. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];
export const SEVERITY_COLOURS: Record<FindingSeverity, string> = {
  critical: '#862e9c',
  high: '#c92a2a',
  medium: '#e8590c',
  low: '#f59f00',
  info: '#868e96',
};

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  fixed: 'Fixed',
  risk_accepted: 'Risk accepted',
  retest_passed: 'Retest passed',
  retest_failed: 'Retest failed',
};

export const CHANGE_LABELS: Record<string, string> = {
  improved: 'Improved',
  regressed: 'Regressed',
  unchanged: 'Unchanged',
  pending: 'Pending',
  added: 'Added',
  dropped: 'Dropped',
};
