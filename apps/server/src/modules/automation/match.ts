import type { TestState } from '@metamorph/contract';
import type { ExecutionFacts } from './facts.js';

/** A live test of the mission as the matcher sees it. */
export interface CandidateTest {
  id: string;
  name: string;
  templateKey: string | null;
  /** Technique and sub-technique ids of its tag snapshot. */
  techniques: readonly string[];
  state: TestState;
}

export type Match<T extends CandidateTest = CandidateTest> =
  { test: T; by: 'guid' | 'technique'; note: string | null } | { test: null; reason: string };

const sameName = (a: string, b: string) =>
  a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/** Pending tests first, then tests no earlier procedure of this import took, then plan order. */
function pick<T extends CandidateTest>(tests: T[], claimed: ReadonlySet<string>): T {
  const score = (t: CandidateTest) => (t.state === 'pending' ? 0 : 2) + (claimed.has(t.id) ? 1 : 0);
  return [...tests].sort((a, b) => score(a) - score(b))[0]!;
}

/**
 * Matches a procedure to a mission test: by its Atomic guid (a test planned from the Atomic
 * template keeps `art:<guid>` as its template key), else by technique id when exactly one
 * test of the mission carries that technique. Ambiguity is never guessed at.
 */
export function matchProcedure<T extends CandidateTest>(
  facts: ExecutionFacts,
  tests: readonly T[],
  claimed: ReadonlySet<string>,
): Match<T> {
  if (facts.guid) {
    const byGuid = tests.filter((t) => t.templateKey === `art:${facts.guid}`);
    if (byGuid.length) {
      const test = pick(byGuid, claimed);
      const note =
        byGuid.length > 1
          ? `${byGuid.length} tests come from this Atomic test; the first ${test.state === 'pending' ? 'pending ' : ''}one was used`
          : null;
      return { test, by: 'guid', note };
    }
  }
  if (!facts.techniqueId) return { test: null, reason: 'No technique id to match by' };
  const byTechnique = tests.filter((t) => t.techniques.includes(facts.techniqueId!));
  if (byTechnique.length === 1) return { test: byTechnique[0]!, by: 'technique', note: null };
  // Several tests carry it: exactly one named as the procedure (an Atomic test's name, which
  // Caldera's Atomic abilities and ATTiRe procedures keep) is that one.
  const named = facts.name ? byTechnique.filter((t) => sameName(t.name, facts.name!)) : [];
  if (named.length === 1) {
    return {
      test: named[0]!,
      by: 'technique',
      note: `${byTechnique.length} tests carry ${facts.techniqueId}: the one named as the procedure was used`,
    };
  }
  const viaGuid = facts.guid ? ` comes from Atomic test ${facts.guid} or` : '';
  if (byTechnique.length === 0) {
    return { test: null, reason: `No test of this mission${viaGuid} carries ${facts.techniqueId}` };
  }
  return {
    test: null,
    reason:
      `${byTechnique.length} tests carry ${facts.techniqueId}` +
      (facts.guid ? ` and none comes from Atomic test ${facts.guid}` : '') +
      ': plan the Atomic test itself, or record this one by hand',
  };
}
