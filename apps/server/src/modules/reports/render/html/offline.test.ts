import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/harness.js';
import { reportsWorld, type ReportsWorld } from '../../test-reports.js';

/** The same Chromium the e2e specs drive (e2e/playwright.config.ts). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `SKIP html offline test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}

interface PageFacts {
  images: number;
  loaded: number;
  dataOnly: boolean;
  charts: number;
  headings: string[];
  brokenAnchors: number;
  anchors: number;
  title: string;
  /** What would fetch without the page's CSP: any src, stylesheet link, script, frame. */
  refs: string[];
  cssUrls: number;
  csp: string | null;
}

/** Runs in the page (a string: the server's TypeScript has no DOM types). */
const PROBE = `(() => {
  const imgs = [...document.images];
  const anchors = [...document.querySelectorAll('nav.toc a')];
  return {
    images: imgs.length,
    loaded: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
    dataOnly: imgs.every((i) => i.src.startsWith('data:image/jpeg;base64,')),
    charts: document.querySelectorAll('figure svg').length,
    headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
    brokenAnchors: anchors.filter((a) => !document.getElementById(a.hash.slice(1))).length,
    anchors: anchors.length,
    title: document.title,
    refs: [...document.querySelectorAll('[src], link[href], script, iframe, object')]
      .map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? el.tagName)
      .filter((u) => !u.startsWith('data:')),
    cssUrls: (document.documentElement.outerHTML.match(/url\\(/g) ?? []).length,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
  };
})()`;

describe.skipIf(!available)('the HTML report in a browser, offline', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    dir = mkdtempSync(path.join(tmpdir(), 'metamorph-report-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens from a file with every request blocked: none is made, images and charts show', async () => {
    const report = await w.generate('lead', { format: 'html' });
    const res = await w.ok('lead', 'GET', `/api/reports/${report.id}/content`);
    const file = path.join(dir, report.file_name);
    writeFileSync(file, res.rawPayload);
    const fileUrl = pathToFileURL(file).href;

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
      const external: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === fileUrl) return route.continue();
        external.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('request', (r) => {
        if (r.url() !== fileUrl && !r.url().startsWith('data:')) external.push(r.url());
      });
      await page.goto(fileUrl, { waitUntil: 'load' });
      const facts = (await page.evaluate(PROBE)) as PageFacts;
      expect(external).toEqual([]);
      expect(facts.refs).toEqual([]);
      expect(facts.cssUrls).toBe(0);
      expect(facts.csp).toMatch(/default-src 'none'/);
      expect(facts).toMatchObject({
        images: 1,
        loaded: 1,
        dataOnly: true,
        brokenAnchors: 0,
        title: 'Initech — Opération Été',
      });
      expect(facts.charts).toBeGreaterThanOrEqual(3);
      expect(facts.anchors).toBeGreaterThan(8);
      expect(facts.headings).toEqual(
        expect.arrayContaining(['Executive summary', 'Test details', 'Evidence manifest']),
      );
      // Print-friendly: it lays out as a PDF page set without error.
      expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(1000);
    } finally {
      await browser.close();
    }
  });
});
