import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  DENIED_WITHOUT_PERMISSION,
  checkAuthzTable,
  makeActors,
  type Actors,
} from '../../../test/authz-kit.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { multipartFile, fixture } from './test-helpers.js';

describe('ATT&CK import routes: authorization', () => {
  let t: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    t = await createTestApp();
    actors = await makeActors(t, 'attack.sync');
  });
  afterAll(() => t.close());

  it('POST /api/attack/sync needs attack.sync; GET /api/attack/releases any signed-in user', async () => {
    const upload = multipartFile(fixture('mini-enterprise.json'));
    await checkAuthzTable(t, actors, [
      {
        name: 'sync (url)',
        request: {
          method: 'POST',
          url: '/api/attack/sync',
          payload: { url: 'https://attack.example.test/x.json' },
        },
        expect: { ...DENIED_WITHOUT_PERMISSION, lead: 202, admin: 202, token_scoped: 202 },
      },
      {
        name: 'sync (upload)',
        request: {
          method: 'POST',
          url: '/api/attack/sync',
          payload: upload.payload,
          headers: upload.headers,
        },
        expect: { ...DENIED_WITHOUT_PERMISSION, lead: 202, admin: 202 },
      },
      {
        name: 'sync (bad url)',
        request: {
          method: 'POST',
          url: '/api/attack/sync',
          payload: { url: 'file:///etc/passwd' },
        },
        expect: { anonymous: 401, viewer: 403, admin: 422 },
      },
      {
        name: 'releases',
        request: { method: 'GET', url: '/api/attack/releases' },
        expect: { anonymous: 401, no_role: 200, viewer: 200, red: 200, admin: 200 },
      },
    ]);
  });
});
