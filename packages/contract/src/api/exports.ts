import { z } from 'zod';

/** `GET /api/missions/:id/export`: one row per test (docs/exports.md lists the columns). */
export const MissionExportFormat = z.enum(['csv', 'xlsx', 'json']);
export type MissionExportFormat = z.infer<typeof MissionExportFormat>;

/** Unknown query keys are refused (a misspelt `fromat=` must not silently give CSV). */
export const MissionExportQuery = z
  .object({
    format: MissionExportFormat.default('csv'),
  })
  .strict();
export type MissionExportQuery = z.infer<typeof MissionExportQuery>;
