// Page benchmark: drop a capture (default: the seed dataset) on the page in headless Chromium and time
// drop → summary shown and drop → charts drawn, from the page's own performance marks. Run through
// `cargo xtask bench-page [FILE]`. Prints one line per run and the median.
// Responsiveness of the main thread during each run: the longest task the browser reports
// (PerformanceObserver 'longtask', tasks over 50 ms) and the longest gap between animation frames (a
// requestAnimationFrame probe; 16.7 ms at 60 Hz when nothing blocks) from the drop to the charts.
import { statSync } from 'node:fs';
import { basename } from 'node:path';

import { BASE_URL, launch, settle, dropFile } from './harness.mjs';

const file = process.env.CAPTURE;
const runs = Number(process.env.RUNS || 5);
if (!file) {
  console.error('CAPTURE is not set; run `cargo xtask bench-page [FILE]`');
  process.exit(2);
}

const { page, log, close } = await launch();
// Installed before the page's own scripts: collects long tasks and animation-frame gaps.
await page.addInitScript(() => {
  const probe = { longTasks: [], maxGapMs: 0, last: 0, running: false };
  window.__responsiveness = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { probe.longTaskError = String(err); }
  const frame = (now) => {
    if (probe.running && probe.last > 0) probe.maxGapMs = Math.max(probe.maxGapMs, now - probe.last);
    probe.last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
await page.goto(BASE_URL);
await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20000 });

const summaries = [];
const longest = [];
const gaps = [];
const charts = [];
for (let run = 1; run <= runs; run += 1) {
  await page.evaluate(() => performance.clearMarks('anomalyze:progress'));
  await page.evaluate(() => Object.assign(window.__responsiveness, { longTasks: [], maxGapMs: 0, last: 0, running: true }));
  let droppedMs = 0;
  const state = await settle(page, async () => { droppedMs = await dropFile(page, file); }, 120000);
  if (state !== 'done') {
    console.error(`run ${run}: the page ended in state ${state}: ${await page.textContent('#error')}`);
    process.exit(1);
  }
  const marks = await page.evaluate(() => ({
    summary: performance.getEntriesByName('anomalyze:summary').at(-1).startTime,
    done: performance.getEntriesByName('anomalyze:done').at(-1).startTime,
    packets: document.querySelector('#summary div:nth-child(2) dd').textContent,
    progress: performance.getEntriesByName('anomalyze:progress').map((m) => m.detail),
    responsiveness: (() => {
      const r = window.__responsiveness;
      r.running = false;
      return { longestTaskMs: Math.max(0, ...r.longTasks), longTasks: r.longTasks.length, maxFrameGapMs: r.maxGapMs };
    })(),
  }));
  const r = marks.responsiveness;
  longest.push(r.longestTaskMs);
  gaps.push(r.maxFrameGapMs);
  summaries.push(marks.summary - droppedMs);
  charts.push(marks.done - droppedMs);
  console.log(`run ${run}: drop → summary ${(marks.summary - droppedMs).toFixed(0)} ms, → charts ${(marks.done - droppedMs).toFixed(0)} ms (${marks.packets} packets; ${marks.progress.length} progress updates, last: ${marks.progress.at(-1)}); main thread: longest task ${r.longestTaskMs.toFixed(0)} ms (${r.longTasks} over 50 ms), longest frame gap ${r.maxFrameGapMs.toFixed(0)} ms`);
}
await close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const size = (statSync(file).size / 1e6).toFixed(1);
console.log(`page benchmark: ${basename(file)} (${size} MB file), median of ${runs}: drop → summary ${(median(summaries) / 1000).toFixed(2)} s, drop → charts ${(median(charts) / 1000).toFixed(2)} s; main thread: longest task ${Math.max(...longest).toFixed(0)} ms, longest frame gap ${Math.max(...gaps).toFixed(0)} ms (worst of the runs)`);
if (log.errors.length > 0 || log.outside.length > 0) {
  console.error(`console errors: ${log.errors.join('; ')}; requests outside the origin: ${log.outside.join('; ')}`);
  process.exit(1);
}
