import {
  summarizeResults,
  type AggregateRule,
  type OutcomeBasis,
  type ResultsSummary,
} from '@metamorph/contract';
import { and, asc, eq } from 'drizzle-orm';
import { attackTactics } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { toResultTests } from './results.mapper.js';
import { loadClientResults, loadMissionResults } from './results.repo.js';
import type { ClientResultsOptions, MissionResultsOptions } from './results.types.js';

/** The ATT&CK domain whose matrix order tactics are listed in. */
const DOMAIN = 'enterprise-attack';

export interface SummaryOptions {
  basis?: OutcomeBasis;
  /** How several tests of one technique add up (default worst). */
  rule?: AggregateRule;
}

/** The current release's tactics in matrix order (external ids), one query. */
export async function tacticMatrixOrder(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: attackTactics.externalId })
    .from(attackTactics)
    .where(and(eq(attackTactics.domain, DOMAIN), eq(attackTactics.inCurrentRelease, true)))
    .orderBy(asc(attackTactics.matrixOrder), asc(attackTactics.externalId));
  return rows.map((r) => r.id);
}

/**
 * The derived numbers of one mission (contract functions over the read model): counts by
 * state, outcome rates, time to detect / alert, per tactic (matrix order) and per technique.
 * The caller has checked access; pass `includeHidden: access.seesHidden`.
 */
export async function missionResultsSummary(
  db: DbOrTx,
  missionId: string,
  opts: MissionResultsOptions & SummaryOptions,
): Promise<ResultsSummary> {
  const data = await loadMissionResults(db, missionId, { includeHidden: opts.includeHidden });
  const tacticOrder = await tacticMatrixOrder(db);
  return summarizeResults(toResultTests(data), { basis: opts.basis, rule: opts.rule, tacticOrder });
}

/** The same over every live mission of a client (or the listed ones). */
export async function clientResultsSummary(
  db: DbOrTx,
  clientId: string,
  opts: ClientResultsOptions & SummaryOptions,
): Promise<ResultsSummary> {
  const data = await loadClientResults(db, clientId, {
    includeHidden: opts.includeHidden,
    missionIds: opts.missionIds,
  });
  const tacticOrder = await tacticMatrixOrder(db);
  return summarizeResults(toResultTests(data), { basis: opts.basis, rule: opts.rule, tacticOrder });
}
