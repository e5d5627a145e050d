import type { AppModule } from '../../context.js';
import { ActivityService } from './activity.service.js';
import { seedDetectionLevels } from './detection-levels.js';
import { executionRoutes } from './execution.routes.js';
import { ExecutionService } from './execution.service.js';
import { LevelsService } from './levels.service.js';
import { levelsRoutes } from './levels.routes.js';
import { RevealService } from './reveal.service.js';

export { listDetectionLevels } from './detection-levels.js';
export { defenceTools } from './outcome.js';
export { canReveal, missingPatchSides, transitionVerdict } from './rules.js';
export { referenceIssues } from './references.js';
export { overrideIssues } from './tool-results.js';

/** The red/blue workflow of mission tests: detail, patch, transitions, activity, reveal. */
export const executionModule: AppModule = {
  name: 'execution',
  routes(app, ctx) {
    executionRoutes(app, ctx, {
      execution: new ExecutionService(ctx),
      activity: new ActivityService(ctx),
      reveal: new RevealService(ctx),
    });
    levelsRoutes(app, new LevelsService(ctx));
  },
  seed: seedDetectionLevels,
};
