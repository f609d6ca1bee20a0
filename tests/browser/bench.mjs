// Page benchmark: drop a capture (default: the seed dataset) on the page in headless Chromium, with the
// bundled model, and time from the page's own performance marks: drop → summary, drop → every chart but
// SHAP ready (`anomalyze:done`: scored, metrics, tables and the first chart drawn; every other tool's view
// model is computed by then), then the SHAP summary on SHAP_SAMPLE packets, then click → waterfall.
// Peak memory: the largest summed RSS of Chromium's renderer processes (page + workers), sampled every
// 50 ms from /proc. Run through `cargo xtask bench-page [FILE]`. Prints one line per run and the medians.
// Responsiveness of the main thread from the drop to the charts: the longest task the browser reports
// (PerformanceObserver 'longtask', tasks over 50 ms) and the longest gap between animation frames (a
// requestAnimationFrame probe; 16.7 ms at 60 Hz when nothing blocks).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';

import { BASE_URL, launch, settle, dropFile } from './harness.mjs';

const file = process.env.CAPTURE;
const runs = Number(process.env.RUNS || 3);
const shapSample = Number(process.env.SHAP_SAMPLE || 2000);
if (!file) {
  console.error('CAPTURE is not set; run `cargo xtask bench-page [FILE]`');
  process.exit(2);
}

/** PIDs of this run's Chromium renderer processes (`--type=renderer` under our profile). */
function rendererPids() {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('--type=renderer') && cmd.includes('anomalyze-profile-');
    } catch { return false; /* the process ended */ }
  });
}

/** Whether a process runs dedicated-worker threads (Chromium names them "DedicatedWorker thread"). */
function hasWorkerThreads(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try { return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker'); } catch { return false; }
    });
  } catch { return false; }
}

/** A process's memory from /proc/PID/status: resident in all, anonymous (the heaps: JS, wasm, DOM,
 * canvases), file-backed (the mapped Chromium binary and libraries, shared with other processes). */
function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((new RegExp(`${key}:\\s+(\\d+) kB`).exec(status) || [0, 0])[1]) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch { return { rss: 0, anon: 0, file: 0 }; }
}

/** The tab's memory: the renderer process of the page, which also runs its workers (Chromium puts a
 * page's dedicated workers in the page's process); `all` sums every renderer of the browser, which
 * also counts Chromium's own WebUI and spare renderers and the shared binary once per process. */
let tabPid = null;
function rendererMemory() {
  const pids = rendererPids();
  if (tabPid === null) tabPid = pids.find(hasWorkerThreads) ?? null;
  const tab = tabPid === null ? { rss: 0, anon: 0, file: 0 } : processMemory(tabPid);
  const all = pids.reduce((sum, pid) => sum + processMemory(pid).rss, 0);
  return { ...tab, all, processes: pids.length };
}

/** CPU seconds (user + system, all threads) used so far by the renderer processes. */
function rendererCpuS() {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes('anomalyze-profile-')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch { /* the process ended */ }
  }
  return total;
}

const { page, log, close } = await launch();
let peak = null;
let peakAll = 0;
const sampler = setInterval(() => {
  const m = rendererMemory();
  if (peak === null || m.rss > peak.rss) peak = m;
  peakAll = Math.max(peakAll, m.all);
}, 50);
// Installed before the page's own scripts: collects long tasks and animation-frame gaps.
await page.addInitScript(() => {
  const probe = { longTasks: [], maxGapMs: 0, last: 0, running: false };
  window.__responsiveness = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (probe.running) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { probe.longTaskError = String(err); }
  const frame = (now) => {
    if (probe.running && probe.last > 0) probe.maxGapMs = Math.max(probe.maxGapMs, now - probe.last);
    probe.last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
// QUERY (e.g. '?one-worker') is appended to the page's URL, for comparisons.
await page.goto(BASE_URL + (process.env.QUERY || ''));
await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
const model = await page.textContent('#model-name');
// The model's load and validation in the page (worker: read, parse, validate, prepare the explainer).
const modelLoad = await page.evaluate(() => ['model-parse', 'model-load', 'model-load-both'].map((k) => performance.getEntriesByName(`anomalyze:${k}`).at(-1)?.duration ?? NaN));
console.log(`model load + validate in the page: ${modelLoad[0].toFixed(0)} ms in the main worker's wasm (parse, validate, explainer); ${modelLoad[1].toFixed(0)} ms from asking the worker (its wasm start included) to ready, ${modelLoad[2].toFixed(0)} ms until the helper worker has it too`);
const mb = (bytes) => (bytes / 1e6).toFixed(0);
const parts = (m) => `tab process ${mb(m.rss)} MB (anonymous ${mb(m.anon)} MB, file-backed ${mb(m.file)} MB); all ${m.processes} renderer processes ${mb(m.all)} MB`;
const idle = rendererMemory();
if (tabPid === null) {
  console.error('cannot find the tab\'s renderer process (no process runs DedicatedWorker threads)');
  process.exit(1);
}
console.log(`memory with the model loaded, before the first drop: ${parts(idle)}`);

const results = [];
for (let run = 1; run <= runs; run += 1) {
  await page.evaluate(() => performance.clearMarks());
  await page.evaluate(() => Object.assign(window.__responsiveness, { longTasks: [], maxGapMs: 0, last: 0, running: true }));
  let droppedMs = 0;
  const cpu0 = rendererCpuS();
  const state = await settle(page, async () => { droppedMs = await dropFile(page, file); }, 300000);
  if (state !== 'done') {
    console.error(`run ${run}: the page ended in state ${state}: ${await page.textContent('#error')}`);
    process.exit(1);
  }
  const marks = await page.evaluate(() => ({
    summary: performance.getEntriesByName('anomalyze:summary').at(-1).startTime,
    done: performance.getEntriesByName('anomalyze:done').at(-1).startTime,
    packets: document.querySelector('#summary div:nth-child(2) dd').textContent,
    tools: document.querySelectorAll('#tools button').length,
    worker: performance.getEntriesByName('anomalyze:scored').at(-1).detail,
    progress: performance.getEntriesByName('anomalyze:progress').map((m) => m.detail),
    responsiveness: (() => {
      const p = window.__responsiveness;
      p.running = false;
      return { longestTaskMs: Math.max(0, ...p.longTasks), longTasks: p.longTasks.length, maxFrameGapMs: p.maxGapMs };
    })(),
  }));
  const cpuAnalysis = rendererCpuS() - cpu0;
  // SHAP summary on the sample.
  await page.fill('#shap-sample', String(shapSample));
  const shapStart = await page.evaluate(() => performance.now());
  const cpu1 = rendererCpuS();
  await page.click('#shap-run');
  await page.waitForFunction(() => performance.getEntriesByName('anomalyze:shap').length > 0, null, { timeout: 300000 });
  const shapEnd = await page.evaluate(() => performance.getEntriesByName('anomalyze:shap').at(-1).startTime);
  const cpuShap = rendererCpuS() - cpu1;
  // Click → waterfall, on three rows (of every packet when fewer than three are flagged: an unlabelled
  // capture of another network may have none).
  if ((await page.$$('#table tbody tr')).length < 3) {
    await page.selectOption('#row-kind', 'all');
    await page.waitForFunction(() => document.querySelectorAll('#table tbody tr').length >= 3, null, { timeout: 30000 });
  }
  const clicks = [];
  const clickParts = [];
  for (const n of [1, 2, 3]) {
    await page.evaluate(() => performance.clearMarks('anomalyze:explained'));
    await page.click(`#table tbody tr:nth-child(${n})`);
    await page.waitForFunction(() => performance.getEntriesByName('anomalyze:explained').length > 0, null, { timeout: 30000 });
    // From the click event to the painted waterfall (the page's own measure); Playwright's checks
    // before it clicks (visible, stable over two frames) are not the page's time.
    clicks.push(await page.evaluate(() => performance.getEntriesByName('anomalyze:explain').at(-1).duration));
    clickParts.push(await page.evaluate(() => ['worker', 'chart'].map((k) => performance.getEntriesByName(`anomalyze:explain-${k}`).at(-1).duration)));
  }
  const r = { summary: marks.summary - droppedMs, done: marks.done - droppedMs, shap: shapEnd - shapStart, click: Math.max(...clicks), cpuAnalysis, cpuShap, longestTask: marks.responsiveness.longestTaskMs, frameGap: marks.responsiveness.maxFrameGapMs };
  results.push(r);
  console.log(`run ${run}: drop → summary ${r.summary.toFixed(0)} ms, → every chart but SHAP ${r.done.toFixed(0)} ms, ${cpuAnalysis.toFixed(1)} CPU s (${marks.tools} tools; in the worker: read + features ${(marks.worker.total - marks.worker.scoring).toFixed(0)} ms, scoring ${marks.worker.scoring.toFixed(0)} ms); SHAP on ${shapSample} ${r.shap.toFixed(0)} ms, ${cpuShap.toFixed(1)} CPU s; click → waterfall ${clicks.map((c) => c.toFixed(0)).join('/')} ms (worker's answer ${clickParts.map((p) => p[0].toFixed(0)).join('/')} ms, chart ${clickParts.map((p) => p[1].toFixed(0)).join('/')} ms); ${marks.packets} packets; last progress: ${marks.progress.filter((p) => p.startsWith('Scoring')).at(-1)}; main thread to the charts: longest task ${r.longestTask.toFixed(0)} ms (${marks.responsiveness.longTasks} over 50 ms), longest frame gap ${r.frameGap.toFixed(0)} ms`);
}
clearInterval(sampler);
// Each worker's wasm memory at the end (it never shrinks, so this is the worker's peak heap).
const wasmMb = [];
for (const worker of page.workers()) {
  const bytes = await worker.evaluate(() => (self.wasmMemoryBytes ? self.wasmMemoryBytes() : null)).catch(() => null);
  if (bytes !== null) wasmMb.push((bytes / 1e6).toFixed(0));
}
console.log(`wasm memory per worker at the end: ${wasmMb.join(' MB, ')} MB; at the peak: ${parts(peak)}; peak of all renderers summed ${mb(peakAll)} MB`);
await close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const size = (statSync(file).size / 1e6).toFixed(1);
const m = (k) => median(results.map((r) => r[k]));
console.log(`page benchmark: ${basename(file)} (${size} MB file), model ${model} (loaded and validated in ${modelLoad[0].toFixed(0)} ms), median of ${runs}: drop → summary ${(m('summary') / 1000).toFixed(2)} s, drop → every chart but SHAP ${(m('done') / 1000).toFixed(2)} s, SHAP summary (${shapSample}) ${(m('shap') / 1000).toFixed(2)} s (${m('cpuShap').toFixed(1)} CPU s), CPU to every chart ${m('cpuAnalysis').toFixed(1)} s, click → waterfall ${m('click').toFixed(0)} ms, main thread longest task ${m('longestTask').toFixed(0)} ms / frame gap ${m('frameGap').toFixed(0)} ms; peak memory of the tab (its renderer process, page + workers) ${mb(peak.rss)} MB`);
if (log.errors.length > 0 || log.outside.length > 0) {
  console.error(`console errors: ${log.errors.join('; ')}; requests outside the origin: ${log.outside.join('; ')}`);
  process.exit(1);
}
