import type { FromGroupResult } from '@metamorph/contract';

type Technique = FromGroupResult['techniques'][number];

/** What the wizard does with one technique of the group. */
export type TechniquePlan =
  /** Use the checked candidates (none checked: the technique is skipped). */
  | { mode: 'reuse'; selected: string[] }
  /** A new bare template (only for a technique without candidates: the API's default). */
  | { mode: 'create' }
  | { mode: 'skip' };

export type GroupPlan = Record<string, TechniquePlan>;

/** The server's proposal: every candidate, or a bare template when there is none. */
export function initialPlan(techniques: readonly Technique[]): GroupPlan {
  const plan: GroupPlan = {};
  for (const t of techniques) {
    plan[t.external_id] =
      t.action === 'skip'
        ? { mode: 'skip' }
        : t.candidates.length > 0
          ? { mode: 'reuse', selected: t.candidates.map((c) => c.id) }
          : { mode: 'create' };
  }
  return plan;
}

/** Checks or unchecks one candidate of a technique. */
export function toggleCandidate(
  plan: GroupPlan,
  techniqueId: string,
  templateId: string,
): GroupPlan {
  const current = plan[techniqueId];
  const selected = current?.mode === 'reuse' ? current.selected : [];
  const next = selected.includes(templateId)
    ? selected.filter((id) => id !== templateId)
    : [...selected, templateId];
  return { ...plan, [techniqueId]: { mode: 'reuse', selected: next } };
}

/** The request's `choices`: skipped techniques as empty lists, reused ones with their picks. */
export function planChoices(
  techniques: readonly Technique[],
  plan: GroupPlan,
): Record<string, string[]> {
  const choices: Record<string, string[]> = {};
  for (const t of techniques) {
    const p = plan[t.external_id];
    if (!p || p.mode === 'create') continue;
    if (p.mode === 'skip') choices[t.external_id] = [];
    // Keep the candidates' order (alphabetical), whatever the order they were checked in.
    else
      choices[t.external_id] = t.candidates
        .map((c) => c.id)
        .filter((id) => p.selected.includes(id));
  }
  return choices;
}

/** The effective action of a technique under the plan. */
export function effectiveAction(p: TechniquePlan | undefined): 'reuse' | 'create' | 'skip' {
  if (!p) return 'skip';
  if (p.mode === 'reuse') return p.selected.length > 0 ? 'reuse' : 'skip';
  return p.mode;
}

export interface PlanSummary {
  /** Distinct existing templates the scenario will list. */
  reused: number;
  created: number;
  skipped: number;
  /** Steps of the scenario (templates, each once). */
  steps: number;
}

export function planSummary(techniques: readonly Technique[], plan: GroupPlan): PlanSummary {
  const reused = new Set<string>();
  let created = 0;
  let skipped = 0;
  for (const t of techniques) {
    const p = plan[t.external_id];
    const action = effectiveAction(p);
    if (action === 'skip') skipped += 1;
    else if (action === 'create') created += 1;
    else if (p?.mode === 'reuse') for (const id of p.selected) reused.add(id);
  }
  return { reused: reused.size, created, skipped, steps: reused.size + created };
}
