import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { API_HEADERS, apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';

const FIXTURE = path.join(REPO_ROOT, 'apps/server/test/fixtures/attack/mini-enterprise.json');

/** ATT&CK-style Markdown with citations, plus what an attacker could slip into a bundle. */
const RICH_DESCRIPTION = [
  'Adversaries may abuse command and script interpreters to execute commands, scripts, or binaries.(Citation: Fixture Report 2024)',
  'Most systems ship one, such as [PowerShell](https://attack.mitre.org/techniques/T1059/001) or <code>bash -c</code>.(Citation: Vendor Blog)(Citation: Fixture Report 2024)',
  '',
  '* **Interactive** shells',
  '* Scripts run by `cron`',
  '',
  'Injected: <script>window.__mmXss = 1</script><img src=x onerror="window.__mmXss = 2"> [click me](javascript:window.__mmXss=3)',
].join('\n');

interface StixObject {
  type: string;
  name?: string;
  description?: string;
  relationship_type?: string;
  x_mitre_detection?: string;
  x_mitre_version?: string;
  [key: string]: unknown;
}

/** The mini fixture with rich Markdown in T1059, APT28 and one of APT28's uses. */
async function richBundle(): Promise<Buffer> {
  const bundle = JSON.parse(await readFile(FIXTURE, 'utf8')) as { objects: StixObject[] };
  for (const o of bundle.objects) {
    if (o.type === 'attack-pattern' && o.name === 'Command and Scripting Interpreter') {
      o.description = RICH_DESCRIPTION;
      o.x_mitre_detection =
        'Monitor **process creation** and command-line arguments.(Citation: Vendor Blog)';
    }
    if (o.type === 'intrusion-set') {
      o.description =
        '[APT28](https://attack.mitre.org/groups/G0007) is a threat group attributed to a military intelligence unit.(Citation: Fixture Report 2024)';
    }
    if (o.type === 'relationship' && o.relationship_type === 'uses' && o.description) {
      o.description = `${o.description}(Citation: Vendor Blog)`;
    }
  }
  return Buffer.from(JSON.stringify(bundle));
}

async function importThroughApi(api: APIRequestContext, bundle: Buffer): Promise<void> {
  const res = await api.post('/api/attack/sync', {
    headers: API_HEADERS,
    multipart: { file: { name: 'rich.json', mimeType: 'application/json', buffer: bundle } },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { job } = (await res.json()) as { job: { id: string } };
  await expect
    .poll(
      async () => {
        const poll = await api.get(`/api/jobs/${job.id}`, { headers: API_HEADERS });
        const body = (await poll.json()) as { status: string; error: string | null };
        return body.error ? `${body.status}: ${body.error}` : body.status;
      },
      { timeout: 60_000 },
    )
    .toBe('succeeded');
}

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test('technique and group descriptions render Markdown, citations and no injected HTML', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await importThroughApi(page.request, await richBundle());

  await page.goto('/attack/techniques/T1059');
  const description = page.getByTestId('technique-description');
  await expect(description.locator('strong')).toHaveText('Interactive');
  await expect(description.locator('code').first()).toHaveText('bash -c');
  // Citations become numbered markers and a quiet source list; the raw syntax is gone.
  await expect(description).not.toContainText('(Citation:');
  await expect(description.getByTestId('citation')).toHaveCount(3);
  await expect(page.getByTestId('citation-list')).toContainText('Fixture Report 2024');
  await expect(page.getByTestId('citation-list')).toContainText('Vendor Blog');
  // Links to attack.mitre.org stay in the app.
  await expect(description.getByRole('link', { name: 'PowerShell' })).toHaveAttribute(
    'href',
    '/attack/techniques/T1059.001',
  );
  // Raw HTML shows as text and never runs; the javascript: link loses its URL.
  await expect(description).toContainText('<script>');
  await expect(description.locator('script, img')).toHaveCount(0);
  await expect(description.getByText('click me')).toBeVisible();
  await expect(description.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __mmXss?: number }).__mmXss)).toBeUndefined();
  await expect(page.getByTestId('technique-detection').locator('strong')).toHaveText(
    'process creation',
  );
  await expect(page.getByTestId('technique-subtechniques')).toContainText('PowerShell');
  await expect(page.getByTestId('technique-mitigations')).toContainText('M1038');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-technique-markdown');

  await page.goto('/attack/groups/G0007');
  await expect(page.getByTestId('group-description')).not.toContainText('(Citation:');
  await expect(page.getByTestId('citation-list')).toContainText('Vendor Blog');
  await page.waitForLoadState('networkidle');
  await shot(page, 'attack-group-markdown');
  expect(pageErrors).toEqual([]);
});
