import type { AppModule } from '../context.js';
import { archiveModule } from './archive/index.js';
import { attackModule, makeAttackReadModule } from './attack/index.js';
import { auditModule } from './audit/index.js';
import { automationModule } from './automation/index.js';
import { authModule } from './auth/index.js';
import { diagModule } from './diag/index.js';
import { evidenceModule } from './evidence/index.js';
import { executionModule } from './execution/index.js';
import { findingsModule } from './findings/index.js';
import { healthModule } from './health/index.js';
import { jobsModule } from './jobs/index.js';
import { libraryImpactProvider, libraryModule } from './library/index.js';
import { liveModule } from './live/index.js';
import { missionTestsImpactProvider, missionsModule } from './missions/index.js';
import { reportsModule } from './reports/index.js';
import { resultsModule } from './results/index.js';
import { rolesModule } from './roles/index.js';
import { settingsModule } from './settings/index.js';
import { threatsModule } from './threats/index.js';
import { tokensModule } from './tokens/index.js';
import { usersModule } from './users/index.js';
import { workspaceModule } from './workspace/index.js';

/** Every feature module, in registration order. */
export const modules: AppModule[] = [
  healthModule,
  settingsModule,
  authModule,
  usersModule,
  rolesModule,
  tokensModule,
  auditModule,
  jobsModule,
  attackModule,
  makeAttackReadModule([libraryImpactProvider, missionTestsImpactProvider]),
  libraryModule,
  missionsModule,
  evidenceModule,
  liveModule,
  executionModule,
  resultsModule,
  reportsModule,
  archiveModule,
  findingsModule,
  automationModule,
  threatsModule,
  workspaceModule,
  diagModule,
];
