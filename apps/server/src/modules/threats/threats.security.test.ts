import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, checkAuthzTable, type Actors } from '../../../test/authz-kit.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { threatWorld, type ThreatWorld } from './test-threats.js';

/**
 * Route × actor. Reads are client-scoped like coverage: admin.missions and mission.create
 * holders, and members of one of the client's missions (the world's red and blue); others 404.
 * Writes need mission.create or admin.missions (403 before anything else).
 */
describe('threat coverage routes × actors', () => {
  let t: TestApp;
  let w: ThreatWorld;
  let actors: Actors;
  let profileId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
    actors = await makeActors(t, 'mission.create');
    profileId = (
      await w.ok('lead', 'POST', `/api/clients/${w.clientId}/threat-profiles`, {
        name: 'Authz',
        group_ids: ['G0007'],
      })
    ).json<{ id: string }>().id;
  }, 120_000);
  afterAll(() => t?.close());

  it('answers each actor as the table says', async () => {
    const base = `/api/clients/${w.clientId}/threat-profiles`;
    const dettect = `/api/clients/${w.clientId}/dettect`;
    const read = {
      anonymous: 401,
      no_role: 404,
      viewer: 404,
      red: 404,
      blue: 404,
      lead: 200,
      admin: 200,
      token_scoped: 200,
    } as const;
    const write = { ...read, no_role: 403, viewer: 403, red: 403, blue: 403 } as const;
    // The token is scoped to mission.create only: no report.export.
    const exportsTable = { ...write, token_scoped: 403 } as const;
    await checkAuthzTable(t, actors, [
      { name: 'list', request: { method: 'GET', url: base }, expect: read },
      { name: 'get', request: { method: 'GET', url: `${base}/${profileId}` }, expect: read },
      {
        name: 'coverage',
        request: { method: 'GET', url: `${base}/${profileId}/coverage` },
        expect: read,
      },
      {
        name: 'next tests',
        request: { method: 'GET', url: `${base}/${profileId}/next-tests` },
        expect: read,
      },
      // Downloads need report.export (403 first, as every layer and export), then the read.
      {
        name: 'layer',
        request: { method: 'GET', url: `${base}/${profileId}/layer` },
        expect: exportsTable,
      },
      {
        name: 'next tests export',
        request: { method: 'GET', url: `${base}/${profileId}/next-tests/export?format=xlsx` },
        expect: exportsTable,
      },
      {
        name: 'patch (unknown field: 422 once allowed)',
        request: { method: 'PATCH', url: `${base}/${profileId}`, payload: { zz: 1 } },
        expect: { ...write, lead: 422, admin: 422, token_scoped: 422 },
      },
      {
        name: 'create (empty: 422 once allowed)',
        request: { method: 'POST', url: base, payload: { name: 'Nothing' } },
        expect: { ...write, lead: 422, admin: 422, token_scoped: 422 },
      },
      {
        name: 'plan (no templates: 422 once allowed)',
        request: {
          method: 'POST',
          url: `${base}/${profileId}/next-tests/plan`,
          payload: { mission_id: w.q1, template_ids: [] },
        },
        expect: { ...write, lead: 422, admin: 422, token_scoped: 422 },
      },
      // DeTT&CT claims: reads as coverage, the import as profile writes, the export as layers.
      { name: 'dettect claims', request: { method: 'GET', url: dettect }, expect: read },
      {
        name: 'claimed vs tested',
        request: { method: 'GET', url: `${dettect}/claimed-vs-tested?profile_id=${profileId}` },
        expect: read,
      },
      {
        name: 'dettect export',
        request: { method: 'GET', url: `${dettect}/export` },
        expect: exportsTable,
      },
      {
        name: 'dettect import (not a DeTT&CT file: 422 once allowed)',
        request: {
          method: 'POST',
          url: dettect,
          payload: { file_name: 'x.yaml', content: 'a: 1' },
        },
        expect: { ...write, lead: 422, admin: 422, token_scoped: 422 },
      },
    ]);
    // Another client's claims are 404 to a member of this client's missions, as unknown ones.
    expect((await w.req('blue', 'GET', `/api/clients/${w.globex}/dettect`)).statusCode).toBe(404);
    // Mission members read the client's profiles; another client's profile is 404 here.
    expect((await w.req('blue', 'GET', base)).statusCode).toBe(200);
    expect((await w.req('red', 'GET', `${base}/${profileId}/coverage`)).statusCode).toBe(200);
    const elsewhere = `/api/clients/${w.globex}/threat-profiles/${profileId}`;
    expect((await w.req('lead', 'GET', elsewhere)).statusCode).toBe(404);
    expect(
      (await w.req('blue', 'GET', `/api/clients/${w.globex}/threat-profiles`)).statusCode,
    ).toBe(404);
    expect((await w.req('blue', 'DELETE', `${base}/${profileId}`)).statusCode).toBe(403);
  });
});
