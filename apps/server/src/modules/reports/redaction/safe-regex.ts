import { redactionPatternProblem, type RedactionPattern } from '@metamorph/contract';
import { check } from 'recheck';
import { validationFailed } from '../../../platform/errors.js';

/** Longest a ReDoS check of one pattern may take before the pattern is refused. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Why a pattern is not safe to run over report text, or null. On top of the contract's syntax
 * refusals (does not compile, backreference, lookaround, matches ''), the recheck ReDoS checker
 * must call it `safe`: `vulnerable` (exponential or polynomial backtracking, with the attack
 * string it found) and `unknown` (it could not decide in time) are both refused.
 */
export async function unsafePatternReason(p: RedactionPattern): Promise<string | null> {
  const flags = p.flags ?? '';
  const problem = redactionPatternProblem(p.pattern, flags);
  if (problem) return problem;
  const d = await check(p.pattern, flags, { timeout: CHECK_TIMEOUT_MS });
  if (d.status === 'safe') return null;
  if (d.status === 'vulnerable') {
    return `is vulnerable to catastrophic backtracking (${d.complexity.summary}, e.g. on ${JSON.stringify(d.attack.string.slice(0, 60))})`;
  }
  return `could not be proven safe (${d.error.kind})`;
}

/** 422 naming every refused pattern (settings path and name); nothing is saved then. */
export async function assertSafePatterns(
  patterns: readonly RedactionPattern[],
  path = 'body.reports.redaction_patterns',
): Promise<void> {
  const issues = [];
  for (const [i, p] of patterns.entries()) {
    const reason = await unsafePatternReason(p);
    if (reason) issues.push({ path: `${path}.${i}.pattern`, message: `${p.name}: ${reason}` });
  }
  if (issues.length > 0) throw validationFailed(issues);
}
