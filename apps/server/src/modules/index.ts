import type { AppModule } from '../context.js';
import { authModule } from './auth/index.js';
import { diagModule } from './diag/index.js';
import { healthModule } from './health/index.js';
import { jobsModule } from './jobs/index.js';
import { settingsModule } from './settings/index.js';

/** Every feature module, in registration order. */
export const modules: AppModule[] = [
  healthModule,
  settingsModule,
  authModule,
  jobsModule,
  diagModule,
];
