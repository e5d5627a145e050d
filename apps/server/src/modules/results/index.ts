/**
 * Results read model: what the dashboard, heat map, layer, CSV, report and compare page read.
 * No routes yet; other modules use these functions (after their own access checks).
 */
export { loadClientResults, loadMissionResults } from './results.repo.js';
export { toResultLevel, toResultTest, toResultTests } from './results.mapper.js';
export {
  clientResultsSummary,
  missionResultsSummary,
  tacticMatrixOrder,
  type SummaryOptions,
} from './results.summary.js';
export type * from './results.types.js';
