// Browser tests of the page (dist/ served on 127.0.0.1 by `cargo xtask test`): drop and choose files,
// summary values, every chart tool drawn (canvas not blank), errors shown with the reader's text, models
// loaded and refused, scores/metrics/confusion/CSV equal to the CLI's on the same file and threshold,
// click-to-explain, the sample button, keyboard use, layout at 1280×800 and 390×844, no console errors
// and no request outside the page's origin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Selects chart tool `tool` and waits until its canvas is drawn. */
async function showTool(page, tool) {
  await page.click(`#tool-${tool}`);
  await page.waitForFunction((t) => document.getElementById('chart').dataset.tool === t, tool, { timeout: 5000 });
}

async function expectCharts(page, { labelled }) {
  for (const tool of ['protocols', 'classes']) {
    await showTool(page, tool);
    const id = 'chart';
    const s = await canvasStats(page, id);
    assert.ok(s.width >= 280 && s.height >= 300, `${id} has size ${s.width}×${s.height}`);
    assert.ok(s.ink > 2000, `${tool} is blank: ${s.ink} non-background pixels`);
    assert.ok(s.distinct > 20, `${tool} has only ${s.distinct} colours (no text or bars?)`);
    if (labelled) {
      assert.ok(s.red > 200 && s.blue > 200, `${tool} lacks red/blue label bars: red ${s.red}, blue ${s.blue}`);
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

test('an unquoted tshark export is read, and the rows read leniently are listed', async (page) => {
  const file = join(here, '..', 'fixtures', 'capture', 'tshark_quotes_none.csv');
  assert.equal(await settle(page, () => dropFile(page, file)), 'done');
  const s = await summaryOf(page);
  assert.equal(s['Packets'], '7');
  assert.equal(s['Skipped rows'], 'none');
  assert.ok(await page.isHidden('#skipped-details'), 'no skipped rows, yet their list shows');
  assert.equal(await page.textContent('#repaired-title'), '6 rows kept by a lenient reading');
  assert.match(await page.textContent('#repaired-list'), /line 6: 2 more fields than the header/);
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
  // The reader's progress (with a model, later stages follow it: features, scoring).
  const reading = /^Reading sample\.csv: [\d.]+ (kB|MB|B)( of [\d.]+ (kB|MB|B)| \(file [\d.]+ (kB|MB|B)\)), [\d,]+ rows( \([\d,]+ rows\/s\))?$/;
  assert.ok(progress.some((p) => reading.test(p)), `no reading progress among: ${progress.join(' | ')}`);
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

const MODEL = join(fixtures, 'sample.model.json');
const SAMPLE = join(here, '..', '..', 'www', 'sample.csv');

/** Runs the native CLI; returns stdout (throws with stderr on failure). */
function cli(args) {
  const run = spawnSync(process.env.ANOMALYZE_CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(run.status, 0, `anomalyze ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** `anomalyze score <capture> --model <fixture>`: probabilities (as printed), predictions and labels. */
function cliScores(capture, threshold) {
  const args = ['score', capture, '--model', MODEL, ...(threshold === undefined ? [] : ['--threshold', String(threshold)])];
  const lines = cli(args).trim().split('\n');
  assert.match(lines[0], /^No\.,probability,predicted(,label)?$/);
  const rows = lines.slice(1).map((l) => l.split(','));
  return {
    numbers: rows.map((r) => Number(r[0])),
    probability: rows.map((r) => r[1]),
    predicted: rows.map((r) => r[2]),
    labels: lines[0].endsWith(',label') ? rows.map((r) => r[3] === 'malicious') : null,
  };
}

/** `anomalyze evaluate <capture> --model <fixture> --threshold t --json`. */
function cliEvaluate(capture, threshold) {
  return JSON.parse(cli(['evaluate', capture, '--model', MODEL, '--threshold', String(threshold), '--json']));
}

const MODEL_THRESHOLD = JSON.parse(readFileSync(MODEL, 'utf8')).threshold;

function confusionAt({ probability, labels }, t) {
  const c = { tn: 0, fp: 0, fn: 0, tp: 0 };
  probability.forEach((p, i) => {
    const predicted = Number(p) >= t;
    if (labels[i]) { if (predicted) c.tp += 1; else c.fn += 1; } else if (predicted) c.fp += 1; else c.tn += 1;
  });
  return c;
}

async function pageConfusion(page) {
  return page.evaluate(() => Object.fromEntries(['tn', 'fp', 'fn', 'tp'].map((k) => [k, Number(document.getElementById(`cm-${k}`).dataset.count)])));
}

async function setThreshold(page, t) {
  await page.evaluate(() => performance.clearMarks('anomalyze:refreshed'));
  await page.fill('#threshold-number', String(t));
  await page.press('#threshold-number', 'Enter');
  await page.waitForFunction((t) => document.getElementById('threshold-range').value === String(t), t, { timeout: 5000 });
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:refreshed').length > 0, null, { timeout: 10000 });
}

test('the bundled model loads at start, or the page says plainly that this build has none', async (page) => {
  const bundled = existsSync(join(here, '..', '..', 'dist', 'models', 'anomalyze.model.json'));
  const name = await page.textContent('#model-name');
  if (bundled) {
    assert.ok(!/none|loading/.test(name), `the bundled model did not load: ${name}`);
    assert.match(await page.textContent('#model-card'), /Threshold\s*0\.\d{3}/);
  } else {
    assert.equal(name, 'none bundled');
    assert.match(await page.textContent('#model-error'), /no bundled model/);
  }
});

test('a model file loads and its card is shown', async (page) => {
  await page.setInputFiles('#model-file', MODEL);
  await page.waitForFunction(() => /^sample\.model\.json \(anomalyze /.test(document.getElementById('model-name').textContent), null, { timeout: 10000 });
  const card = await page.textContent('#model-card');
  assert.match(card, /Trained on\s*sample\.csv \(3,627 packets\)/);
  assert.match(card, /gbdt \(\d+ trees\) \+ forest \(25 trees\); \d+ features/);
  assert.match(card, new RegExp(`Threshold\\s*${MODEL_THRESHOLD.toFixed(3).replace('.', '\\.')}`));
  assert.match(card, /test\s*acc\. \d\.\d{3}/, 'the card\'s test metrics are not shown');
  assert.equal(await page.inputValue('#threshold-number'), MODEL_THRESHOLD.toFixed(3));
  assert.ok(await page.isHidden('#model-error'));
});

test('bad model files are refused in plain words, and the loaded model keeps working', async (page) => {
  const broken = join(tmpdir(), 'broken.model.json');
  writeFileSync(broken, '{"format": "anomalyze-model", "version": 1, "feature_names": [');
  await page.setInputFiles('#model-file', broken);
  await page.waitForFunction(() => !document.getElementById('model-error').hidden, null, { timeout: 10000 });
  assert.match(await page.textContent('#model-error'), /^broken\.model\.json: the model could not be loaded: model file: .*line 1 column/);
  const foreign = join(here, '..', 'fixtures', 'engine', 'shallow_sigmoid', 'model.txt');
  await page.setInputFiles('#model-file', foreign);
  await page.waitForFunction(() => /does not compute/.test(document.getElementById('model-error').textContent), null, { timeout: 10000 });
  assert.match(await page.textContent('#model-error'), /model\.txt: the model uses \d+ feature\(s\) this page does not compute: "length_bytes", "inter_arrival_s"/);
  assert.match(await page.textContent('#model-name'), /^sample\.model\.json \(anomalyze /);
});

/** The page's metric tiles and confusion cells equal `anomalyze evaluate --json` at `threshold`. */
async function expectCliMetrics(page, threshold) {
  const cliMetrics = cliEvaluate(SAMPLE, threshold);
  assert.deepEqual(await pageConfusion(page), { tn: cliMetrics.tn, fp: cliMetrics.fp, fn: cliMetrics.fn, tp: cliMetrics.tp }, `confusion at ${threshold}`);
  const tiles = { Accuracy: 'accuracy', Precision: 'precision', Recall: 'recall', F1: 'f1', Specificity: 'specificity', 'ROC AUC': 'roc_auc', 'PR AUC': 'pr_auc' };
  for (const [tile, key] of Object.entries(tiles)) {
    assert.equal(await page.textContent(`.tile[data-metric="${tile}"] .tile-v`), cliMetrics[key].toFixed(3), `${tile} at ${threshold}`);
  }
  const flagged = cliMetrics.tp + cliMetrics.fp;
  assert.equal(await page.textContent('.tile[data-metric="Flagged"] .tile-v'), flagged.toLocaleString('en-US'));
  return cliMetrics;
}

test('the sample is scored: metrics equal `anomalyze evaluate --json`, and moving the threshold changes the confusion as the CLI predicts', async (page) => {
  assert.equal(await settle(page, () => page.click('#sample'), 60000), 'done');
  const atModel = await expectCliMetrics(page, MODEL_THRESHOLD);
  const reference = cliScores(SAMPLE);
  const sorted = reference.probability.map(Number).sort((a, b) => a - b);
  const t = Number(sorted[Math.floor(sorted.length * 0.6)].toFixed(3));
  await setThreshold(page, t);
  const moved = await expectCliMetrics(page, t);
  assert.notDeepEqual([moved.fp, moved.fn], [atModel.fp, atModel.fn], `threshold ${t} changes nothing; pick another`);
  // The file's own best-F1 threshold: its button sets it, the page then agrees with the CLI there, and no
  // threshold at any of the CLI's scores gives a higher F1.
  const best = await page.$eval('#threshold-suggestions button', (b) => [b.textContent, Number(b.dataset.threshold)]);
  assert.match(best[0], /^best F1: /);
  await page.evaluate(() => performance.clearMarks('anomalyze:refreshed'));
  await page.click('#threshold-suggestions button');
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:refreshed').length > 0, null, { timeout: 10000 });
  const atBest = await expectCliMetrics(page, best[1]);
  const f1At = (th) => { const c = confusionAt(reference, th); return (2 * c.tp) / Math.max(1, 2 * c.tp + c.fp + c.fn); };
  const bestOfAll = Math.max(...[...new Set(reference.probability.map(Number))].map(f1At));
  assert.ok(atBest.f1 >= bestOfAll - 1e-9, `best-F1 suggestion gives F1 ${atBest.f1}, a score threshold gives ${bestOfAll}`);
  await page.click('#threshold-reset');
  await page.waitForFunction((t) => document.getElementById('threshold-number').value === t, MODEL_THRESHOLD.toFixed(3));
  await page.evaluate(() => performance.clearMarks('anomalyze:refreshed'));
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:refreshed').length > 0, null, { timeout: 10000 }).catch(() => {});
});

test('every chart tool draws on its canvas; screenshots of each', async (page) => {
  const tools = await page.$$eval('#tools button', (bs) => bs.map((b) => b.dataset.tool));
  for (const expected of ['metrics', 'confusion', 'truth', 'errors', 'roc', 'pr', 'threshold', 'correlation', 'drift', 'drift-Protocol_Encoded', 'drift-Source_Encoded', 'activity', 'protocols', 'classes']) assert.ok(tools.includes(expected), `tool ${expected} is missing: ${tools}`);
  for (const tool of tools) {
    await showTool(page, tool);
    const s = await canvasStats(page, 'chart');
    assert.ok(s.ink > 2000 && s.distinct > 20, `${tool} is blank: ${s.ink} ink pixels, ${s.distinct} colours`);
    await (await page.$('#chart-figure')).screenshot({ path: join(shots, `tool-${tool}.png`) });
  }
  await showTool(page, 'metrics');
});

test('click a packet: the explanation sums to its probability minus the base value', async (page) => {
  const reference = cliScores(SAMPLE);
  // Before any click, the panel explains the highest-scoring packet; a click replaces it, so click
  // another (the third row).
  const max = Math.max(...reference.probability.map(Number));
  const before = await page.evaluate(() => ({ ...document.getElementById('explain').dataset }));
  assert.ok(Math.abs(Number(before.probability) - max) < 1e-12, `the panel starts on a packet of ${before.probability}, the highest scores ${max}`);
  const first = await page.$('#table tbody tr:nth-child(3)');
  const shown = await first.evaluate((tr) => ({ number: Number(tr.children[0].textContent), p: tr.children[8].textContent }));
  await page.evaluate(() => performance.clearMarks('anomalyze:explained'));
  await first.click();
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:explained').length > 0, null, { timeout: 5000 });
  const e = await page.evaluate(() => ({ ...document.getElementById('explain').dataset }));
  const [base, sum, probability] = [Number(e.base), Number(e.sum), Number(e.probability)];
  assert.ok(Math.abs(base + sum - probability) < 1e-9, `base ${base} + contributions ${sum} ≠ probability ${probability}`);
  assert.equal(probability.toFixed(4), shown.p, 'the explained probability is not the table row\'s');
  assert.ok(Math.abs(probability - Number(reference.probability[Number(e.row)])) < 1e-12, 'the page and the CLI score this packet differently');
  assert.match(await page.textContent('#explain-title'), new RegExp(`^Why packet ${shown.number.toLocaleString('en-US')} scored`));
  assert.ok((await page.$$('#explain-table tbody tr')).length >= 5);
  const w = await canvasStats(page, 'waterfall');
  assert.ok(w.ink > 2000 && w.red + w.blue > 100, `the waterfall is blank: ${w.ink} ink, red ${w.red}, blue ${w.blue}`);
  await (await page.$('#explain')).screenshot({ path: join(shots, 'tool-explain.png') });
  // Keyboard: Enter on a focused row explains it too.
  await page.focus('#table tbody tr:nth-child(2)');
  await page.evaluate(() => performance.clearMarks('anomalyze:explained'));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:explained').length > 0, null, { timeout: 5000 });
  const second = await page.$eval('#table tbody tr:nth-child(2)', (tr) => tr.dataset.row);
  assert.equal(await page.$eval('#explain', (x) => x.dataset.row), second, 'Enter did not explain the focused row');
});

test('SHAP summary on a sample reports progress and ranks features', async (page) => {
  await page.fill('#shap-sample', '300');
  await page.click('#shap-run');
  await page.waitForFunction(() => !document.getElementById('shap-table').hidden, null, { timeout: 30000 });
  assert.match(await page.textContent('#shap-status'), /^300 packets explained in/);
  assert.equal((await page.$$('#shap-table tbody tr')).length, 20);
  for (const tool of ['beeswarm', 'shap-bars']) {
    await showTool(page, tool);
    const s = await canvasStats(page, 'chart');
    assert.ok(s.ink > 2000 && s.distinct > 20, `${tool} is blank`);
    await (await page.$('#chart-figure')).screenshot({ path: join(shots, `tool-${tool}.png`) });
  }
  await (await page.$('#shap')).screenshot({ path: join(shots, 'tool-shap.png') });
});

test('permutation importance on the labelled sample', async (page) => {
  await page.fill('#perm-sample', '300');
  await page.fill('#perm-repeats', '1');
  await page.click('#perm-run');
  await page.waitForFunction(() => !document.getElementById('perm-table').hidden, null, { timeout: 60000 });
  assert.match(await page.textContent('#perm-status'), /^Baseline ROC AUC \d\.\d{4}/);
  await showTool(page, 'permutation');
  const s = await canvasStats(page, 'chart');
  assert.ok(s.ink > 2000 && s.distinct > 20, 'the permutation chart is blank');
  await (await page.$('#perm')).screenshot({ path: join(shots, 'tool-permutation.png') });
});

test('the downloaded scored CSV equals `anomalyze score` (No., probability, predicted label)', async (page) => {
  const reference = cliScores(SAMPLE, MODEL_THRESHOLD);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#download-csv')]);
  assert.equal(download.suggestedFilename(), 'sample.scored.csv');
  const path = join(tmpdir(), 'sample.scored.csv');
  await download.saveAs(path);
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'No.,Time,Source,Destination,Protocol,Length,Info,label,probability,predicted_label');
  assert.equal(lines.length - 1, reference.probability.length);
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    const [p, predicted] = cells.slice(-2);
    assert.equal(Number(cells[0]), reference.numbers[i], `row ${i + 1}: No.`);
    assert.equal(predicted, reference.predicted[i], `row ${i + 1}: predicted label`);
    // The page's wasm and the native CLI use different `exp` implementations (compiler-builtins libm vs
    // the platform's), which may differ in the last bit; everything else is the same code.
    const [a, b] = [Number(p), Number(reference.probability[i])];
    assert.ok(Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(a, b), `row ${i + 1}: probability ${a}, CLI ${b}`);
  });
});

test('scores and SHAP values with the helper worker equal those of one worker, to the bit', async (page) => {
  const csvOf = async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#download-csv')]);
    const path = join(tmpdir(), `scored-${Date.now()}.csv`);
    await download.saveAs(path);
    return readFileSync(path, 'utf8');
  };
  const shapOf = async () => {
    await page.fill('#shap-sample', '200');
    await page.evaluate(() => performance.clearMarks('anomalyze:shap'));
    await page.click('#shap-run');
    await page.waitForFunction(() => performance.getEntriesByName('anomalyze:shap').length > 0, null, { timeout: 30000 });
    return page.textContent('#shap-table tbody');
  };
  const two = { csv: await csvOf(), shap: await shapOf() };
  assert.ok(await page.evaluate(() => navigator.hardwareConcurrency) > 1, 'this machine has one core; nothing to compare');
  await page.goto(`${BASE_URL}?one-worker`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20000 });
  await page.setInputFiles('#model-file', MODEL);
  await page.waitForFunction(() => /^sample\.model\.json/.test(document.getElementById('model-name').textContent), null, { timeout: 10000 });
  assert.equal(await settle(page, () => page.click('#sample'), 60000), 'done');
  const one = { csv: await csvOf(), shap: await shapOf() };
  assert.ok(one.csv === two.csv, 'the scored CSV differs between one and two workers');
  assert.equal(one.shap, two.shap, 'the SHAP summary differs between one and two workers');
  await page.goto(BASE_URL);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20000 });
  await page.setInputFiles('#model-file', MODEL);
  await page.waitForFunction(() => /^sample\.model\.json/.test(document.getElementById('model-name').textContent), null, { timeout: 10000 });
  assert.equal(await settle(page, () => page.click('#sample'), 60000), 'done');
});

test('the packets table pages, filters by kind and by time range', async (page) => {
  await page.selectOption('#row-kind', 'all');
  await page.waitForFunction(() => /^1–50 of 3,627$/.test(document.getElementById('page-info').textContent), null, { timeout: 5000 });
  await page.click('#page-next');
  await page.waitForFunction(() => /^51–100 of 3,627$/.test(document.getElementById('page-info').textContent), null, { timeout: 5000 });
  await page.fill('#time-from', '0');
  await page.fill('#time-to', '10');
  await page.press('#time-to', 'Tab');
  await page.waitForFunction(() => /between 0\.0 s and 10\.0 s/.test(document.getElementById('table-status').textContent), null, { timeout: 5000 });
  const times = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => Number(tr.children[1].textContent)));
  assert.ok(times.length > 0 && times.every((t) => t <= 10), `rows outside 0–10 s: ${times.slice(0, 5)}`);
  await page.click('#time-clear');
  // Brushing: a drag across the activity chart sets the range (the From/To boxes follow), the table lists
  // only packets inside it, and a click without a drag clears it.
  await showTool(page, 'activity');
  const box = await (await page.$('#chart')).boundingBox();
  const y = box.y + box.height * 0.7;
  await page.evaluate(() => performance.clearMarks('anomalyze:refreshed'));
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:refreshed').length > 0, null, { timeout: 10000 });
  const [from, to] = [Number(await page.inputValue('#time-from')), Number(await page.inputValue('#time-to'))];
  assert.ok(from > 0 && to > from + 1 && to < 60, `the brush gave ${from}–${to} s on a 60 s capture`);
  await page.waitForFunction(() => /between /.test(document.getElementById('table-status').textContent), null, { timeout: 5000 });
  const brushed = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => Number(tr.children[1].textContent)));
  assert.ok(brushed.length > 0 && brushed.every((t) => t >= from - 1e-6 && t <= to + 1e-6), `rows outside ${from}–${to} s: ${brushed.slice(0, 5)}`);
  await page.screenshot({ path: join(shots, 'tool-activity-brushed.png') });
  await page.evaluate(() => performance.clearMarks('anomalyze:refreshed'));
  await page.mouse.click(box.x + box.width * 0.5, y);
  await page.waitForFunction(() => document.getElementById('time-from').value === '' && document.getElementById('time-to').value === '', null, { timeout: 5000 });
  await page.selectOption('#row-kind', 'flagged');
  await page.screenshot({ path: join(shots, 'scored-1280x800.png') });
  await page.screenshot({ path: join(shots, 'scored-1280-full.png'), fullPage: true });
});

test('an unlabelled capture is scored, and label-dependent tools say why they are empty', async (page) => {
  const text = readFileSync(join(fixtures, 'labelled.csv'), 'utf8').split('\n')
    .map((l) => l.replace(/,(normal|malicious|label)\s*$/, '')).join('\n');
  const path = join(tmpdir(), 'unlabelled.csv');
  writeFileSync(path, text);
  assert.equal(await settle(page, () => dropFile(page, path)), 'done');
  assert.match(await page.textContent('#label-note'), /has no labels, so accuracy, the confusion matrix/);
  assert.ok(await page.isHidden('#confusion') && await page.isHidden('#perm'));
  assert.ok(await page.isVisible('#shap'));
  // The explanation panel already shows the highest-scoring packet.
  const reference = cliScores(path);
  const scores = reference.probability.map(Number);
  const max = Math.max(...scores);
  const top = await page.evaluate(() => ({ ...document.getElementById('explain').dataset }));
  assert.ok(Math.abs(Number(top.probability) - max) < 1e-12, `the panel explains a packet of ${top.probability}, the highest scores ${max}`);
  assert.match(await page.textContent('#explain-meta'), /^The highest-scoring packet; click any row/);
  // Above every score, the empty table says how close the most suspicious packet comes.
  await page.selectOption('#row-kind', 'flagged');
  const above = Number((Math.ceil(max * 1000 + 1) / 1000).toFixed(3));
  assert.ok(above < 1, `the fixture's highest score ${max} leaves no threshold above it`);
  await setThreshold(page, above);
  assert.equal((await page.$$('#table tbody tr')).length, 0);
  assert.equal(await page.textContent('#table-status'), `No packet reaches the threshold ${above.toFixed(3)}; the highest probability in the file is ${max.toFixed(4)} (packet ${reference.numbers[scores.indexOf(max)]}). Lower the threshold, or show all packets, to see the most suspicious ones.`);
  // Below, the packets the CLI flags are the ones listed.
  const t = 0.5;
  const flagged = scores.filter((p) => p >= t).length;
  assert.ok(flagged > 0, `the fixture flags nothing at ${t}; the listing check needs some`);
  await setThreshold(page, t);
  assert.equal((await page.$$('#table tbody tr')).length, Math.min(flagged, 50));
  assert.match(await page.textContent('#table-status'), new RegExp(`^${flagged} flagged packets`));
  await page.click('#threshold-reset');
  await showTool(page, 'metrics');
  const s = await canvasStats(page, 'chart');
  assert.ok(s.ink > 500, 'the metrics tool draws nothing for an unlabelled file');
  await (await page.$('#chart-figure')).screenshot({ path: join(shots, 'unlabelled-metrics.png') });
});

test('at 390 px wide the layout fits and the charts are redrawn to fit', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await settle(page, () => page.click('#sample')), 'done');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 390, `the page scrolls sideways: ${overflow} px wide`);
  for (const tool of ['protocols', 'classes']) {
    await showTool(page, tool);
    const s = await canvasStats(page, 'chart');
    assert.ok(s.width <= 370, `${tool} is ${s.width} px wide on a 390 px screen`);
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
