import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  DENIED_WITHOUT_PERMISSION,
  checkAuthzTable,
  makeActors,
  type Actors,
} from '../../../test/authz-kit.js';
import { loginAdmin } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { createTemplate, sampleTest } from './test-library.js';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('library routes: authorization', () => {
  let t: TestApp;
  let actors: Actors;
  let testId: string;
  beforeAll(async () => {
    t = await createTestApp();
    actors = await makeActors(t, 'library.write');
    testId = (await createTemplate(t, await loginAdmin(t))).id;
  });
  afterAll(() => t.close());

  // Every built-in role but "no role" holds library.read.
  const READERS = {
    anonymous: 401,
    no_role: 403,
    viewer: 200,
    red: 200,
    blue: 200,
    lead: 200,
    admin: 200,
    token_scoped: 403, // holds library.write only
    token_unscoped: 200,
  } as const;

  it('reads need library.read', async () => {
    await checkAuthzTable(t, actors, [
      {
        name: 'list tests',
        request: { method: 'GET', url: '/api/library/tests' },
        expect: READERS,
      },
      {
        name: 'get test',
        request: { method: 'GET', url: `/api/library/tests/${testId}` },
        expect: READERS,
      },
      {
        name: 'list scenarios',
        request: { method: 'GET', url: '/api/library/scenarios' },
        expect: READERS,
      },
      { name: 'export', request: { method: 'GET', url: '/api/library/export' }, expect: READERS },
    ]);
  });

  it('writes need library.write, checked before the body (401 → 403 → 422)', async () => {
    const write = { ...DENIED_WITHOUT_PERMISSION, viewer: 403, red: 403, blue: 403 };
    await checkAuthzTable(t, actors, [
      {
        name: 'create test',
        request: { method: 'POST', url: '/api/library/tests', payload: sampleTest() },
        expect: { ...write, lead: 201, admin: 201, token_scoped: 201 },
      },
      {
        name: 'create test (bad body)',
        request: { method: 'POST', url: '/api/library/tests', payload: { name: '' } },
        expect: { ...write, lead: 422, admin: 422 },
      },
      {
        name: 'update unknown test',
        request: {
          method: 'PUT',
          url: `/api/library/tests/${NOBODY}`,
          payload: { ...sampleTest(), key: undefined, version: 1 },
        },
        expect: { ...write, lead: 404, admin: 404 },
      },
      {
        name: 'delete unknown test',
        request: { method: 'DELETE', url: `/api/library/tests/${NOBODY}` },
        expect: { ...write, lead: 404, admin: 404 },
      },
      {
        name: 'create scenario',
        request: { method: 'POST', url: '/api/library/scenarios', payload: { name: 'S' } },
        expect: { ...write, lead: 201, admin: 201 },
      },
      {
        name: 'import document',
        request: { method: 'POST', url: '/api/library/import', payload: { format: 'x' } },
        expect: { ...write, lead: 422, admin: 422 },
      },
      {
        name: 'remap',
        request: { method: 'POST', url: '/api/library/remap-attack', payload: { from: 'T1105' } },
        expect: { ...write, lead: 422, admin: 422 },
      },
      {
        name: 'from group (no catalog)',
        request: {
          method: 'POST',
          url: '/api/library/scenarios/from-group',
          payload: { group_id: 'G0007' },
        },
        expect: { anonymous: 401, no_role: 403, viewer: 403, red: 403, lead: 404, admin: 404 },
      },
    ]);
  });
});
