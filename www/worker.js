// The analysis worker: holds one wasm `Analyzer` (model + scored capture) and answers requests
// { id, op, args } with { id, type: 'result', result } or { id, type: 'error', message } (the CLI's
// error text); long operations also send { id, type: 'progress', progress } (at most every 50 ms).
import init, { install_panic_hook, inspect_capture, Analyzer } from './pkg/anomalyze.js';

const ready = init().then(() => install_panic_hook());
let analyzer = null;

const throttled = (id) => {
  let last = 0;
  return (progress) => {
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      self.postMessage({ id, type: 'progress', progress });
    }
  };
};

async function bytesOf(file) {
  return new Uint8Array(await file.arrayBuffer());
}

const ops = {
  async loadModel({ file }) {
    const next = new Analyzer();
    const summary = next.load_model(await bytesOf(file));
    if (analyzer) analyzer.free();
    analyzer = next;
    return summary;
  },
  async inspect({ file }, id) {
    const bytes = await bytesOf(file);
    return inspect_capture(bytes, file.name, throttled(id));
  },
  async analyse({ file }, id) {
    const bytes = await bytesOf(file);
    const report = throttled(id);
    const started = performance.now();
    const rows = analyzer.featurize(bytes, file.name, report);
    // Score in chunks so the progress bar moves and reports rows per second.
    const chunk = 16384;
    const probability = new Float64Array(rows);
    const scoringStarted = performance.now();
    for (let start = 0; start < rows; start += chunk) {
      const end = Math.min(rows, start + chunk);
      probability.set(analyzer.score_range(start, end), start);
      report({ stage: 'scoring', rows_done: end, rows_total: rows, bytes_read: 0, bytes_total: null });
    }
    const summary = analyzer.set_scores(probability);
    const now = performance.now();
    return { ...summary, timings_ms: { total: now - started, scoring: now - scoringStarted } };
  },
  evaluate({ threshold, from, to }) {
    return { evaluation: analyzer.evaluate(threshold), charts: analyzer.charts(threshold, from ?? NaN, to ?? NaN) };
  },
  activity({ threshold, bins }) { return analyzer.activity(threshold, bins); },
  rows({ query, offset, limit }) { return analyzer.rows(query, offset, limit); },
  explain({ row }) { return analyzer.explain(row); },
  shap({ sample, seed }, id) {
    const total = analyzer.shap_begin(sample, BigInt(seed));
    const report = throttled(id);
    let done = 0;
    while (done < total) {
      done = analyzer.shap_step(25);
      report({ stage: 'shap', rows_done: done, rows_total: total });
    }
    return analyzer.shap_summary();
  },
  permutation({ sample, repeats, seed }, id) {
    const report = throttled(id);
    return analyzer.permutation(sample, repeats, BigInt(seed), (done, total) =>
      report({ stage: 'permutation', rows_done: done, rows_total: total }));
  },
  csv({ threshold }) {
    const bytes = analyzer.csv(threshold);
    return new Blob([bytes], { type: 'text/csv' });
  },
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    await ready;
    if (!ops[op]) throw new Error(`unknown request ${op}`);
    if (op !== 'loadModel' && op !== 'inspect' && !analyzer) throw new Error('no model is loaded; load a model first');
    const result = await ops[op](args || {}, id);
    self.postMessage({ id, type: 'result', result });
  } catch (err) {
    let message = typeof err === 'string' ? err : String((err && err.message) || err);
    if (err instanceof RangeError || /memory/i.test(message)) {
      message = `The browser ran out of memory for this file (${message}). Close other tabs or use the command line (anomalyze) for captures this large.`;
    }
    self.postMessage({ id, type: 'error', message });
  }
};
