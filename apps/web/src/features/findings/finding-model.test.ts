import type { Finding } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  acceptBody,
  createBody,
  emptyFindingForm,
  filterFindings,
  findingFormOf,
  isOverdue,
  mergeProposals,
  statusOptions,
  updateBody,
  validateFinding,
  type ProposalDraft,
} from './finding-model';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: A,
    mission_id: B,
    number: 1,
    title: 'No rule for encoded PowerShell',
    severity: 'high',
    status: 'open',
    status_reason: null,
    description_md: null,
    recommendation_md: null,
    test_ids: [A],
    techniques: [],
    gap_reason: 'no_rule',
    sigma_rule: null,
    siem_query: null,
    ticket_url: null,
    owner_user_id: null,
    owner_display_name: null,
    owner_name: 'SOC team',
    due_on: '2026-01-31',
    retest_test_ids: [],
    version: 3,
    created_by: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const proposal = (key: string, over: Partial<ProposalDraft> = {}): ProposalDraft => ({
  key,
  technique_ids: [key],
  title: `Gap ${key}`,
  severity: 'medium',
  description_md: `about ${key}`,
  recommendation_md: null,
  test_ids: [key === 'x' ? A : B],
  gap_reason: 'no_rule',
  sigma_rule: null,
  siem_query: null,
  keep: true,
  ...over,
});

describe('finding form', () => {
  it('round-trips a finding; blanks become null and the owner follows its kind', () => {
    const form = findingFormOf(finding());
    expect(form.owner_kind).toBe('name');
    const body = createBody({ ...form, sigma_rule: '  ', ticket_url: '' });
    expect(body).toMatchObject({ owner_name: 'SOC team', owner_user_id: null, sigma_rule: null });
    expect(createBody({ ...form, owner_kind: 'none' }).owner_name).toBeNull();
  });

  it('sends the status only when it changes, with the reason risk acceptance needs', () => {
    const f = finding();
    expect(updateBody(findingFormOf(f), f).status).toBeUndefined();
    const accepted = {
      ...findingFormOf(f),
      status: 'risk_accepted' as const,
      status_reason: 'Legacy',
    };
    expect(updateBody(accepted, f)).toMatchObject({
      status: 'risk_accepted',
      status_reason: 'Legacy',
    });
    expect(validateFinding({ ...accepted, status_reason: ' ' }).status_reason).toBeTruthy();
  });

  it('offers the current status and the contract’s moves only', () => {
    expect(statusOptions('open')).toEqual(['open', 'in_progress', 'risk_accepted']);
    expect(statusOptions('retest_passed')).toEqual(['retest_passed']);
  });

  it('checks title and ticket URL', () => {
    const errors = validateFinding({ ...emptyFindingForm(), ticket_url: 'javascript:alert(1)' });
    expect(Object.keys(errors).sort()).toEqual(['ticket_url', 'title']);
  });
});

describe('findings list', () => {
  it('filters by status ("not closed" too) and severity', () => {
    const items = [finding(), finding({ id: B, status: 'retest_passed', severity: 'low' })];
    expect(filterFindings(items, { status: 'active', severity: null })).toHaveLength(1);
    expect(filterFindings(items, { status: null, severity: 'low' })[0]?.id).toBe(B);
  });

  it('marks overdue findings until a retest passed', () => {
    expect(isOverdue(finding(), '2026-02-01')).toBe(true);
    expect(isOverdue(finding({ status: 'retest_passed' }), '2026-02-01')).toBe(false);
  });
});

describe('draft review', () => {
  it('merges two proposals: tests joined, the worse severity kept', () => {
    const list = [proposal('x'), proposal('y', { severity: 'high' })];
    const merged = mergeProposals(list, 'x', 'y');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      severity: 'high',
      test_ids: [A, B],
      technique_ids: ['x', 'y'],
    });
  });

  it('accepts only the kept proposals', () => {
    const body = acceptBody([proposal('x'), proposal('y', { keep: false })]);
    expect(body.map((b) => b.title)).toEqual(['Gap x']);
  });
});
