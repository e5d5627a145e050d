import type { AppModule } from '../context.js';
import { diagModule } from './diag/index.js';
import { healthModule } from './health/index.js';
import { jobsModule } from './jobs/index.js';

/** Every feature module, in registration order. */
export const modules: AppModule[] = [healthModule, jobsModule, diagModule];
