import type { AppModule } from '../../context.js';
import { attackRoutes } from './attack.routes.js';
import { ATTACK_IMPORT_JOB, createAttackImportJob } from './import.job.js';

export { ATTACK_IMPORT_JOB, createAttackImportJob } from './import.job.js';
export { importRelease, existingImport } from './import/import.service.js';
export { parseAttackBundle } from './stix/parse.js';
export { startAttackSync } from './sync.service.js';
export { listReleases, toReleaseWire } from './releases.repo.js';

/**
 * ATT&CK import: `POST /api/attack/sync`, `GET /api/attack/releases` and the
 * `attack.import` job (registered here because it needs the app's services).
 * The read side is `attackReadModule` (./read).
 */
export const attackModule: AppModule = {
  name: 'attack',
  async routes(app, ctx) {
    ctx.runner.register(ATTACK_IMPORT_JOB, createAttackImportJob(ctx));
    await attackRoutes(app, ctx);
  },
};
