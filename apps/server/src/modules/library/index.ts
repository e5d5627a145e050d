import type { AppModule } from '../../context.js';
import { LibraryBrowseService } from './browse.service.js';
import { LibraryIoService } from './io.service.js';
import { libraryIoRoutes } from './io.routes.js';
import { libraryRoutes } from './library.routes.js';
import { ScenarioTemplatesService } from './scenarios.service.js';
import { TestTemplatesService } from './tests.service.js';

/** The scenario and test library under /api/library. */
export const libraryModule: AppModule = {
  name: 'library',
  routes(app, ctx) {
    libraryRoutes(app, {
      tests: new TestTemplatesService(ctx),
      browse: new LibraryBrowseService(ctx),
      scenarios: new ScenarioTemplatesService(ctx),
    });
    libraryIoRoutes(app, new LibraryIoService(ctx));
  },
};
