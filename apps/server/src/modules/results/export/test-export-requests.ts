import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import type { Headers } from '../../../../test/auth-helpers.js';
import type { TestApp } from '../../../../test/harness.js';
import { TOOL_FIELD_NAMES } from './columns.js';
import type { ExportWorld } from './test-export.js';

const FIXED = [
  'test_id',
  'scenario',
  'position',
  'test',
  'template_key',
  'template_version',
  'technique_ids',
  'technique_names',
  'tactics',
  'platforms',
  'library_tags',
  'state',
  'state_reason',
  'assignee_email',
  'assignee_name',
  'planned_on',
  'hidden_from_blue',
  'expected_outcomes',
  'executed_at',
  'executed_at_overridden',
  'attack_started_at',
  'attack_ended_at',
  'red_command',
  'red_output',
  'red_comment',
  'source_asset',
  'target_asset',
  'account_used',
  'red_tool',
  'execution_result',
  'cleanup_done',
  'artefacts',
  'blue_comment',
  'detection_level_key',
  'detection_level_label',
  'outcome_override_reason',
  'gap_reason',
  'hunt_query',
  'log_sources',
  'evidence_count',
  'updated_at',
];
/** The CSV / XLSX header of the export fixture's mission (two tools). */
export const HEADERS = [
  ...FIXED,
  ...['CrowdStrike', 'Splunk'].flatMap((tool) => TOOL_FIELD_NAMES.map((f) => `${tool} ${f}`)),
];

/**
 * `GET /api/missions/:id/export<query>` as `headers` or as the lead, and CSV parsing; the app and
 * the world are read when a request is made (they are built in `beforeAll`).
 */
export function exportRequests(app: () => TestApp, x: () => ExportWorld) {
  const get = (headers: Headers, query: string, id = x().missionId) =>
    app().app.inject({ method: 'GET', url: `/api/missions/${id}/export${query}`, headers });
  const lead = (query: string) => get(x().w.h.lead, query);
  const csvRows = (res: LightMyRequestResponse) =>
    parse(res.rawPayload, { bom: true, columns: true }) as Array<Record<string, string>>;
  return { get, lead, csvRows };
}
