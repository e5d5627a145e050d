import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectAccessible } from '../a11y.js';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { gradientPng, watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { seedResults } from '../results-helpers.js';

/** Mission archives: export with and without the blue team's details, import one back. */

const VIEWPORT = { width: 1440, height: 1000 };
const BLUE_NOTE = Buffer.from('EDR alert 4104 at 10:02, triaged by the SOC\n');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let admin: Credentials;
let missionId: string;
let fullArchive: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  missionId = (await seedResults(page.request)).q1;
  const plan = (await (
    await page.request.get(`/api/missions/${missionId}/plan`, { headers: API_HEADERS })
  ).json()) as { scenarios: Array<{ tests: Array<{ id: string }> }> };
  const testId = plan.scenarios[0]?.tests[0]?.id;
  for (const [name, mimeType, buffer, side] of [
    ['shell.png', 'image/png', gradientPng(), 'red'],
    ['alert.txt', 'text/plain', BLUE_NOTE, 'blue'],
  ] as const) {
    const res = await page.request.post(`/api/missions/${missionId}/tests/${testId}/evidence`, {
      headers: API_HEADERS,
      multipart: { side, caption: `${side} evidence`, file: { name, mimeType, buffer } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await page.close();
});

test('the mission’s Archive action downloads the whole mission, or the red-team share', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${missionId}`);
  await page.getByTestId('archive-menu').click();
  const popover = page.getByTestId('archive-popover');
  await expect(popover).toBeVisible();
  await expect(page.getByTestId('archive-include-blue')).toBeChecked();
  await shot(page, 'archive-export');
  await expectAccessible(page, 'the archive export popover');

  const full = page.waitForEvent('download');
  await page.getByTestId('archive-download').click();
  const fullFile = await full;
  expect(fullFile.suggestedFilename()).toMatch(/^metamorph-q1-purple-team-\d{4}-\d{2}-\d{2}\.zip$/);
  // Downloads go when their page closes: keep this one for the import test.
  fullArchive = path.join(
    await mkdtemp(path.join(tmpdir(), 'metamorph-archive-')),
    fullFile.suggestedFilename(),
  );
  await fullFile.saveAs(fullArchive);
  const fullBytes = await readFile(fullArchive);
  // Entry names are stored in clear: the blue file is in the full archive.
  expect(fullBytes.subarray(0, 2).toString()).toBe('PK');
  expect(fullBytes.includes(Buffer.from(`evidence/${sha256(BLUE_NOTE)}`))).toBe(true);

  await page.getByTestId('archive-include-blue').click({ force: true });
  await expect(page.getByTestId('archive-include-blue')).not.toBeChecked();
  await expect(popover).toContainText('Left out: detection levels');
  await shot(page, 'archive-export-red');
  const red = page.waitForEvent('download');
  await page.getByTestId('archive-download').click();
  const redFile = await red;
  expect(redFile.suggestedFilename()).toMatch(
    /^metamorph-q1-purple-team-\d{4}-\d{2}-\d{2}-red\.zip$/,
  );
  const redBytes = await readFile(await redFile.path());
  expect(redBytes.includes(Buffer.from(`evidence/${sha256(BLUE_NOTE)}`))).toBe(false);
  expect(redBytes.includes(Buffer.from(`evidence/${sha256(gradientPng())}`))).toBe(true);
  expect(redBytes.length).toBeLessThan(fullBytes.length);
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('an archive imports back from the missions list: upload, job, report, the new mission', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/missions');
  await page.getByTestId('missions-import-archive').click();
  const dialog = page.getByTestId('archive-import-dialog');
  await expect(dialog).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('archive-import-choose').click();
  await (await chooser).setFiles(fullArchive);
  await expect(page.getByTestId('archive-import-choose')).toContainText('.zip');
  await shot(page, 'archive-import-choose');
  await expectAccessible(page, 'the archive import dialog');
  await page.getByTestId('archive-import-start').click();

  const report = page.getByTestId('archive-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('archive-report-summary')).toContainText(
    'Imported “Q1 purple team” into Initech',
  );
  await expect(page.getByTestId('archive-report-summary')).toContainText('4 tests');
  await expect(page.getByTestId('archive-report-summary')).toContainText('2 evidence files');
  await expect(page.getByTestId('archive-user-mapped')).toHaveCount(1);
  await expect(page.getByTestId('archive-report-levels')).toContainText('Alerted (alerted)');
  await shot(page, 'archive-import-report');
  await expectAccessible(page, 'the archive import report');

  await page.getByTestId('archive-open-mission').click();
  await expect(page).toHaveURL(/\/missions\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toContain(missionId);
  await expect(page.getByTestId('mission-page')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Q1 purple team' })).toBeVisible();
  await expect(page.getByTestId('stat-detection')).toHaveText('50 %');
  await shot(page, 'archive-imported-mission');
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('a file that is no archive is refused in the dialog with the reason', async ({
  page,
  shot,
}) => {
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/missions');
  await page.getByTestId('missions-import-archive').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('archive-import-choose').click();
  await (
    await chooser
  ).setFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await page.getByTestId('archive-import-start').click();
  await expect(page.getByTestId('archive-import-dialog')).toContainText(
    'notes.zip is not a zip file',
  );
  await shot(page, 'archive-import-refused');
});
