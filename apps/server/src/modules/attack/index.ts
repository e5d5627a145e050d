import type { AppModule } from '../../context.js';
import { attackRoutes } from './attack.routes.js';
import { ATTACK_IMPORT_JOB, createAttackImportJob } from './import.job.js';

export {
  ATTACK_IMPORT_JOB,
  attackTempDir,
  createAttackImportJob,
  type AttackImportPayload,
} from './import.job.js';
export { importRelease, existingImport } from './import/import.service.js';
export { parseAttackBundle } from './stix/parse.js';
export { startAttackSync } from './sync.service.js';
export { listReleases, toReleaseWire } from './releases.repo.js';

/** The read side, for modules/index.ts and the library and missions modules. */
export {
  attackReadModule,
  makeAttackReadModule,
  type DiffImpactProvider,
  type ReleaseDiffCore,
} from './read/index.js';
export { currentRelease, currentTactics } from './read/catalog.repo.js';
export { groupByExternalId, usesOfGroup } from './read/groups.repo.js';

/**
 * ATT&CK import: `POST /api/attack/sync`, `GET /api/attack/releases` and the
 * `attack.import` job. The read side is `attackReadModule` (./read).
 */
export const attackModule: AppModule = {
  name: 'attack',
  jobs: (ctx) => ({ [ATTACK_IMPORT_JOB]: createAttackImportJob(ctx) }),
  async routes(app, ctx) {
    await attackRoutes(app, ctx);
  },
};
