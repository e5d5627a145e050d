import type { CoverageQuery } from '@metamorph/contract';
import type { AppContext, AppModule } from '../../context.js';
import type { Actor } from '../../platform/authz.js';
import type { CoverageInput } from './coverage.js';
import { exportRoutes } from './export/export.routes.js';
import { layerRoutes } from './layer/layer.routes.js';
import { resultsRoutes } from './results.routes.js';
import { ResultsService } from './results.service.js';

/**
 * Results read model: what the dashboard, heat map, layer, CSV, report and compare page read.
 * Other modules use these functions (after their own access checks).
 */
export { loadClientResults, loadMissionResults } from './results.repo.js';
export { toResultLevel, toResultTest, toResultTests } from './results.mapper.js';
export { buildDashboard, STATE_LABELS, type DashboardInput } from './dashboard.js';
export { testFacts, type TestFacts } from './facts.js';
export { coverageCells, heatmapCells, toLevelInfo } from './heatmap.js';
export { filterTests, type CoverageInput } from './coverage.js';

/**
 * The missions (date order), tests and levels one client's coverage is built from, scoped to
 * what the caller sees (404 for a client they cannot see), as GET /api/coverage reads them.
 */
export function clientCoverageScope(
  ctx: AppContext,
  actor: Actor,
  q: CoverageQuery,
): Promise<CoverageInput> {
  return new ResultsService(ctx).coverageScope(actor, q);
}
export { loadLevels } from './scope.repo.js';
export { asciiSlug, unicodeSlug } from './export/filename.js';
export {
  clientResultsSummary,
  missionResultsSummary,
  tacticMatrixOrder,
  type SummaryOptions,
} from './results.summary.js';
export type * from './results.types.js';
export {
  attackVersion,
  buildLayer,
  type LayerInput,
  type LayerLevel,
} from './layer/build-layer.js';
export { layerSource } from './layer/layer-source.js';
export type * from './layer/navigator-layer.js';
export { LAYER_DOMAIN, LAYER_FORMAT, NAVIGATOR_VERSION } from './layer/navigator-layer.js';
export { fitXlsxCell, neutralise } from './export/cells.js';
export { CSV_CONTENT_TYPE } from './export/csv.js';
export { XLSX_CONTENT_TYPE } from './export/xlsx.js';
export { exportDisposition } from './export/filename.js';

/** Dashboard, heat maps, coverage across missions, Navigator layers and exports. */
export const resultsModule: AppModule = {
  name: 'results',
  routes(app, ctx) {
    const results = new ResultsService(ctx);
    resultsRoutes(app, results);
    exportRoutes(app, ctx);
    layerRoutes(app, ctx, results);
  },
};
