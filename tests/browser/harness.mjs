// Shared set-up of the browser tests: Chromium via playwright-core (flags of TOOLCHAIN.md), a fresh
// profile, request and console recording, and small helpers to load files into the page.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('BASE_URL is not set; run the browser tests through `cargo xtask test`');
  process.exit(2);
}
export const ORIGIN = new URL(BASE_URL).origin;

/** Launches Chromium with a fresh profile and records requests and console errors of every page. */
export async function launch(viewport = { width: 1280, height: 800 }) {
  const profile = mkdtempSync(join(tmpdir(), 'anomalyze-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const log = { requests: [], outside: [], errors: [] };
  context.on('request', (request) => {
    const url = request.url();
    log.requests.push(url);
    const scheme = new URL(url).protocol;
    const local = scheme === 'data:' || scheme === 'blob:' || new URL(url).origin === ORIGIN;
    if (!local) log.outside.push(url);
  });
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') log.errors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => log.errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => log.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('worker', (w) => {
      if (typeof w.on === 'function') w.on('console', (m) => { if (m.type() === 'error') log.errors.push(`worker: ${m.text()}`); });
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  // Turn on file-chooser interception now: enabling it is asynchronous, and a chooser opened before it
  // is on would be a real (ignored) dialog, making keyboard tests flaky.
  page.on('filechooser', () => {});
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, log, close };
}

/** Marks the page as waiting, runs `action`, and waits until the page reports `done` or `error`. */
export async function settle(page, action, timeoutMs = 30000) {
  await page.evaluate(() => { document.body.dataset.state = 'test-waiting'; });
  await action();
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: timeoutMs });
  return page.evaluate(() => document.body.dataset.state);
}

/** Drops the file at `path` on the drop zone (a DataTransfer built in the page); returns the page time of the drop. */
export async function dropFile(page, path) {
  const input = await page.evaluateHandle(() => {
    const el = document.createElement('input');
    el.type = 'file';
    el.hidden = true;
    document.body.append(el);
    return el;
  });
  await input.setInputFiles(path);
  return input.evaluate((el) => {
    const transfer = new DataTransfer();
    transfer.items.add(el.files[0]);
    el.remove();
    const zone = document.getElementById('dropzone');
    const startedMs = performance.now();
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
    return startedMs;
  });
}
