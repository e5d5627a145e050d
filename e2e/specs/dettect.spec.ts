import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { expectAccessible } from '../a11y.js';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { createUser, importAttack, post } from '../mission-helpers.js';
import { REPO_ROOT } from '../paths.js';
import { seedResults, type ResultsSeed } from '../results-helpers.js';

/**
 * Claimed vs tested (DeTT&CT), as a purple lead, over the results seed (Initech: Q1, Q2; the
 * tests were executed today) and a profile of APT28 + APT29. The hand-written claims file
 * (apps/server/test/fixtures/dettect/e2e-initech-claims.yaml, dated 2026-03-01):
 * T1059.001 claimed 4, missed in Q2 → claimed_missed; T1105 claimed 0, prevented →
 * unclaimed_detected; T1566.001 claimed 2, logged; T1204 claimed 3, not tested. Every tested
 * claim predates today's tests → claim_older_than_test × 3.
 */

const VIEWPORT = { width: 1440, height: 1100 };
const CLAIMS = path.join(REPO_ROOT, 'apps/server/test/fixtures/dettect/e2e-initech-claims.yaml');
let lead: Credentials;
let admin: Credentials;
let seed: ResultsSeed;
let profileId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  seed = await seedResults(page.request);
  await importAttack(page.request, 'threat-enterprise.json');
  const first = await createUser(
    page.request,
    { email: 'dora.lead@example.org', display_name: 'Dora Lead' },
    'purple_lead',
  );
  const users = (await (await page.request.get('/api/users', { headers: API_HEADERS })).json()) as {
    items: Array<{ id: string; email: string }>;
  };
  const leadId = users.items.find((u) => u.email === first.email)!.id;
  for (const m of [seed.q1, seed.q2])
    await post(page.request, `/api/missions/${m}/members`, { user_id: leadId, role: 'lead' });
  profileId = (
    await post<{ id: string }>(page.request, `/api/clients/${seed.clientId}/threat-profiles`, {
      name: 'Russian espionage',
      group_ids: ['G0007', 'G0016'],
    })
  ).id;
  await page.close();
  const own = await browser.newPage();
  await apiSignIn(own, first);
  const password = strongPassword('lead');
  const change = await own.request.post('/api/auth/password', {
    headers: API_HEADERS,
    data: { current_password: first.password, new_password: password },
  });
  expect(change.status(), await change.text()).toBe(200);
  lead = { ...first, password };
  await own.close();
});

test('a lead imports DeTT&CT claims, sees the discrepancies and exports the tested coverage', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, lead);
  await page.goto(`/clients/${seed.clientId}/threats/${profileId}`);
  const card = page.getByTestId('claimed-vs-tested');
  await expect(card.getByTestId('dettect-claims-file')).toContainText('No DeTT&CT file imported');

  // A file that is not a techniques administration file: every problem listed, nothing stored.
  await card.getByTestId('dettect-import-open').click();
  const dialog = page.getByRole('dialog', { name: 'Import a DeTT&CT file' });
  await dialog.locator('input[type="file"]').setInputFiles({
    name: 'wrong.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('version: 1.0\nfile_type: data-source-administration\ntechniques: []\n'),
  });
  await dialog.getByTestId('dettect-import').click();
  const problems = dialog.getByTestId('dettect-import-error');
  await expect(problems).toContainText(
    'content.file_type: is "data-source-administration"; expected techniques-administration (line 2)',
  );
  await expect(problems).toContainText('content.version: is 1; only version 1.2 is read (line 1)');
  await shot(page, 'dettect-import-errors');
  await expectAccessible(page, 'the DeTT&CT import dialog with its problems');

  await dialog.locator('input[type="file"]').setInputFiles(CLAIMS);
  await dialog.getByTestId('dettect-import').click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('dettect-claims-file')).toContainText(
    'Claims from e2e-initech-claims.yaml',
  );
  const counts = card.getByTestId('dettect-counts');
  await expect(counts.locator('[data-kind="claimed_missed"]')).toContainText(': 1');
  await expect(counts.locator('[data-kind="unclaimed_detected"]')).toContainText(': 1');
  await expect(counts.locator('[data-kind="claim_older_than_test"]')).toContainText(': 3');
  const table = card.getByTestId('dettect-discrepancies');
  const row = (id: string) => table.locator(`[data-technique="${id}"]`);
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(row('T1059.001')).toContainText('Claimed ≥ 3, tested missed');
  await expect(row('T1059.001')).toContainText('Missed');
  await expect(row('T1105')).toContainText('Detected, claimed ≤ 0');
  await expect(row('T1566.001')).toContainText('Claim older than the last test');
  await expect(row('T1566.001')).not.toContainText('Claimed ≥ 3');
  await shot(page, 'dettect-claimed-vs-tested');
  await expectAccessible(page, 'the claimed-vs-tested card');

  // The deciding test of the missed claim opens its test page.
  await row('T1059.001').getByRole('link', { name: 'Encoded PowerShell download cradle' }).click();
  await expect(page).toHaveURL(new RegExp(`/missions/${seed.q2}/tests/`));
  await page.goBack();

  // The export: a techniques-administration file of the tested coverage.
  const download = page.waitForEvent('download');
  await page.getByTestId('claimed-vs-tested').getByTestId('dettect-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^metamorph-initech-dettect-\d{4}-\d{2}-\d{2}\.yaml$/);
  const yaml = parse((await readFile(await file.path())).toString('utf8')) as {
    version: number;
    file_type: string;
    platform: string[];
    techniques: Array<{
      technique_id: string;
      detection: Array<{
        applicable_to: string[];
        score_logbook: Array<{ score: number; comment: string }>;
      }>;
    }>;
  };
  expect(yaml).toMatchObject({ version: 1.2, file_type: 'techniques-administration' });
  expect(yaml.platform).toEqual(['Linux', 'Windows']);
  const scores = (id: string) =>
    yaml.techniques
      .find((t) => t.technique_id === id)
      ?.detection.map((d) => [d.applicable_to, d.score_logbook.map((e) => e.score)]);
  // Newest mission result first: Q2 not detected (−1), Q1 alerted (3).
  expect(scores('T1059.001')).toEqual([[['Windows'], [-1, 3]]]);
  expect(scores('T1105')).toEqual([
    [['Linux'], [4, 4]],
    [['Windows'], [4, 4]],
  ]);
  expect(scores('T1566.001')).toEqual([[['Windows'], [1]]]);
  const comment = yaml.techniques.find((t) => t.technique_id === 'T1059.001')!.detection[0]!
    .score_logbook[0]!.comment;
  expect(comment).toBe(
    'Metamorph mission "Q2 purple team": Not detected — tests: Encoded PowerShell download cradle',
  );
  // The one 422 is the refused file's, shown in the dialog.
  expect(unexpectedErrors(errors)).toEqual([
    'console.error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
  ]);
});

test('an admin remaps a level to a DeTT&CT score and the export follows it', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/admin/settings');
  const card = page.getByTestId('dettect-scores');
  await expect(card.getByTestId('dettect-score-alerted')).toHaveValue('3');
  await expect(card.getByTestId('dettect-score-not_detected')).toHaveValue('-1');
  await card.getByTestId('dettect-score-alerted').fill('6');
  await expect(card).toContainText('A whole number from −1 to 5');
  await expect(card.getByTestId('dettect-scores-save')).toBeDisabled();
  await card.getByTestId('dettect-score-alerted').fill('2');
  await card.getByTestId('dettect-scores-save').click();
  await expect(page.getByText('DeTT&CT scores saved')).toBeVisible();
  await shot(page, 'dettect-settings-scores');
  await expectAccessible(page, 'the settings page with the DeTT&CT scores');

  const res = await page.request.get(`/api/clients/${seed.clientId}/dettect/export`, {
    headers: API_HEADERS,
  });
  expect(res.status()).toBe(200);
  const yaml = parse(await res.text()) as {
    techniques: Array<{
      technique_id: string;
      detection: Array<{ score_logbook: Array<{ score: number }> }>;
    }>;
  };
  const t1059 = yaml.techniques.find((t) => t.technique_id === 'T1059.001')!;
  // Q2 not detected stays −1; Q1 alerted now scores 2.
  expect(t1059.detection[0]!.score_logbook.map((e) => e.score)).toEqual([-1, 2]);
  expect(unexpectedErrors(errors)).toEqual([]);
});
