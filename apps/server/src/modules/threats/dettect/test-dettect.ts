import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The hand-written DeTT&CT techniques-administration file of Initech's claims. */
export const DETTECT_FIXTURE = readFileSync(
  path.resolve(here, '../../../../test/fixtures/dettect/initech-claims.yaml'),
  'utf8',
);
