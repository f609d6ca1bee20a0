// Page bootstrap: the bundled model loads, a capture is read, featurised and scored in the worker, and
// this thread shows numbers and tables and draws the selected chart (plotters-canvas needs the DOM).
// One threshold drives everything: moving it re-asks the worker for cheap views, never for rescoring.
import init, { install_panic_hook, draw_protocol_breakdown, draw_class_distribution, draw_chart } from './pkg/anomalyze.js';

const $ = (id) => document.getElementById(id);
const wasmReady = init().then(() => install_panic_hook());
const number = new Intl.NumberFormat('en-US');
// Written by `cargo xtask dist`: { "model": "models/….json" } or { "model": null } (no 404 to log).
const BUNDLE_MANIFEST = 'bundle.json';
const PAGE_ROWS = 50;

const state = {
  model: null, modelFile: null, threshold: 0.5, capture: null, inspect: null, evaluation: null,
  fileName: '', tool: 'metrics', table: { offset: 0, total: 0 }, from: null, to: null, top: null,
};

// ---- worker RPC ---------------------------------------------------------------------------------
let worker = null;
let helper = null;
let nextId = 0;
const pending = new Map();

function spawn() {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  w.onmessage = (event) => {
    const m = event.data;
    const call = pending.get(m.id);
    if (!call) return;
    if (m.type === 'progress') { call.onProgress?.(m.progress); return; }
    pending.delete(m.id);
    if (m.type === 'result') call.resolve(m.result); else call.reject(new Error(m.message));
  };
  w.onerror = (event) => {
    event.preventDefault();
    fail('The page could not start its analysis worker', event.message || 'the worker failed to load');
  };
  return w;
}

function startWorker() {
  if (worker) worker.terminate();
  if (helper) helper.terminate();
  for (const { reject } of pending.values()) reject(new Error('the analysis was restarted'));
  pending.clear();
  worker = spawn();
  // The helper scores and explains rows handed to it, so the second core works too.
  const oneWorker = new URLSearchParams(location.search).has('one-worker'); // for tests and comparisons
  helper = navigator.hardwareConcurrency > 1 && !oneWorker ? spawn() : null;
}

function post(target, op, args, onProgress, transfer = []) {
  nextId += 1;
  const id = nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    target.postMessage({ id, op, args }, transfer);
  });
}
const ask = (op, args, onProgress) => post(worker, op, args, onProgress);
const askHelper = (op, args, transfer) => post(helper, op, args, undefined, transfer);

const CHUNK_ROWS = 16384;

/** Scores rows 0..n of the featurised capture: the main worker and the helper take chunks in turn. */
async function scoreAll(n, report) {
  const probability = new Float64Array(n);
  let next = 0;
  let done = 0;
  // Small captures still get several chunks, so both workers take part.
  const chunk = Math.max(1024, Math.min(CHUNK_ROWS, Math.ceil(n / 8)));
  const take = () => { if (next >= n) return null; const start = next; next = Math.min(n, next + chunk); return [start, next]; };
  const finished = (start, p) => { probability.set(p, start); done += p.length; report({ stage: 'scoring', rows_done: done, rows_total: n }); };
  const main = async () => { for (let c = take(); c; c = take()) finished(c[0], await ask('scoreRange', { start: c[0], end: c[1] })); };
  // The helper gets each chunk's rows in one buffer that travels main worker → helper → back, so a
  // capture's rows do not pile up as garbage buffers (tens of MB) until the next collection.
  const side = async () => {
    let spare = null;
    let width = 0;
    for (let c = take(); c; c = take()) {
      const size = (c[1] - c[0]) * width;
      const into = spare && width > 0 && spare.byteLength >= size * 8 ? new Float64Array(spare, 0, size) : undefined;
      const values = await post(worker, 'featureRows', { start: c[0], end: c[1], into }, undefined, into ? [into.buffer] : []);
      width = values.length / (c[1] - c[0]);
      const scored = await askHelper('scoreValues', { values }, [values.buffer]);
      spare = scored.values.buffer;
      finished(c[0], scored.probability);
    }
  };
  await Promise.all(helper && state.helperReady ? [main(), side()] : [main()]);
  return probability;
}

function setState(name) {
  document.body.dataset.state = name;
  performance.mark(`anomalyze:${name}`);
}

// ---- model ---------------------------------------------------------------------------------------
async function loadModel(file, bundled) {
  $('model-error').hidden = true;
  $('model-name').textContent = bundled ? 'loading the bundled model…' : `loading ${file.name}…`;
  try {
    // Measured for the page benchmark: from asking (the worker may still be starting its wasm) to the
    // model being ready, and the worker's own time to parse, validate and prepare the explainer.
    const started = performance.now();
    // Both workers load at once (one core each); a file that fails fails in both the same way, and a
    // failed load leaves a worker's previous model in place.
    state.helperReady = false;
    const helperLoad = helper ? askHelper('loadModel', { file }).then(() => true, () => false) : Promise.resolve(false);
    let summary, loadMs;
    try {
      ({ summary, loadMs } = await ask('loadModel', { file }));
    } catch (err) {
      await helperLoad;
      throw err;
    }
    performance.measure('anomalyze:model-load', { start: started, end: performance.now() });
    performance.measure('anomalyze:model-parse', { start: started, duration: loadMs });
    state.helperReady = await helperLoad;
    performance.measure('anomalyze:model-load-both', { start: started, end: performance.now() });
    state.model = summary;
    state.modelFile = file;
    state.modelName = modelTitle(summary, file.name);
    showModel(summary);
    setThreshold(summary.threshold, false);
    return true;
  } catch (err) {
    if (state.modelFile) {
      // Keep the previous model working (a failed load leaves the worker as it was).
      showModel(state.model);
    } else {
      $('model-name').textContent = 'none loaded';
    }
    $('model-error').textContent = `${file.name}: ${err.message}`;
    $('model-error').hidden = false;
    return false;
  }
}

function modelTitle(summary, fileName) {
  return summary.card ? `${fileName} (${summary.card.trainer})` : fileName;
}

function showModel(summary) {
  $('model-name').textContent = state.modelName;
  const card = summary.card || {};
  const rows = [];
  if (card.files) rows.push(['Trained on', card.files.map(([name, n]) => `${name} (${number.format(n)} packets)`).join(', ')]);
  const comps = summary.components.map((c) => `${c.name} (${number.format(c.trees)} trees)`).join(' + ');
  rows.push(['Model', `${comps}; ${summary.features.length} features`]);
  rows.push(['Threshold', `${summary.threshold.toFixed(3)}${summary.threshold_from_file ? '' : ' (default; the file names none)'}`]);
  for (const column of card.metrics || []) {
    const m = column.values;
    const parts = [['accuracy', 'acc.'], ['recall', 'recall'], ['specificity', 'spec.'], ['roc_auc', 'AUC']]
      .filter(([k]) => typeof m[k] === 'number').map(([k, name]) => `${name} ${m[k].toFixed(3)}`);
    if (parts.length) rows.push([column.source, parts.join(' · ')]);
  }
  if (!summary.has_schema) rows.push(['Vocabularies', 'fitted on each capture (the file carries no schema)']);
  const list = $('model-card');
  list.replaceChildren(...rows.map(([k, v]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v;
    div.append(dt, dd);
    return div;
  }));
}

async function loadBundledModel() {
  const none = (why) => {
    $('model-name').textContent = 'none bundled';
    $('model-error').textContent = `This build has no bundled model (${why}). Load a model file to score captures; captures are still summarised.`;
    $('model-error').hidden = false;
    return false;
  };
  try {
    const manifest = await fetch(BUNDLE_MANIFEST).then((r) => (r.ok ? r.json() : { model: null }));
    if (!manifest.model) return none('dist/bundle.json names none');
    const response = await fetch(manifest.model);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    return loadModel(new File([blob], manifest.model.split('/').at(-1)), true);
  } catch (err) {
    return none(err.message);
  }
}

// ---- capture -------------------------------------------------------------------------------------
async function analyse(file) {
  if (!file) return;
  state.lastCaptureFile = file; // a newly loaded model rescores it
  state.fileName = file.name || 'capture';
  state.fileSize = file.size;
  $('error').hidden = true;
  $('progress').hidden = false;
  $('progress-bar').removeAttribute('value');
  $('progress-text').textContent = `Reading ${state.fileName} (${formatBytes(file.size)})…`;
  $('download-csv').disabled = true;
  setState('loading');
  const started = performance.now();
  const onProgress = (p) => showProgress(p, started);
  try {
    await modelReady;
    if (state.model) {
      const t0 = performance.now();
      const rows = await ask('featurize', { file }, onProgress);
      const t1 = performance.now();
      const probability = await scoreAll(rows, onProgress);
      const result = await post(worker, 'setScores', { probability }, undefined, [probability.buffer]);
      const t2 = performance.now();
      performance.mark('anomalyze:scored', { detail: { total: t2 - t0, scoring: t2 - t1, workers: helper && state.helperReady ? 2 : 1 } });
      state.capture = result;
      state.top = null;
      state.inspect = null;
      state.from = null; state.to = null;
      $('time-from').value = ''; $('time-to').value = '';
    } else {
      const result = await ask('inspect', { file }, onProgress);
      state.capture = null;
      state.inspect = result;
    }
  } catch (err) {
    fail(`Could not read ${state.fileName}`, err.message);
    if (/memory|unreachable|RuntimeError/i.test(err.message)) await restartWorker();
    return;
  }
  $('progress').hidden = true;
  const s = state.capture ? state.capture.summary : state.inspect.summary;
  showSummary(s, state.capture ? state.capture.time_format : state.inspect.time_format);
  setState('summary');
  try {
    await refresh();
    await explainTop();
    setState('done');
  } catch (err) {
    fail('The results could not be shown', err.message);
  }
}

async function restartWorker() {
  startWorker();
  state.capture = null;
  if (state.modelFile) await loadModel(state.modelFile, false);
}

function showProgress(p, started) {
  const bar = $('progress-bar');
  const seconds = Math.max(0.001, (performance.now() - started) / 1000);
  let text;
  if (p.stage === 'reading') {
    const total = p.bytes_total ?? null;
    if (total) bar.value = Math.min(1, p.bytes_read / total); else bar.removeAttribute('value');
    const of = total ? ` of ${formatBytes(total)}` : ` (file ${formatBytes(state.fileSize)})`;
    text = `Reading ${state.fileName}: ${formatBytes(p.bytes_read)}${of}, ${number.format(p.rows_done)} rows (${number.format(Math.round(p.rows_done / seconds))} rows/s)`;
  } else if (p.stage === 'features') {
    bar.removeAttribute('value');
    text = `Computing features of ${number.format(p.rows_total)} packets…`;
  } else if (p.stage === 'scoring') {
    bar.value = p.rows_done / Math.max(1, p.rows_total);
    text = `Scoring: ${number.format(p.rows_done)} of ${number.format(p.rows_total)} packets (${number.format(Math.round(p.rows_done / seconds))} rows/s overall)`;
  } else {
    // inspect-only progress (no model): the reader's own report
    const total = p.bytes_total ?? null;
    if (total) bar.value = Math.min(1, p.bytes_read / total); else bar.removeAttribute('value');
    const of = total ? ` of ${formatBytes(total)}` : ` (file ${formatBytes(state.fileSize)})`;
    text = `Reading ${state.fileName}: ${formatBytes(p.bytes_read)}${of}, ${number.format(p.rows_read)} rows`;
  }
  $('progress-text').textContent = text;
  performance.mark('anomalyze:progress', { detail: text });
}

function fail(title, message) {
  $('progress').hidden = true;
  const box = $('error');
  const t = document.createElement('p');
  t.className = 'error-title';
  t.textContent = title;
  const text = document.createElement('p');
  text.className = 'error-message';
  text.id = 'error-message';
  text.textContent = message;
  box.replaceChildren(t, text);
  box.hidden = false;
  setState('error');
}

// ---- threshold and numbers ----------------------------------------------------------------------
function setThreshold(value, update = true) {
  const t = Math.min(1, Math.max(0, Number(value)));
  if (!Number.isFinite(t)) return;
  state.threshold = t;
  $('threshold-range').value = String(t);
  // Three decimals, or three significant digits below 0.1 (a threshold of 0.0125 is not "0.013").
  const shown = t >= 0.1 || t === 0 ? t.toFixed(3) : t.toPrecision(3);
  if (document.activeElement !== $('threshold-number')) $('threshold-number').value = shown;
  if (update && state.capture) scheduleRefresh();
}

let refreshTimer = 0;
let refreshing = Promise.resolve();
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { refreshing = refreshing.then(() => refresh()).catch((e) => fail('The results could not be updated', e.message)); }, 16);
}

async function refresh() {
  if (state.capture) {
    $('scores').hidden = false;
    $('packets').hidden = false;
    $('shap').hidden = false;
    $('download-csv').disabled = false;
    const { evaluation, charts } = await ask('evaluate', { threshold: state.threshold, from: state.from, to: state.to });
    state.evaluation = evaluation;
    state.charts = charts;
    showEvaluation(evaluation);
    state.table.offset = 0;
    await showTable();
  } else {
    state.charts = null;
    for (const id of ['scores', 'packets', 'shap', 'perm', 'explain']) $(id).hidden = true;
  }
  buildTools();
  await drawChart();
  performance.mark('anomalyze:refreshed');
}

// Thresholds chosen on this file's own labels: where its scores separate (in-sample, so said).
function showSuggestions(list) {
  const box = $('threshold-suggestions');
  box.hidden = list.length === 0;
  if (!list.length) { box.replaceChildren(); return; }
  const parts = [document.createTextNode('Chosen on this file\u2019s own labels: ')];
  list.forEach((x, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button small secondary';
    b.dataset.threshold = String(x.threshold);
    b.textContent = `${x.name}: ${x.threshold.toPrecision(3)}`;
    b.title = `precision ${fixed(x.precision)}, recall ${fixed(x.recall)}, F1 ${fixed(x.f1)} at this threshold`;
    b.addEventListener('click', () => setThreshold(x.threshold));
    if (i) parts.push(document.createTextNode(' '));
    parts.push(b);
  });
  box.replaceChildren(...parts);
}

function pct(x) { return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—'; }
function fixed(x, d = 3) { return Number.isFinite(x) ? x.toFixed(d) : '—'; }

function showEvaluation(e) {
  const m = e.metrics;
  const tiles = [['Flagged', `${number.format(e.flagged)}`, `${pct(e.flagged / Math.max(1, e.packets))} of ${number.format(e.packets)}`, 'bad']];
  if (m) {
    const f1 = m.precision + m.recall > 0 ? (2 * m.precision * m.recall) / (m.precision + m.recall) : NaN;
    tiles.push(['Accuracy', fixed(m.accuracy), ''], ['Precision', fixed(m.precision), ''], ['Recall', fixed(m.recall), ''],
      ['F1', fixed(f1), ''], ['Specificity', fixed(m.specificity), ''], ['ROC AUC', fixed(m.roc_auc), ''], ['PR AUC', fixed(m.pr_auc), '']);
  }
  $('tiles').replaceChildren(...tiles.map(([k, v, sub, cls]) => {
    const div = document.createElement('div');
    div.className = `tile${cls ? ` ${cls}` : ''}`;
    div.dataset.metric = k;
    div.innerHTML = '<span class="tile-k"></span><span class="tile-v"></span><span class="tile-s"></span>';
    div.children[0].textContent = k; div.children[1].textContent = v; div.children[2].textContent = sub;
    return div;
  }));
  showSuggestions(e.suggestions || []);
  const note = $('label-note');
  if (!m) {
    note.textContent = e.labelled === 0
      ? 'This capture has no labels, so accuracy, the confusion matrix, ROC/PR curves and permutation importance cannot be computed. Scores, flagged packets and SHAP explanations work as usual.'
      : `Only one class is labelled (${number.format(e.labelled)} packets), so the metrics are undefined.`;
    note.hidden = false;
  } else {
    note.hidden = e.labelled === e.packets;
    note.textContent = `Metrics use the ${number.format(e.labelled)} labelled packets of ${number.format(e.packets)}.`;
  }
  $('confusion').hidden = !m;
  $('errors-by-protocol').hidden = !m;
  $('perm').hidden = !m;
  if (m) {
    const c = m.confusion;
    const cell = (id, n, of) => { $(id).textContent = `${number.format(n)} (${pct(n / Math.max(1, of))})`; $(id).dataset.count = n; };
    cell('cm-tn', c.tn, c.tn + c.fp); cell('cm-fp', c.fp, c.tn + c.fp);
    cell('cm-fn', c.fn, c.fn + c.tp); cell('cm-tp', c.tp, c.fn + c.tp);
    const body = $('errors-by-protocol').querySelector('tbody');
    const top = e.errors_by_protocol.slice(0, 8);
    body.replaceChildren(...(top.length ? top : [null]).map((x) => {
      const tr = document.createElement('tr');
      const cells = x ? [x.protocol, number.format(x.false_positives), number.format(x.false_negatives)] : ['no errors at this threshold', '', ''];
      for (const v of cells) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
      return tr;
    }));
  }
}

// ---- packets table -------------------------------------------------------------------------------
function query() {
  return { kind: $('row-kind').value, order: $('row-order').value, threshold: state.threshold, from_s: state.from, to_s: state.to };
}

async function showTable() {
  const page = await ask('rows', { query: query(), offset: state.table.offset, limit: PAGE_ROWS });
  state.table.total = page.total;
  const features = $('show-features').checked ? state.model.features : [];
  const head = ['No.', 'Time (s)', 'Source', 'Destination', 'Protocol', 'Length', 'Info', 'Label', 'Probability', ...features];
  const thead = $('table').querySelector('thead');
  const tr = document.createElement('tr');
  for (const h of head) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; tr.append(th); }
  thead.replaceChildren(tr);
  const rows = page.rows.map((r) => {
    const row = document.createElement('tr');
    row.tabIndex = 0;
    row.dataset.row = r.row;
    const predicted = r.probability >= state.threshold;
    row.className = predicted ? 'flag' : '';
    const cells = [r.number, r.time_s.toFixed(6), r.source, r.destination, r.protocol, r.length, r.info, r.label || '—', r.probability.toFixed(4),
      ...r.features.map((v) => (Number.isFinite(v) ? +v.toPrecision(6) : 'NaN'))];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      td.textContent = String(v);
      if (i === 6) td.className = 'info';
      if (i === 7 && r.label) td.className = r.label === 'malicious' ? 'bad-text' : 'good-text';
      if (i === 8) td.className = predicted ? 'prob bad-text' : 'prob';
      row.append(td);
    });
    return row;
  });
  $('table').querySelector('tbody').replaceChildren(...rows);
  const kind = $('row-kind').selectedOptions[0].textContent;
  const range = state.from !== null || state.to !== null ? ` between ${fixed(state.from ?? 0, 1)} s and ${state.to === null ? 'the end' : `${fixed(state.to, 1)} s`}` : '';
  $('table-status').textContent = page.total === 0 ? `No ${kind} packets${range}.` : `${number.format(page.total)} ${kind} packets${range}. Click a row (or press Enter on it) to see why it got its score.`;
  if (page.total === 0 && $('row-kind').value === 'flagged') {
    // A model trained on another network may score every packet below its threshold: say how close
    // the most suspicious one comes, so an empty table is not read as "all clear".
    const top = await topPacket();
    if (top) $('table-status').textContent = `No packet${range} reaches the threshold ${state.threshold.toFixed(3)}; the highest probability ${range ? "in this time range" : "in the file"} is ${top.probability.toFixed(4)} (packet ${number.format(top.number)}). Lower the threshold, or show all packets, to see the most suspicious ones.`;
  }
  const last = Math.min(page.total, page.offset + page.rows.length);
  $('page-info').textContent = page.total ? `${number.format(page.offset + 1)}–${number.format(last)} of ${number.format(page.total)}` : '';
  $('page-prev').disabled = page.offset === 0;
  $('page-next').disabled = last >= page.total;
}

/** The packet with the highest probability in the time range (null when there is none). Kept per
 * capture and range: the explanation panel and the empty-table message both ask for it when results
 * arrive, and each query would also evict the worker's cached table selection. */
async function topPacket() {
  const key = `${state.from}|${state.to}`;
  if (state.top?.key !== key) {
    const page = await ask('rows', { query: { ...query(), kind: 'all', order: 'probability_desc' }, offset: 0, limit: 1 });
    state.top = { key, row: page.rows[0] ?? null };
  }
  return state.top.row;
}

/** When results arrive, the explanation panel already shows the highest-scoring packet, the one an
 * analyst looks at first (a click on any row replaces it). */
async function explainTop() {
  const top = await topPacket();
  if (top) await explainRow(top.row, performance.now(), 'The highest-scoring packet; click any row to explain it instead. ');
}

/** Explains one packet; `since` is when the user asked (the input event's time), so the measure
 * `anomalyze:explain` runs from the click to the frame that shows the waterfall. */
let explainSeq = 0;
async function explainRow(row, since = performance.now(), lead = '') {
  const started = since;
  // Only the latest request is shown (a click during the first, automatic one wins over it).
  explainSeq += 1;
  const seq = explainSeq;
  let e;
  try {
    e = await ask('explain', { row: Number(row) });
  } catch (err) {
    if (seq !== explainSeq) return;
    // Said where the explanation would be (e.g. a model whose trees the explainer refuses).
    $('explain-title').textContent = 'This packet cannot be explained';
    $('explain-meta').textContent = err.message;
    $('explain-table').querySelector('tbody').replaceChildren();
    $('waterfall').hidden = true;
    $('explain').hidden = false;
    performance.mark('anomalyze:explained');
    return;
  }
  if (seq !== explainSeq) return;
  const answered = performance.now();
  const order = e.contributions.map((v, i) => i).sort((a, b) => Math.abs(e.contributions[b]) - Math.abs(e.contributions[a]));
  const top = order.slice(0, 15);
  const max = Math.max(1e-12, ...top.map((i) => Math.abs(e.contributions[i])));
  const body = $('explain-table').querySelector('tbody');
  body.replaceChildren(...top.map((i) => {
    const tr = document.createElement('tr');
    const v = e.contributions[i];
    const cells = [e.features[i], Number.isFinite(e.values[i]) ? +e.values[i].toPrecision(6) : 'NaN', (v >= 0 ? '+' : '') + v.toFixed(4)];
    for (const c of cells) { const td = document.createElement('td'); td.textContent = String(c); tr.append(td); }
    const bar = document.createElement('td');
    const span = document.createElement('span');
    span.className = `bar ${v >= 0 ? 'bad' : 'good'}`;
    span.style.width = `${Math.round((100 * Math.abs(v)) / max)}%`;
    bar.append(span);
    tr.append(bar);
    return tr;
  }));
  const rest = e.contributions.length - top.length;
  const sum = e.contributions.reduce((a, b) => a + b, 0);
  $('explain-title').textContent = `Why packet ${number.format(e.number)} scored ${e.probability.toFixed(4)}`;
  $('explain-meta').textContent = `${lead}Base value ${e.base_value.toFixed(4)} + contributions ${sum >= 0 ? '+' : ''}${sum.toFixed(4)} = ${(e.base_value + sum).toFixed(4)}. ${top.length} largest of ${e.contributions.length} features shown${rest ? ` (${rest} more)` : ''}. Method: ${e.method.replace(/\.$/, "")}. Red pushes towards malicious, blue towards normal.`;
  $('explain').hidden = false;
  await wasmReady;
  const canvas = $('waterfall');
  canvas.hidden = false;
  sizeCanvas(canvas, 560);
  const drawStart = performance.now();
  draw_chart('shap_waterfall', canvas, e.waterfall);
  // The parts of a click, for the page benchmark: the worker's answer, the table, the chart.
  performance.measure('anomalyze:explain-worker', { start: started, end: answered });
  performance.measure('anomalyze:explain-chart', { start: drawStart, end: performance.now() });
  $('explain').dataset.base = e.base_value;
  $('explain').dataset.probability = e.probability;
  $('explain').dataset.sum = sum;
  $('explain').dataset.row = e.row;
  // The waterfall is on screen after the next frame is painted: a task queued from requestAnimationFrame
  // runs once that frame is done.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  performance.measure('anomalyze:explain', { start: started, end: performance.now() });
  performance.mark('anomalyze:explained');
}

// ---- SHAP summary and permutation importance ----------------------------------------------------
/** Explains a sample: the main worker the first part, the helper the rest, then the main one summarises. */
async function shapSummary(sample) {
  const total = await ask('shapBegin', { sample, seed: 1 });
  const split = helper && state.helperReady ? Math.floor(total / 2) : total;
  let [mainDone, helperDone] = [0, 0];
  const show = () => { $('shap-status').textContent = `Explaining ${number.format(mainDone + helperDone)} of ${number.format(total)} sampled packets…`; };
  const side = async () => {
    const parts = [];
    for (let start = split; start < total; start += 100) {
      const end = Math.min(total, start + 100);
      const values = await ask('shapRows', { start, end });
      parts.push(await askHelper('explainValues', { values }, [values.buffer]));
      helperDone = end - split; show();
    }
    return parts;
  };
  const main = async () => {
    while (mainDone < split) { mainDone = await ask('shapStep', { count: 25, limit: split }); show(); }
  };
  const [parts] = await Promise.all([side(), main()]);
  for (const explained of parts) await post(worker, 'shapPush', { explained }, undefined, [explained.buffer]);
  return ask('shapSummary', {});
}

async function runShap() {
  const sample = Math.max(10, Number($('shap-sample').value) || 2000);
  $('shap-run').disabled = true;
  const started = performance.now();
  try {
    const s = await shapSummary(sample);
    state.shap = s;
    state.tool = 'beeswarm';
    buildTools();
    await drawChart();
    const order = s.mean_abs.map((v, i) => i).sort((a, b) => s.mean_abs[b] - s.mean_abs[a]).slice(0, 20);
    const max = Math.max(1e-12, s.mean_abs[order[0]] || 0);
    $('shap-table').querySelector('tbody').replaceChildren(...order.map((i) => {
      const tr = document.createElement('tr');
      for (const c of [s.features[i], s.mean_abs[i].toFixed(4)]) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
      const td = document.createElement('td'); const span = document.createElement('span');
      span.className = 'bar neutral'; span.style.width = `${Math.round((100 * s.mean_abs[i]) / max)}%`; td.append(span); tr.append(td);
      return tr;
    }));
    $('shap-table').hidden = false;
    $('shap-status').textContent = `${number.format(s.rows.length)} packets explained in ${((performance.now() - started) / 1000).toFixed(1)} s (${s.method}); the 20 features with the largest mean |SHAP|.`;
    performance.mark('anomalyze:shap');
  } catch (err) {
    $('shap-status').textContent = `SHAP failed: ${err.message}`;
  } finally {
    $('shap-run').disabled = false;
  }
}

async function runPermutation() {
  const sample = Math.max(50, Number($('perm-sample').value) || 1000);
  const repeats = Math.max(1, Number($('perm-repeats').value) || 3);
  $('perm-run').disabled = true;
  try {
    const r = await ask('permutation', { sample, repeats, seed: 1 }, (p) => {
      $('perm-status').textContent = `Shuffling feature ${p.rows_done} of ${p.rows_total}…`;
    });
    state.permutation = r;
    state.tool = 'permutation';
    buildTools();
    await drawChart();
    const top = [...r.result.features].sort((a, b) => b.mean - a.mean).slice(0, 20);
    $('perm-table').querySelector('tbody').replaceChildren(...top.map((f) => {
      const tr = document.createElement('tr');
      for (const c of [f.feature, f.mean.toFixed(4), f.std.toFixed(4)]) { const td = document.createElement('td'); td.textContent = c; tr.append(td); }
      return tr;
    }));
    $('perm-table').hidden = false;
    $('perm-status').textContent = `Baseline ROC AUC ${r.result.baseline.toFixed(4)} on the sample; the 20 features whose shuffling lowers it most.`;
  } catch (err) {
    $('perm-status').textContent = `Permutation importance failed: ${err.message}`;
  } finally {
    $('perm-run').disabled = false;
  }
}

// ---- charts --------------------------------------------------------------------------------------
// Each tool: a label, a line saying how to read it, and a draw function over what the worker computed.
// Only charts that exist in src/charts are listed.
const chart = (name) => (canvas, view) => draw_chart(name, canvas, view);
const TOOLS = [
  { id: 'metrics', label: 'Metrics', view: () => state.charts?.metrics_summary, draw: chart('metrics_summary'), height: () => 340 },
  { id: 'confusion', label: 'Confusion matrix', view: () => state.charts?.confusion, draw: chart('confusion'), height: () => 360 },
  { id: 'truth', label: 'True vs predicted', view: () => state.charts?.label_comparison, draw: chart('label_comparison'), height: () => 320 },
  { id: 'errors', label: 'FP / FN by protocol', view: () => state.charts?.errors_by_protocol, draw: chart('errors_by_protocol'), height: () => 380 },
  { id: 'roc', label: 'ROC', view: () => state.charts?.roc, draw: chart('roc'), height: () => 420 },
  { id: 'pr', label: 'Precision–recall', view: () => state.charts?.pr, draw: chart('pr'), height: () => 420 },
  { id: 'threshold', label: 'By threshold', view: () => state.charts?.threshold_curve, draw: chart('threshold_curve'), height: () => 420 },
  { id: 'correlation', label: 'Label correlation', view: () => state.charts?.correlation, draw: chart('correlation'), height: () => 640 },
  { id: 'drift', label: 'Drift ranking', view: () => state.charts?.drift_ranking, draw: chart('drift_ranking'), height: () => 640 },
  ...['Protocol_Encoded', 'Source_Encoded'].map((f) => ({
    id: `drift-${f}`, label: `Drift: ${f}`, view: () => state.charts?.drift?.find((d) => d.feature === f),
    draw: chart('feature_drift'), height: () => 420 })),
  { id: 'beeswarm', label: 'SHAP beeswarm', view: () => state.shap?.beeswarm, draw: chart('shap_beeswarm'), height: () => 640 },
  { id: 'shap-bars', label: 'Mean |SHAP|', view: () => state.shap?.importance, draw: chart('shap_importance'), height: () => 600 },
  { id: 'permutation', label: 'Permutation', view: () => state.permutation?.view, draw: chart('permutation'), height: () => 600 },
  { id: 'activity', label: 'Activity', view: () => state.charts?.activity, draw: (canvas, view) => { state.activityAxis = draw_chart('activity', canvas, view) ?? null; }, height: () => 400 },
  { id: 'protocols', label: 'Protocols', view: () => (state.capture || state.inspect)?.protocols, draw: draw_protocol_breakdown, height: (v) => Math.max(320, 90 + 30 * v.bars.length) },
  { id: 'classes', label: 'Labels', view: () => (state.capture || state.inspect)?.classes, draw: draw_class_distribution, height: () => 320 },
];

function buildTools() {
  const nav = $('tools');
  const available = TOOLS.filter((t) => t.view());
  if (!available.some((t) => t.id === state.tool)) state.tool = available[0]?.id;
  nav.replaceChildren(...available.map((t) => {
    const b = document.createElement('button');
    b.type = 'button'; b.role = 'tab'; b.id = `tool-${t.id}`; b.textContent = t.label; b.dataset.tool = t.id;
    b.setAttribute('aria-selected', String(t.id === state.tool));
    b.tabIndex = t.id === state.tool ? 0 : -1;
    return b;
  }));
}

async function drawChart() {
  await wasmReady;
  const tool = TOOLS.find((t) => t.id === state.tool);
  const canvas = $('chart');
  if (!tool || !tool.view()) { $('chart-figure').hidden = true; return; }
  $('chart-figure').hidden = false;
  $('chart-help').textContent = '';
  const view = tool.view();
  sizeCanvas(canvas, tool.height(view));
  tool.draw(canvas, view);
  canvas.setAttribute('aria-label', `${tool.label} chart`);
  canvas.dataset.tool = tool.id;
}

// Brushing on the activity chart: drag across it to choose the time range the tables and the brush
// show (the From/To inputs do the same from the keyboard); a click without a drag clears the range.
function installBrush(setRange) {
  const canvas = $('chart');
  const band = document.createElement('div');
  band.className = 'brush-band';
  band.hidden = true;
  canvas.after(band);
  let start = null;
  const canvasX = (event) => event.offsetX * (canvas.width / Math.max(1, canvas.clientWidth));
  const active = () => canvas.dataset.tool === 'activity' && state.activityAxis;
  canvas.addEventListener('pointerdown', (event) => {
    if (!active() || event.button !== 0) return;
    start = { x: canvasX(event), css: event.offsetX };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (start === null) return;
    const [a, b] = [start.css, event.offsetX].sort((x, y) => x - y);
    Object.assign(band.style, { left: `${canvas.offsetLeft + 1 + a}px`, top: `${canvas.offsetTop + 1}px`, width: `${b - a}px`, height: `${canvas.clientHeight}px` });
    band.hidden = false;
  });
  const finish = (event) => {
    if (start === null) return;
    const axis = state.activityAxis;
    const x = canvasX(event);
    band.hidden = true;
    const moved = Math.abs(x - start.x) >= 3;
    const time = (px) => axis.start_s + Math.min(1, Math.max(0, (px - axis.x0_px) / Math.max(1, axis.x1_px - axis.x0_px))) * (axis.end_s - axis.start_s);
    const [from, to] = [time(start.x), time(x)].sort((p, q) => p - q);
    start = null;
    $('time-from').value = moved ? from.toFixed(3) : '';
    $('time-to').value = moved ? to.toFixed(3) : '';
    setRange();
  };
  canvas.addEventListener('pointerup', finish);
  canvas.addEventListener('pointercancel', () => { start = null; band.hidden = true; });
}

function sizeCanvas(canvas, heightPx) {
  const width = Math.max(280, Math.floor(canvas.parentElement.clientWidth));
  canvas.width = width;
  canvas.height = heightPx;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${heightPx}px`;
}

function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function baseName() { return state.fileName.replace(/\.(csv|gz|zip|pcapng|pcap|cap)$/gi, '') || 'capture'; }

// ---- summary -------------------------------------------------------------------------------------
function showSummary(s, timeFormat) {
  $('summary-title').textContent = `Summary of ${s.file_name || 'the capture'}`;
  const rows = [
    ['Rows read', number.format(s.rows_read)],
    ['Packets', number.format(s.packets)],
    ['Skipped rows', s.skipped_count === 0 ? 'none' : number.format(s.skipped_count)],
    ['Time span', `${formatDuration(s.time_span_s)}${s.captures > 1 ? ` over ${s.captures} captures` : ''}`],
    ['Time column', timeFormat],
    ['Labels', formatLabels(s.labels)],
    ['Protocols', formatProtocols(s.protocols)],
  ];
  const list = $('summary');
  list.replaceChildren();
  for (const [term, value] of rows) {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    div.append(dt, dd);
    if (term === 'Labels' || term === 'Protocols') div.className = 'wide';
    list.append(div);
  }
  showSkipped(s);
  $('explain').hidden = true;
  state.shap = null; state.permutation = null;
  $('shap-table').hidden = true; $('shap-status').textContent = '';
  $('perm-table').hidden = true; $('perm-status').textContent = '';
  $('results').hidden = false;
  document.body.classList.add('has-results');
}

function showSkipped(s) {
  showRowReport('skipped', s.skipped_count, s.skipped, (n, rows) => `${n} skipped ${rows}`);
  showRowReport('repaired', s.repaired_count, s.repaired, (n, rows) => `${n} ${rows} kept by a lenient reading`);
}

// A collapsible list of reported rows (line and reason); hidden when there are none.
function showRowReport(id, count, rows, title) {
  const details = $(`${id}-details`);
  details.hidden = count === 0;
  details.open = rows.length > 0 && rows.length <= 5;
  const shown = rows.length < count ? ` (first ${rows.length} shown)` : '';
  const noun = count === 1 ? 'row' : 'rows';
  $(`${id}-title`).textContent = `${title(number.format(count), noun)}${shown}`;
  const list = $(`${id}-list`);
  list.replaceChildren();
  for (const row of rows) {
    const li = document.createElement('li');
    li.textContent = `line ${row.line}: ${row.reason}`;
    list.append(li);
  }
}

function formatLabels(labels) {
  if (!labels) return 'no label column';
  const total = labels.normal + labels.malicious + labels.unlabelled;
  const part = (n, name) => `${number.format(n)} ${name} (${total ? ((100 * n) / total).toFixed(1) : '0.0'}%)`;
  const parts = [part(labels.normal, 'normal'), part(labels.malicious, 'malicious')];
  if (labels.unlabelled > 0) parts.push(part(labels.unlabelled, 'unlabelled'));
  return parts.join(', ');
}

function formatProtocols(protocols) {
  const top = protocols.slice(0, 6).map((p) => `${p.protocol} ${number.format(p.total)}`).join(', ');
  const more = protocols.length > 6 ? `, … (${protocols.length} in all)` : '';
  return protocols.length === 0 ? 'none' : top + more;
}

function formatBytes(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(3)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const hms = h > 0 ? `${h} h ${m} min ${s.toFixed(0)} s` : `${m} min ${s.toFixed(1)} s`;
  return `${hms} (${number.format(Math.round(seconds))} s)`;
}

async function loadSample() {
  state.fileName = 'sample.csv';
  try {
    const response = await fetch('sample.csv');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    analyse(new File([blob], 'sample.csv', { type: 'text/csv' }));
  } catch (err) {
    fail('Could not load the sample', `The sample capture could not be loaded (${err.message}).`);
  }
}

// ---- wiring --------------------------------------------------------------------------------------
function wireInputs() {
  const zone = $('dropzone');
  const input = $('file');
  input.addEventListener('change', () => { analyse(input.files[0]); input.value = ''; });
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); input.click(); }
  });
  zone.addEventListener('dragenter', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    analyse(event.dataTransfer && event.dataTransfer.files[0]);
  });
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  $('sample').addEventListener('click', loadSample);
  $('model-file').addEventListener('change', async () => {
    const file = $('model-file').files[0];
    $('model-file').value = '';
    if (!file) return;
    setState('loading-model');
    const ok = await loadModel(file, false);
    if (ok && state.capture && state.lastCaptureFile) await analyse(state.lastCaptureFile);
    else setState(ok ? 'model-ready' : 'model-error');
  });
  $('threshold-range').addEventListener('input', () => setThreshold($('threshold-range').value));
  $('threshold-number').addEventListener('change', () => setThreshold($('threshold-number').value));
  $('threshold-reset').addEventListener('click', () => state.model && setThreshold(state.model.threshold));
  for (const id of ['row-kind', 'row-order', 'show-features']) {
    $(id).addEventListener('change', () => { state.table.offset = 0; showTable(); });
  }
  const setRange = () => {
    const v = (id) => ($(id).value === '' ? null : Number($(id).value));
    state.from = v('time-from'); state.to = v('time-to');
    scheduleRefresh();
  };
  installBrush(setRange);
  $('time-from').addEventListener('change', setRange);
  $('time-to').addEventListener('change', setRange);
  $('time-clear').addEventListener('click', () => { $('time-from').value = ''; $('time-to').value = ''; setRange(); });
  $('page-prev').addEventListener('click', () => { state.table.offset = Math.max(0, state.table.offset - PAGE_ROWS); showTable(); });
  $('page-next').addEventListener('click', () => { state.table.offset += PAGE_ROWS; showTable(); });
  const tbody = $('table').querySelector('tbody');
  tbody.addEventListener('click', (event) => { const tr = event.target.closest('tr'); if (tr) explainRow(tr.dataset.row, event.timeStamp); });
  tbody.addEventListener('keydown', (event) => {
    const tr = event.target.closest('tr');
    if (!tr) return;
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); explainRow(tr.dataset.row, event.timeStamp); }
    if (event.key === 'ArrowDown') { event.preventDefault(); tr.nextElementSibling?.focus(); }
    if (event.key === 'ArrowUp') { event.preventDefault(); tr.previousElementSibling?.focus(); }
  });
  $('shap-run').addEventListener('click', runShap);
  $('perm-run').addEventListener('click', runPermutation);
  $('download-csv').addEventListener('click', async () => {
    const blob = await ask('csv', { threshold: state.threshold });
    downloadBlob(blob, `${baseName()}.scored.csv`);
  });
  $('download-png').addEventListener('click', () => {
    $('chart').toBlob((blob) => blob && downloadBlob(blob, `${baseName()}.${state.tool}.png`), 'image/png');
  });
  const nav = $('tools');
  nav.addEventListener('click', (event) => {
    const b = event.target.closest('button');
    if (!b) return;
    state.tool = b.dataset.tool; buildTools(); drawChart(); $(`tool-${state.tool}`).focus();
  });
  nav.addEventListener('keydown', (event) => {
    const buttons = [...nav.querySelectorAll('button')];
    const i = buttons.findIndex((b) => b.dataset.tool === state.tool);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step || i < 0) return;
    event.preventDefault();
    state.tool = buttons[(i + step + buttons.length) % buttons.length].dataset.tool;
    buildTools(); drawChart(); $(`tool-${state.tool}`).focus();
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (!$('results').hidden) drawChart(); }, 150);
  });
}

startWorker();
wireInputs();
const modelReady = loadBundledModel();
Promise.all([wasmReady, modelReady]).then(() => setState('ready'), (err) => fail('The page could not load its WebAssembly module', String(err)));
