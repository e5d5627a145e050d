import { z } from 'zod';
import { IsoDate, Uuid } from './common.js';
import { DefenceLayer } from './library.js';
import {
  AggregateRuleParam,
  HeatmapCell,
  HeatmapFinding,
  OutcomeBasisParam,
  ResultLevelInfo,
} from './results-dashboard.js';

/** Coverage of one client across its missions: heat map, trend, regressions, improvements. */

const csv = (max: number) =>
  z
    .string()
    .max(max * 64)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(200)).max(max));

export const CoverageQuery = z
  .object({
    /** Required unless `all_clients=true` (admin.missions only). */
    client_id: Uuid.optional(),
    all_clients: z.enum(['true', 'false']).default('false'),
    /** Comma-separated mission ids (of the client). */
    mission_ids: csv(500).optional(),
    /** Missions whose start (else creation) date falls in [from, to]. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** Tests carrying any of these library tags. */
    tags: csv(50).optional(),
    /** Tests for any of these platforms. */
    platforms: csv(50).optional(),
    /** Judge outcomes by this defence layer's tool results only. */
    layer: DefenceLayer.optional(),
    /**
     * latest (default): a technique is judged by the latest mission that has an outcome for it
     * (worst within that mission); worst / best: over every mission.
     */
    rule: AggregateRuleParam.default('latest'),
    basis: OutcomeBasisParam.default('reviewed'),
  })
  .strict();
export type CoverageQuery = z.infer<typeof CoverageQuery>;

const Judged = z.object({
  mission_id: Uuid,
  mission_name: z.string(),
  date: IsoDate,
  level: ResultLevelInfo,
  test_ids: z.array(Uuid),
});
export const CoverageChange = z.object({
  kind: z.enum(['technique', 'template']),
  /** Technique id, or the template's provenance key. */
  key: z.string(),
  name: z.string().nullable(),
  before: Judged,
  after: Judged,
});
export type CoverageChange = z.infer<typeof CoverageChange>;

export const CoverageMission = z.object({
  id: Uuid,
  name: z.string(),
  client_id: Uuid,
  client_name: z.string(),
  /** Start date, else the creation day. */
  date: IsoDate,
  tests: z.number().int(),
  with_outcome: z.number().int(),
  detection_rate: z.number().nullable(),
  prevention_rate: z.number().nullable(),
  visibility_rate: z.number().nullable(),
});
export type CoverageMission = z.infer<typeof CoverageMission>;

export const Coverage = z.object({
  client: z.object({ id: Uuid, name: z.string() }).nullable(),
  rule: AggregateRuleParam,
  basis: OutcomeBasisParam,
  layer: DefenceLayer.nullable(),
  levels: z.array(ResultLevelInfo),
  /** In date order; the trend of detection rate per mission over time. */
  missions: z.array(CoverageMission),
  cells: z.array(HeatmapCell),
  /** Open findings of the missions in scope the caller sees (cells count them). */
  open_findings: z.array(HeatmapFinding).default([]),
  regressions: z.array(CoverageChange),
  improvements: z.array(CoverageChange),
});
export type Coverage = z.infer<typeof Coverage>;
