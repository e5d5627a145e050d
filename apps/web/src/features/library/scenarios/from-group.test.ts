import type { FromGroupResult } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  effectiveAction,
  initialPlan,
  planChoices,
  planSummary,
  toggleCandidate,
} from './from-group';

type Technique = FromGroupResult['techniques'][number];
const c = (id: string) => ({ id, key: `k-${id}`, name: `Name ${id}` });
const techniques: Technique[] = [
  { external_id: 'T1566', name: 'Phishing', candidates: [c('a'), c('b')], action: 'reuse' },
  { external_id: 'T1059', name: 'Interpreter', candidates: [], action: 'create' },
  { external_id: 'T1105', name: 'Transfer', candidates: [c('b')], action: 'reuse' },
];

describe('from-group plan', () => {
  it('starts from the server proposal and sends no choice for it but the reuse lists', () => {
    const plan = initialPlan(techniques);
    expect(plan.T1059).toEqual({ mode: 'create' });
    expect(planChoices(techniques, plan)).toEqual({ T1566: ['a', 'b'], T1105: ['b'] });
    expect(planSummary(techniques, plan)).toEqual({ reused: 2, created: 1, skipped: 0, steps: 3 });
  });

  it('unchecks candidates (all unchecked is a skip) and keeps the candidates order', () => {
    let plan = toggleCandidate(initialPlan(techniques), 'T1566', 'a');
    expect(planChoices(techniques, plan).T1566).toEqual(['b']);
    plan = toggleCandidate(plan, 'T1566', 'b');
    expect(effectiveAction(plan.T1566)).toBe('skip');
    expect(planChoices(techniques, plan).T1566).toEqual([]);
    plan = toggleCandidate(toggleCandidate(plan, 'T1566', 'b'), 'T1566', 'a');
    expect(planChoices(techniques, plan).T1566).toEqual(['a', 'b']);
  });

  it('skips a technique with an empty list', () => {
    const plan = { ...initialPlan(techniques), T1059: { mode: 'skip' as const } };
    expect(planChoices(techniques, plan).T1059).toEqual([]);
    expect(planSummary(techniques, plan)).toMatchObject({ created: 0, skipped: 1, steps: 2 });
  });
});
