import type { AppModule } from '../../context.js';
import { coverageRoutes } from './coverage.routes.js';
import { ThreatCoverageService } from './coverage.service.js';
import { dettectRoutes } from './dettect/dettect.routes.js';
import { DettectService } from './dettect/dettect.service.js';
import { threatExportRoutes } from './export/threat-exports.routes.js';
import { ThreatExportsService } from './export/threat-exports.service.js';
import { NextTestsService } from './next-tests.service.js';
import { profileRoutes } from './profiles.routes.js';
import { ThreatProfilesService } from './profiles.service.js';

/**
 * Threat-informed coverage (issue 25): threat profiles of a client, their coverage by the
 * client's missions and what to test next (docs/threat-coverage.md).
 */
export const threatsModule: AppModule = {
  name: 'threats',
  routes(app, ctx) {
    const profiles = new ThreatProfilesService(ctx);
    const coverage = new ThreatCoverageService(ctx, profiles);
    profileRoutes(app, profiles);
    const next = new NextTestsService(ctx, coverage);
    coverageRoutes(app, { coverage, next });
    threatExportRoutes(app, new ThreatExportsService(ctx, coverage, next));
    dettectRoutes(app, ctx, { dettect: new DettectService(ctx, coverage), coverage });
  },
};
