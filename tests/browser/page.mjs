// Browser tests of the page (dist/ served on 127.0.0.1 by `cargo xtask test`): drop and choose files,
// summary values, non-blank charts, errors shown with the reader's text, the sample button, keyboard use,
// layout at 1280×800 and 390×844, no console errors and no request outside the page's origin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

import { BASE_URL, launch, settle, dropFile } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const shots = process.env.SCREENSHOT_DIR || join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

const WHITE = 0xffffff;
const RED = 0xd62728;
const BLUE = 0x1f77b4;

/** Pixel statistics of a canvas: non-background pixels, distinct colours, and whether red/blue bars show. */
function canvasStats(page, id) {
  return page.evaluate(({ id, RED, BLUE, WHITE }) => {
    const canvas = document.getElementById(id);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Map();
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      if (data[i + 3] !== 0 && rgb !== WHITE) ink += 1;
      colours.set(rgb, (colours.get(rgb) || 0) + 1);
    }
    return { width: canvas.width, height: canvas.height, ink, distinct: colours.size,
      red: colours.get(RED) || 0, blue: colours.get(BLUE) || 0 };
  }, { id, RED, BLUE, WHITE });
}

async function summaryOf(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#summary div')]
    .map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
}

async function expectCharts(page, { labelled }) {
  for (const id of ['chart-protocols', 'chart-classes']) {
    const s = await canvasStats(page, id);
    assert.ok(s.width >= 280 && s.height >= 300, `${id} has size ${s.width}×${s.height}`);
    assert.ok(s.ink > 2000, `${id} is blank: ${s.ink} non-background pixels`);
    assert.ok(s.distinct > 20, `${id} has only ${s.distinct} colours (no text or bars?)`);
    if (labelled) {
      assert.ok(s.red > 200 && s.blue > 200, `${id} lacks red/blue label bars: red ${s.red}, blue ${s.blue}`);
    }
  }
}

/** What `anomalyze inspect <file>` prints as its error, run where the file is (so names match the page). */
function cliError(path) {
  const cli = process.env.ANOMALYZE_CLI;
  assert.ok(cli, 'ANOMALYZE_CLI (the native binary) is not set; run through `cargo xtask test`');
  const run = spawnSync(cli, ['inspect', basename(path)], { cwd: dirname(path), encoding: 'utf8' });
  assert.equal(run.status, 1, `the CLI exited with ${run.status} on ${path}: ${run.stderr}`);
  assert.ok(run.stderr.startsWith('error: '), `unexpected CLI output: ${run.stderr}`);
  return run.stderr.slice('error: '.length).trim();
}

/** The page shows an error with the CLI's text for the same file, containing `phrases`. */
async function expectError(page, path, ...phrases) {
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'error');
  const text = await page.textContent('#error-message');
  assert.equal(text, cliError(path), 'the page and the CLI word the error differently');
  for (const phrase of phrases) assert.ok(text.includes(phrase), `error text lacks "${phrase}": ${text}`);
  assert.ok(await page.isVisible('#error'), 'the error box is not visible');
  return text;
}

const tests = [];
const test = (name, body) => tests.push({ name, body });

test('the page loads its wasm and worker and becomes ready', async (page) => {
  await page.goto(BASE_URL);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20000 });
  assert.equal(await page.title(), 'Anomalyze — network capture analyzer');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.ok(csp.includes("default-src 'self'") && csp.includes("connect-src 'self'"), csp);
});

test('a dropped labelled CSV gives its summary and two drawn charts', async (page) => {
  assert.equal(await settle(page, () => dropFile(page, join(fixtures, 'labelled.csv'))), 'done');
  const s = await summaryOf(page);
  assert.equal(s['Rows read'], '8');
  assert.equal(s['Packets'], '7');
  assert.equal(s['Skipped rows'], '1');
  assert.equal(s['Labels'], '4 normal (57.1%), 3 malicious (42.9%)');
  assert.match(s['Protocols'], /^TCP 3, DNS 2, ICMP 2$/);
  assert.match(s['Time span'], /^2\.250 s$/);
  assert.equal(s['Time column'], 'seconds (12.345678)');
  assert.match(await page.textContent('#skipped-list'), /line 5\b/);
  assert.ok(await page.isVisible('#skipped-list'), 'the reasons of a few skipped rows are not shown');
  assert.equal(await page.textContent('#skipped-title'), '1 skipped row');
  assert.match(await page.textContent('#summary-title'), /labelled\.csv/);
  await expectCharts(page, { labelled: true });
  await page.screenshot({ path: join(shots, 'labelled-1280-full.png'), fullPage: true });
});

test('binary garbage shows the reader error, and the page stays usable', async (page) => {
  const garbage = join(tmpdir(), 'garbage.bin');
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i += 1) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24; }
  writeFileSync(garbage, bytes);
  assert.equal(await settle(page, () => page.setInputFiles('#file', garbage)), 'error');
  await expectError(page, garbage, 'garbage.bin', 'binary');
  assert.match(await page.textContent('#error .error-title'), /Could not read garbage\.bin/);
});

test('a CSV missing columns names them, then a good file works again', async (page) => {
  assert.equal(await settle(page, () => page.setInputFiles('#file', join(fixtures, 'missing-columns.csv'))), 'error');
  await expectError(page, join(fixtures, 'missing-columns.csv'), 'missing-columns.csv', 'Destination', 'Length', 'Info');
  assert.equal(await settle(page, () => page.setInputFiles('#file', join(fixtures, 'labelled.csv'))), 'done');
  assert.ok(await page.isHidden('#error'), 'the old error is still shown');
  assert.equal((await summaryOf(page))['Packets'], '7');
  await expectCharts(page, { labelled: true });
});

test('a gzipped capture is read too', async (page) => {
  const gz = join(tmpdir(), 'labelled.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(join(fixtures, 'labelled.csv'))));
  assert.equal(await settle(page, () => dropFile(page, gz)), 'done');
  const s = await summaryOf(page);
  assert.equal(s['Packets'], '7');
  assert.match(await page.textContent('#summary-title'), /labelled\.csv\.gz/);
});

test('the sample button loads the shipped sample capture, reporting progress', async (page) => {
  await page.evaluate(() => performance.clearMarks('anomalyze:progress'));
  assert.equal(await settle(page, () => page.click('#sample')), 'done');
  const progress = await page.evaluate(() => performance.getEntriesByName('anomalyze:progress').map((m) => m.detail));
  assert.ok(progress.length >= 1, 'no progress was reported');
  assert.match(progress.at(-1), /^Reading sample\.csv: [\d.]+ (kB|MB|B)( of [\d.]+ (kB|MB|B)| \(file [\d.]+ (kB|MB|B)\)), [\d,]+ rows$/);
  const s = await summaryOf(page);
  assert.equal(s['Packets'], '3,627');
  assert.equal(s['Skipped rows'], 'none');
  assert.match(s['Labels'], /^1,727 normal \(47\.6%\), 1,900 malicious \(52\.4%\)$/);
  await expectCharts(page, { labelled: true });
  await page.screenshot({ path: join(shots, 'sample-1280x800.png') });
  await page.screenshot({ path: join(shots, 'sample-1280-full.png'), fullPage: true });
});

test('keyboard: the drop zone is focusable and Enter opens the file dialog', async (page) => {
  await page.focus('#dropzone');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dropzone');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null),
    page.keyboard.press('Enter'),
  ]);
  assert.ok(chooser, 'Enter on the drop zone does not open the file dialog');
  assert.equal(await settle(page, () => chooser.setFiles(join(fixtures, 'labelled.csv'))), 'done');
  await page.focus('#dropzone');
  const [again] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null),
    page.keyboard.press(' '),
  ]);
  assert.ok(again, 'Space on the drop zone does not open the file dialog');
});

test('at 390 px wide the layout fits and the charts are redrawn to fit', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await settle(page, () => page.click('#sample')), 'done');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 390, `the page scrolls sideways: ${overflow} px wide`);
  for (const id of ['chart-protocols', 'chart-classes']) {
    const s = await canvasStats(page, id);
    assert.ok(s.width <= 370, `${id} is ${s.width} px wide on a 390 px screen`);
  }
  await expectCharts(page, { labelled: true });
  await page.screenshot({ path: join(shots, 'sample-390x844.png') });
  await page.screenshot({ path: join(shots, 'sample-390-full.png'), fullPage: true });
});

const { page, log, close } = await launch();
let failed = 0;
for (const { name, body } of tests) {
  try {
    await body(page);
    console.log(`ok    ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL  ${name}\n      ${String(err.message).split('\n').join('\n      ')}`);
    await page.screenshot({ path: join(shots, `failure-${failed}.png`), fullPage: true }).catch(() => {});
  }
}
await close();
const checks = [
  ['no console errors', log.errors.length === 0, log.errors.join('\n      ')],
  ['no request outside the origin', log.outside.length === 0, log.outside.join('\n      ')],
  [`requests were recorded (${log.requests.length})`, log.requests.length >= 5, 'the request counter saw nothing'],
];
for (const [name, ok, detail] of checks) {
  if (ok) console.log(`ok    ${name}`);
  else { failed += 1; console.log(`FAIL  ${name}\n      ${detail}`); }
}
console.log(failed === 0 ? `browser tests: all ${tests.length + checks.length} passed; screenshots in ${shots}` : `browser tests: ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
