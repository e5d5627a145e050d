import type { Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { COMPILE, CRADLE, createTemplate, getTemplate, type Template } from '../library-helpers.js';
import { importAttack } from '../mission-helpers.js';

/** The test template editor: create with the ATT&CK picker, edit, a stale version and reload. */

let admin: Credentials;
let cradle: Template;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await importAttack(page.request, 'mini-enterprise.json');
  cradle = await createTemplate(page.request, CRADLE);
  await createTemplate(page.request, COMPILE);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

const rows = (page: Page) => page.getByTestId('library-row');

test('create a template in the editor with the ATT&CK picker', async ({ page, pageErrors }) => {
  await page.goto('/');
  await page.getByTestId('nav').getByRole('link', { name: 'Library' }).click();
  await expect(page.getByTestId('library-page')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await page.getByTestId('library-new').click();

  const editor = page.getByTestId('template-editor');
  await expect(editor).toBeVisible();
  await page.getByTestId('editor-name').fill('Unix shell discovery');
  await page.getByTestId('attack-picker-input').fill('T1059');
  await page.locator('[data-testid="attack-picker-option"][data-tag="T1059"]').click();
  await expect(page.locator('[data-testid="picker-tag"][data-tag="T1059"]')).toContainText(
    'Command and Scripting Interpreter',
  );
  // An id the catalog does not know is kept when typed exactly, with a warning.
  await page.getByTestId('attack-picker-input').fill('T1999');
  await page.locator('[data-testid="attack-picker-option"][data-tag="T1999"]').click();
  await expect(page.locator('[data-testid="picker-tag"][data-tag="T1999"]')).toHaveAttribute(
    'data-status',
    'unknown',
  );
  await expect(page.getByTestId('picker-warning')).toContainText('T1999');
  // The pill's remove button (Backspace in the empty input removes the last pill too).
  await page.getByTestId('attack-picker-input').press('Backspace');
  await expect(page.getByTestId('picker-warning')).toHaveCount(0);

  await page.getByTestId('editor-platforms').fill('Linux');
  await page.getByTestId('editor-platforms').press('Enter');
  await page.getByTestId('editor-procedure').fill('Run it in a **login shell**.');
  await page.getByTestId('editor-procedure-mode').getByText('Preview').click();
  await expect(page.getByTestId('editor-procedure-preview').locator('strong')).toHaveText(
    'login shell',
  );
  await page.getByTestId('editor-executor-name').click();
  await page.getByRole('option', { name: 'bash', exact: true }).click();
  await page.getByTestId('editor-command').fill('uname -a > #{output_file}');
  // The placeholder has no argument yet: define it from the hint.
  await page.getByTestId('editor-placeholders').getByRole('button', { name: 'define' }).click();
  await expect(page.getByTestId('editor-argument')).toHaveCount(1);
  await page.getByTestId('editor-save').click();

  const view = page.getByTestId('template-page');
  await expect(view).toHaveAttribute('data-version', '1');
  await expect(page.getByRole('heading', { name: 'Unix shell discovery' })).toBeVisible();
  await expect(page.getByTestId('template-procedure').locator('strong')).toHaveText('login shell');
  await expect(page.getByTestId('command-placeholder')).toHaveText('#{output_file}');
  expect(pageErrors).toEqual([]);
});

test('edit a template, then hit a stale version and reload', async ({ page, pageErrors, shot }) => {
  await page.goto(`/library/tests/${cradle.id}`);
  await page.getByTestId('template-edit').click();
  await expect(page.getByTestId('template-editor')).toHaveAttribute('data-version', '1');
  await page.getByTestId('editor-name').fill('PowerShell download cradle (IEX)');
  await page.getByTestId('attack-picker-input').fill('phish');
  await page.locator('[data-testid="attack-picker-option"][data-tag="T1566"]').click();
  await expect(page.locator('[data-testid="picker-tag"][data-tag="T1566"]')).toBeVisible();
  await page.getByTestId('attack-picker-input').blur();
  await shot(page, 'library-editor');
  await expectAccessible(page, 'the test template editor');
  await page.getByTestId('editor-save').click();

  await expect(page.getByTestId('template-page')).toHaveAttribute('data-version', '2');
  await expect(page.getByTestId('template-version')).toHaveText('v2');
  await expect(
    page.getByRole('heading', { name: 'PowerShell download cradle (IEX)' }),
  ).toBeVisible();
  await expect(page.getByTestId('template-attack')).toContainText('Phishing');

  // Someone else saves while this editor is open.
  await page.getByTestId('template-edit').click();
  await expect(page.getByTestId('template-editor')).toHaveAttribute('data-version', '2');
  const current = await getTemplate(page.request, cradle.id);
  // PUT takes the editable fields and the version read.
  const {
    id: _id,
    key: _key,
    attack_tags: _tags,
    flagged: _flagged,
    source: _source,
    source_ref: _ref,
    created_at: _created,
    updated_at: _updated,
    ...fields
  } = current;
  const put = await page.request.put(`/api/library/tests/${cradle.id}`, {
    headers: API_HEADERS,
    data: { ...fields, name: 'Renamed by a colleague', version: 2 },
  });
  expect(put.status(), await put.text()).toBe(200);

  await page.getByTestId('editor-name').fill('My stale edit');
  await page.getByTestId('editor-save').click();
  const conflict = page.getByTestId('editor-conflict');
  await expect(conflict).toContainText('Changed by someone else');
  await expect(conflict).toContainText('version 3');
  await page.getByTestId('editor-reload').click();
  await expect(page.getByTestId('template-editor')).toHaveAttribute('data-version', '3');
  await expect(page.getByTestId('editor-name')).toHaveValue('Renamed by a colleague');
  await expect(conflict).toHaveCount(0);
  await page.getByTestId('editor-name').fill('PowerShell download cradle');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('template-page')).toHaveAttribute('data-version', '4');
  // The 409 is logged by the browser as a failed resource load; nothing else may be.
  expect(pageErrors.filter((e) => !/status of 409/.test(e))).toEqual([]);
});
