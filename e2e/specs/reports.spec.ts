import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
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
import { seedResults, type ResultsSeed } from '../results-helpers.js';

/**
 * Reports: the executive summary a lead writes, the report dialog with its redaction preview,
 * a PDF, a DOCX and an HTML report downloaded, the history, and the HTML opened offline; the
 * PowerPoint readout deck chosen in the dialog and its package read back.
 */

const VIEWPORT = { width: 1440, height: 1100 };
const SECRET = 'Winter2026!Sup3r';
let admin: Credentials;
let seed: ResultsSeed;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  seed = await seedResults(page.request);
  // A command with a password in it and a screenshot as red evidence on the first test.
  const plan = (await (
    await page.request.get(`/api/missions/${seed.q1}/plan`, { headers: API_HEADERS })
  ).json()) as { scenarios: Array<{ tests: Array<{ id: string }> }> };
  const testId = plan.scenarios[0]!.tests[0]!.id;
  const put = await page.request.put(`/api/missions/${seed.q1}/tests/${testId}`, {
    headers: API_HEADERS,
    data: { red_command: `net use \\\\dc01\\c$ /user:CORP\\svc-backup ${SECRET}` },
  });
  expect(put.status(), await put.text()).toBe(200);
  const upload = await page.request.post(`/api/missions/${seed.q1}/tests/${testId}/evidence`, {
    headers: API_HEADERS,
    multipart: {
      side: 'red',
      caption: 'Beacon callback on WS-0142',
      file: { name: 'beacon.png', mimeType: 'image/png', buffer: gradientPng(640, 360) },
    },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  await page.close();
});

async function generate(page: Page, format: 'pdf' | 'docx' | 'html' | 'pptx', label: RegExp) {
  await page.getByTestId('report-new').click();
  const dialog = page.getByTestId('report-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('report-format').getByText(label).click();
  await page.getByTestId('report-generate').click();
  const progress = page.getByTestId('report-progress');
  await expect(progress).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByTestId('report-ready-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    new RegExp(`q1-purple-team.*\\d{4}-\\d{2}-\\d{2}\\.${format}$`),
  );
  const bytes = await readFile(await file.path());
  await page.getByTestId('report-close').click();
  return { bytes, path: await file.path() };
}

test('a lead writes the executive summary and generates PDF, DOCX and HTML reports', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  // An admin pattern for the client's own account names, beside the built-in ones.
  await page.goto('/admin/settings');
  const patterns = page.getByTestId('redaction-patterns');
  await patterns.getByTestId('redaction-pattern-name').fill('Initech service accounts');
  await patterns.getByTestId('redaction-pattern-regex').fill('(a+)+\\1');
  await expect(patterns).toContainText('uses a backreference');
  await patterns.getByTestId('redaction-pattern-regex').fill('svc-[a-z]+');
  await patterns.getByTestId('redaction-pattern-add').click();
  await expect(patterns.getByTestId('redaction-pattern-row')).toHaveCount(1);
  await shot(page, 'reports-redaction-settings');

  // The phishing test stays out of the reports (a planning flag, default on).
  await page.goto(`/missions/${seed.q1}?tab=plan`);
  const phishing = page
    .getByTestId('plan-test')
    .filter({ hasText: 'Spearphishing attachment with macro' });
  await phishing.getByTestId('plan-test-report').click();
  await expect(phishing.getByTestId('plan-test-not-in-report')).toBeVisible();

  await page.goto(`/missions/${seed.q1}?tab=report`);
  await expect(page.getByTestId('reports-empty')).toBeVisible();

  await page.getByTestId('summary-edit').click();
  await page
    .getByRole('textbox', { name: 'Executive summary' })
    .fill(
      '## Overall\nInitech detected **half** of the techniques exercised.\n\n## Priorities\n1. Write a rule for obfuscated scheduled tasks.',
    );
  await page.getByTestId('summary-save').click();
  await expect(page.getByTestId('executive-summary')).toContainText('Initech detected half');
  await shot(page, 'reports-tab');
  await expectAccessible(page, 'the report tab');

  await page.getByTestId('report-new').click();
  const preview = page.getByTestId('redaction-preview');
  await expect(preview.getByTestId('redaction-hit').first()).toBeVisible();
  await expect(preview).not.toContainText(SECRET);
  await expect(preview).toContainText('Initech service accounts');
  await expect(preview).not.toContainText('svc-backup');
  await shot(page, 'reports-dialog');
  await expectAccessible(page, 'the report dialog');
  await page.keyboard.press('Escape');

  const pdf = await generate(page, 'pdf', /^PDF$/);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (hasPdftotext()) {
    const text = execFileSync('pdftotext', ['-layout', pdf.path, '-']).toString('utf8');
    expect(text).toContain('Initech');
    expect(text).toContain('Q1 purple team');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('svc-backup');
  } else
    test
      .info()
      .annotations.push({ type: 'note', description: 'pdftotext absent: PDF text not read' });

  const docx = await generate(page, 'docx', /Word/);
  expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  const html = await generate(page, 'html', /HTML/);
  const rows = page.getByTestId('report-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toHaveAttribute('data-format', 'html');
  await shot(page, 'reports-history');
  expect(unexpectedErrors(errors)).toEqual([]);

  // The HTML report stands alone: opened with every network request refused, it shows its
  // images and asks for nothing.
  const offline = await page.context().newPage();
  const requests: string[] = [];
  await offline.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await offline.setViewportSize({ width: 1100, height: 1400 });
  await offline.setContent(html.bytes.toString('utf8'), { waitUntil: 'load' });
  await expect(offline.getByText('Q1 purple team').first()).toBeVisible();
  const broken = await offline.evaluate(() =>
    [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.alt),
  );
  expect(broken).toEqual([]);
  expect(await offline.locator('img').count()).toBeGreaterThan(0);
  expect(await offline.content()).not.toContain(SECRET);
  expect(await offline.content()).toContain('Encoded PowerShell download cradle');
  expect(await offline.content()).not.toContain('Spearphishing attachment with macro');
  expect(requests).toEqual([]);
  await shot(offline, 'reports-html-offline');
  await offline.close();
});

test('a lead generates the PowerPoint readout deck', async ({ page, shot }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${seed.q1}?tab=report`);
  await page.getByTestId('report-new').click();
  const dialog = page.getByTestId('report-dialog');
  await dialog
    .getByTestId('report-format')
    .getByText(/PowerPoint/)
    .click();
  await expect(dialog.getByRole('radio', { name: /PowerPoint deck \(PPTX\)/ })).toBeChecked();
  await expect(dialog).toContainText('The deck draws on key numbers');
  await expect(page.getByTestId('report-generate')).toHaveText('Generate PowerPoint deck (PPTX)');
  await shot(page, 'reports-dialog-pptx');
  await expectAccessible(page, 'the report dialog with the deck chosen');
  await page.keyboard.press('Escape');

  const deck = await generate(page, 'pptx', /PowerPoint/);
  expect(deck.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  const entries = zipEntries(deck.bytes);
  expect(entries).toContain('[Content_Types].xml');
  expect(entries).toContain('ppt/presentation.xml');
  expect(entries.filter((e) => /^ppt\/slides\/slide\d+\.xml$/.test(e)).length).toBe(9);
  expect(entries.some((e) => /^ppt\/media\/.+\.png$/.test(e))).toBe(true);
  const rows = page.getByTestId('report-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-format', 'pptx');
  await expect(rows.first()).toContainText('PowerPoint deck (PPTX)');
  await shot(page, 'reports-history-pptx');
  await expectAccessible(page, 'the report history with a deck');
  expect(unexpectedErrors(errors)).toEqual([]);
});

/** The names of a ZIP's entries, read from its central directory (the package is not opened). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf('PK\u0005\u0006', undefined, 'latin1');
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const name = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.subarray(at + 46, at + 46 + name).toString('utf8'));
    at += 46 + name + extra + comment;
  }
  return names;
}

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
