import {
  FINDING_STATUSES_WITH_REASON,
  FINDING_TRANSITIONS,
  SEVERITY_RANK,
  type Finding,
  type FindingCreate,
  type FindingProposal,
  type FindingSeverity,
  type FindingStatus,
  type FindingUpdate,
  type GapReason,
} from '@metamorph/contract';

/** Labels, colours and the pure rules of the findings screens (form ↔ API, filters, merges). */

export const SEVERITY_META: Record<FindingSeverity, { label: string; color: string }> = {
  critical: { label: 'Critical', color: 'red.9' },
  high: { label: 'High', color: 'red' },
  medium: { label: 'Medium', color: 'orange' },
  low: { label: 'Low', color: 'yellow' },
  info: { label: 'Info', color: 'gray' },
};

export const FINDING_STATUS_META: Record<FindingStatus, { label: string; color: string }> = {
  open: { label: 'Open', color: 'red' },
  in_progress: { label: 'In progress', color: 'blue' },
  fixed: { label: 'Fixed, awaiting retest', color: 'cyan' },
  risk_accepted: { label: 'Risk accepted', color: 'gray' },
  retest_failed: { label: 'Retest failed', color: 'orange' },
  retest_passed: { label: 'Closed: retest passed', color: 'teal' },
};

/** Severities worst first, as the pickers list them. */
export const SEVERITIES: FindingSeverity[] = (Object.keys(SEVERITY_RANK) as FindingSeverity[]).sort(
  (a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a],
);

export const findingLabel = (f: { number: number }) => `F-${f.number}`;

/** The editable fields, as the editor keeps them (owner: a member, free text, or nobody). */
export interface FindingForm {
  title: string;
  severity: FindingSeverity;
  description_md: string | null;
  recommendation_md: string | null;
  test_ids: string[];
  gap_reason: GapReason | null;
  sigma_rule: string;
  siem_query: string;
  ticket_url: string;
  owner_kind: 'none' | 'member' | 'name';
  owner_user_id: string | null;
  owner_name: string;
  due_on: string;
  status: FindingStatus;
  status_reason: string;
}

export function emptyFindingForm(): FindingForm {
  return {
    title: '',
    severity: 'medium',
    description_md: null,
    recommendation_md: null,
    test_ids: [],
    gap_reason: null,
    sigma_rule: '',
    siem_query: '',
    ticket_url: '',
    owner_kind: 'none',
    owner_user_id: null,
    owner_name: '',
    due_on: '',
    status: 'open',
    status_reason: '',
  };
}

export function findingFormOf(f: Finding): FindingForm {
  return {
    title: f.title,
    severity: f.severity,
    description_md: f.description_md,
    recommendation_md: f.recommendation_md,
    test_ids: [...f.test_ids],
    gap_reason: f.gap_reason,
    sigma_rule: f.sigma_rule ?? '',
    siem_query: f.siem_query ?? '',
    ticket_url: f.ticket_url ?? '',
    owner_kind: f.owner_user_id ? 'member' : f.owner_name ? 'name' : 'none',
    owner_user_id: f.owner_user_id,
    owner_name: f.owner_name ?? '',
    due_on: f.due_on ?? '',
    status: f.status,
    status_reason: f.status_reason ?? '',
  };
}

const blank = (s: string): string | null => (s.trim() === '' ? null : s);

/** The create body of a form (status is not part of a create). */
export function createBody(form: FindingForm): FindingCreate {
  return {
    title: form.title.trim(),
    severity: form.severity,
    description_md: form.description_md,
    recommendation_md: form.recommendation_md,
    test_ids: form.test_ids,
    gap_reason: form.gap_reason,
    sigma_rule: blank(form.sigma_rule),
    siem_query: blank(form.siem_query),
    ticket_url: blank(form.ticket_url.trim()),
    owner_user_id: form.owner_kind === 'member' ? form.owner_user_id : null,
    owner_name: form.owner_kind === 'name' ? blank(form.owner_name.trim()) : null,
    due_on: blank(form.due_on),
  };
}

/** The PATCH body: every editable field, plus the status (and its reason) when it changes. */
export function updateBody(form: FindingForm, current: Finding): FindingUpdate {
  const body: FindingUpdate = { ...createBody(form) };
  if (form.status !== current.status) body.status = form.status;
  if (needsReason(form.status)) body.status_reason = blank(form.status_reason.trim());
  return body;
}

export const needsReason = (s: FindingStatus) => FINDING_STATUSES_WITH_REASON.includes(s);

/** The statuses the picker offers: the current one and where a lead may move it. */
export function statusOptions(current: FindingStatus): FindingStatus[] {
  return [current, ...FINDING_TRANSITIONS[current]];
}

/** What must be fixed before saving, by field (the server checks again). */
export function validateFinding(form: FindingForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.title.trim()) errors.title = 'A finding needs a title';
  if (needsReason(form.status) && !form.status_reason.trim())
    errors.status_reason = 'Say why the risk is accepted';
  const url = form.ticket_url.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) errors.ticket_url = 'An http:// or https:// link';
  if (form.owner_kind === 'member' && !form.owner_user_id) errors.owner = 'Pick a member';
  return errors;
}

export interface FindingFilter {
  status: FindingStatus | 'active' | null;
  severity: FindingSeverity | null;
}

/** "Active": everything not closed by a passed retest. */
export function filterFindings(items: readonly Finding[], f: FindingFilter): Finding[] {
  return items.filter(
    (x) =>
      (f.status === null ||
        (f.status === 'active' ? x.status !== 'retest_passed' : x.status === f.status)) &&
      (f.severity === null || x.severity === f.severity),
  );
}

/** Finding numbers per linked test id (the plan's badges). */
export function findingsByTest(items: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of items)
    for (const id of [...f.test_ids, ...f.retest_test_ids])
      map.set(id, [...(map.get(id) ?? []), f]);
  return map;
}

/** A proposal under review: the lead's edits, and whether it will be created. */
export interface ProposalDraft extends FindingProposal {
  keep: boolean;
}

/**
 * Merges proposal `from` into `into`: tests and techniques joined, the worse severity kept,
 * the descriptions appended; `from` leaves the list.
 */
export function mergeProposals(
  list: readonly ProposalDraft[],
  into: string,
  from: string,
): ProposalDraft[] {
  const a = list.find((p) => p.key === into);
  const b = list.find((p) => p.key === from);
  if (!a || !b || a === b) return [...list];
  const merged: ProposalDraft = {
    ...a,
    severity: SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b.severity : a.severity,
    technique_ids: [...new Set([...a.technique_ids, ...b.technique_ids])],
    test_ids: [...new Set([...a.test_ids, ...b.test_ids])],
    description_md: [a.description_md, b.description_md].filter(Boolean).join('\n\n'),
    recommendation_md:
      [a.recommendation_md, b.recommendation_md].filter(Boolean).join('\n\n') || null,
    gap_reason: a.gap_reason === b.gap_reason ? a.gap_reason : (a.gap_reason ?? b.gap_reason),
    sigma_rule: a.sigma_rule ?? b.sigma_rule,
    siem_query: a.siem_query ?? b.siem_query,
    keep: true,
  };
  return list.filter((p) => p.key !== from).map((p) => (p.key === into ? merged : p));
}

/** The accept body: the kept proposals as creates. */
export function acceptBody(list: readonly ProposalDraft[]): FindingCreate[] {
  return list
    .filter((p) => p.keep)
    .map((p) => ({
      title: p.title.trim(),
      severity: p.severity,
      description_md: p.description_md || null,
      recommendation_md: p.recommendation_md,
      test_ids: p.test_ids,
      gap_reason: p.gap_reason,
      sigma_rule: p.sigma_rule,
      siem_query: p.siem_query,
      ticket_url: null,
      owner_user_id: null,
      owner_name: null,
      due_on: null,
    }));
}

/** Whether a due date is past (an open finding only). */
export function isOverdue(f: Finding, today = new Date().toISOString().slice(0, 10)): boolean {
  return f.due_on !== null && f.due_on < today && f.status !== 'retest_passed';
}
