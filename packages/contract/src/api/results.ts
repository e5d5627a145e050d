import { z } from 'zod';

/** How several tests of one technique add up (see AggregateRule in results-aggregate.ts). */
export const AggregateRuleParam = z.enum(['worst', 'best', 'latest']);

/** `GET /api/missions/:id/layer`: the ATT&CK Navigator layer of the mission's outcomes. */
export const LayerQuery = z
  .object({
    /** Default worst, as the dashboard. */
    rule: AggregateRuleParam.default('worst'),
  })
  .strict();
export type LayerQuery = z.output<typeof LayerQuery>;
