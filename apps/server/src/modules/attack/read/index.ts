import type { AppModule } from '../../../context.js';
import { CatalogService } from './catalog.service.js';
import { DiffService, type DiffImpactProvider } from './diff.service.js';
import { MatrixService } from './matrix.service.js';
import { attackReadRoutes } from './read.routes.js';

export type { DiffImpactProvider, ReleaseDiffCore } from './diff.service.js';
export { DiffService, diffReleases } from './diff.service.js';

/**
 * The ATT&CK catalog's read side (matrix, search, details, release diff). Later issues
 * pass their diff impact providers here, in modules/index.ts:
 * `makeAttackReadModule([libraryImpact, missionTestsImpact])`.
 */
export function makeAttackReadModule(providers: readonly DiffImpactProvider[] = []): AppModule {
  return {
    name: 'attack-read',
    routes(app, ctx) {
      attackReadRoutes(app, {
        matrix: new MatrixService(ctx.db),
        catalog: new CatalogService(ctx.db),
        diff: new DiffService(ctx.db, providers),
      });
    },
  };
}

export const attackReadModule: AppModule = makeAttackReadModule();
