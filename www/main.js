// Page bootstrap: file input, drop zone and sample button → the worker parses → the summary is listed and
// both charts are drawn here (plotters-canvas needs the DOM, so drawing stays on the main thread).
import init, { install_panic_hook, draw_protocol_breakdown, draw_class_distribution } from './pkg/anomalyze.js';

const $ = (id) => document.getElementById(id);
const wasmReady = init().then(() => install_panic_hook());
const number = new Intl.NumberFormat('en-US');

let worker = null;
let currentId = 0;
let currentName = '';
let lastResult = null;

function startWorker() {
  if (worker) worker.terminate();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = onWorkerMessage;
  worker.onerror = (event) => {
    event.preventDefault();
    fail(`The page could not start its reader: ${event.message || 'the worker failed to load'}`);
  };
}

function setState(state) {
  document.body.dataset.state = state;
  performance.mark(`anomalyze:${state}`);
}

/** Sends a file (a File or Blob with a name) to the worker. */
function analyse(file) {
  if (!file) return;
  currentId += 1;
  currentName = file.name || 'capture';
  $('error').hidden = true;
  $('progress').hidden = false;
  $('progress-bar').removeAttribute('value');
  $('progress-text').textContent = `Reading ${currentName} (${formatBytes(file.size)})…`;
  setState('loading');
  worker.postMessage({ id: currentId, file });
}

function onWorkerMessage(event) {
  const message = event.data;
  if (message.id !== currentId) return;
  if (message.type === 'progress') {
    showProgress(message.progress, message.fileBytes);
  } else if (message.type === 'done') {
    $('progress').hidden = true;
    lastResult = message.result;
    showSummary(message.result.summary, message.result.time_format);
    setState('summary');
    drawCharts().then(() => setState('done'), (err) => fail(`The charts could not be drawn: ${err}`));
  } else if (message.type === 'error') {
    fail(message.message);
    startWorker(); // a fresh worker (and wasm instance) for the next file, whatever went wrong
  }
}

function showProgress(p, fileBytes) {
  const total = p.bytes_total ?? null;
  const bar = $('progress-bar');
  if (total) {
    bar.value = Math.min(1, p.bytes_read / total);
  } else {
    bar.removeAttribute('value');
  }
  const of = total ? ` of ${formatBytes(total)}` : ` (file ${formatBytes(fileBytes)})`;
  const text = `Reading ${currentName}: ${formatBytes(p.bytes_read)}${of}, ${number.format(p.rows_read)} rows`;
  $('progress-text').textContent = text;
  performance.mark('anomalyze:progress', { detail: text });
}

function fail(message) {
  $('progress').hidden = true;
  const box = $('error');
  box.replaceChildren();
  const title = document.createElement('p');
  title.className = 'error-title';
  title.textContent = `Could not read ${currentName || 'the file'}`;
  const text = document.createElement('p');
  text.className = 'error-message';
  text.id = 'error-message';
  text.textContent = message;
  box.append(title, text);
  box.hidden = false;
  setState('error');
}

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
  $('results').hidden = false;
  document.body.classList.add('has-results');
}

function showSkipped(s) {
  const details = $('skipped-details');
  details.hidden = s.skipped_count === 0;
  details.open = s.skipped.length > 0 && s.skipped.length <= 5;
  const shown = s.skipped.length < s.skipped_count ? ` (first ${s.skipped.length} shown)` : '';
  const noun = s.skipped_count === 1 ? 'row' : 'rows';
  $('skipped-title').textContent = `${number.format(s.skipped_count)} skipped ${noun}${shown}`;
  const list = $('skipped-list');
  list.replaceChildren();
  for (const row of s.skipped) {
    const li = document.createElement('li');
    li.textContent = `line ${row.line}: ${row.reason}`;
    list.append(li);
  }
}

async function drawCharts() {
  if (!lastResult) return;
  await wasmReady;
  const protocols = $('chart-protocols');
  const classes = $('chart-classes');
  sizeCanvas(protocols, Math.max(320, 90 + 30 * lastResult.protocols.bars.length));
  sizeCanvas(classes, 320);
  draw_protocol_breakdown(protocols, lastResult.protocols);
  draw_class_distribution(classes, lastResult.classes);
}

function sizeCanvas(canvas, heightPx) {
  const width = Math.max(280, Math.floor(canvas.parentElement.clientWidth));
  canvas.width = width;
  canvas.height = heightPx;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${heightPx}px`;
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
  currentName = 'sample.csv';
  try {
    const response = await fetch('sample.csv');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    analyse(new File([blob], 'sample.csv', { type: 'text/csv' }));
  } catch (err) {
    fail(`The sample capture could not be loaded (${err.message}).`);
  }
}

function wireInputs() {
  const zone = $('dropzone');
  const input = $('file');
  input.addEventListener('change', () => {
    analyse(input.files[0]);
    input.value = ''; // choosing the same file again fires `change` again
  });
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  zone.addEventListener('dragenter', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    analyse(event.dataTransfer && event.dataTransfer.files[0]);
  });
  // A file dropped next to the zone must not make the browser navigate away from the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  $('sample').addEventListener('click', loadSample);
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastResult && !$('results').hidden) drawCharts(); }, 150);
  });
}

startWorker();
wireInputs();
wasmReady.then(() => setState('ready'), (err) => fail(`The page could not load its WebAssembly module: ${err}`));
