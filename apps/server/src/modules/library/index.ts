import type { AppModule } from '../../context.js';
import { libraryActionRoutes } from './actions.routes.js';
import { LIBRARY_ATOMICS_JOB, createAtomicsJob } from './atomics.job.js';
import { atomicsRoutes } from './atomics.routes.js';
import { LibraryBrowseService } from './browse.service.js';
import { FromGroupService } from './from-group.service.js';
import { LibraryIoService } from './io.service.js';
import { libraryIoRoutes } from './io.routes.js';
import { libraryRoutes } from './library.routes.js';
import { RemapService } from './remap.service.js';
import { ScenarioTemplatesService } from './scenarios.service.js';
import { seedLibraryRevision } from './search-cache.js';
import { TestTemplatesService } from './tests.service.js';

export { libraryImpactProvider, reasonsById } from './impact.js';
export { LIBRARY_ATTACK_DOMAIN, resolveAttackTags } from './attack-tags.js';
export { startAtomicsImport } from './atomics.routes.js';
export { scanProblem } from './atomics/yaml.js';

/** The scenario and test library under /api/library. */
export const libraryModule: AppModule = {
  name: 'library',
  seed: (ctx) => seedLibraryRevision(ctx.db),
  jobs: (ctx) => ({ [LIBRARY_ATOMICS_JOB]: createAtomicsJob(ctx) }),
  async routes(app, ctx) {
    const scenarios = new ScenarioTemplatesService(ctx);
    libraryRoutes(app, {
      tests: new TestTemplatesService(ctx),
      browse: new LibraryBrowseService(ctx),
      scenarios,
    });
    libraryActionRoutes(app, {
      fromGroup: new FromGroupService(ctx, scenarios),
      remap: new RemapService(ctx),
    });
    libraryIoRoutes(app, new LibraryIoService(ctx));
    await atomicsRoutes(app, ctx);
  },
};
