// An analysis worker: holds one wasm `Analyzer` (model + scored capture) and answers requests
// { id, op, args } with { id, type: 'result', result } or { id, type: 'error', message } (the CLI's
// error text); long operations also send { id, type: 'progress', progress } (at most every 50 ms).
// The page runs two: the main one holds the capture; the helper holds only the model and scores or
// explains rows the main one hands it, so both cores work (results do not depend on the split).
import init, { install_panic_hook, inspect_capture, Analyzer } from './pkg/anomalyze.js';

const ready = init().then((wasm) => {
  install_panic_hook();
  // For the page benchmark (tests/browser/bench.mjs reads it): the size of this worker's wasm memory.
  self.wasmMemoryBytes = () => wasm.memory.buffer.byteLength;
});
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
  // `loadMs`: the time of the load itself (parse, validate, prepare the explainer), for the benchmark.
  async loadModel({ file }) {
    const bytes = await bytesOf(file);
    const started = performance.now();
    const next = new Analyzer();
    const summary = next.load_model(bytes);
    const loadMs = performance.now() - started;
    if (analyzer) analyzer.free();
    analyzer = next;
    return { summary, loadMs };
  },
  async inspect({ file }, id) {
    const bytes = await bytesOf(file);
    return inspect_capture(bytes, file.name, throttled(id));
  },
  async featurize({ file }, id) {
    const bytes = await bytesOf(file);
    return analyzer.featurize(bytes, file.name, throttled(id));
  },
  scoreRange({ start, end }) { return analyzer.score_range(start, end); },
  // `into` (optional): a buffer to fill, handed back by the helper, when it holds exactly these rows.
  featureRows({ start, end, into }) {
    if (!into) return analyzer.feature_rows(start, end);
    analyzer.feature_rows_into(start, end, into);
    return into;
  },
  // The rows' buffer goes back with the probabilities, for the next chunk.
  scoreValues({ values }) { return { probability: analyzer.score_values(values), values }; },
  setScores({ probability }) { return analyzer.set_scores(probability); },
  evaluate({ threshold, from, to }) {
    return { evaluation: analyzer.evaluate(threshold), charts: analyzer.charts(threshold, from ?? NaN, to ?? NaN) };
  },
  activity({ threshold, bins }) { return analyzer.activity(threshold, bins); },
  rows({ query, offset, limit }) { return analyzer.rows(query, offset, limit); },
  explain({ row }) { return analyzer.explain(row); },
  shapBegin({ sample, seed }) { return analyzer.shap_begin(sample, BigInt(seed)); },
  shapStep({ count, limit }) { return analyzer.shap_step(count, limit); },
  shapRows({ start, end }) { return analyzer.shap_rows(start, end); },
  shapPush({ explained }) { return analyzer.shap_push(explained); },
  explainValues({ values }) { return analyzer.explain_values(values); },
  shapSummary() { return analyzer.shap_summary(); },
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
    // Typed arrays (rows, scores), alone or as fields of the result, are moved, not copied.
    const views = ArrayBuffer.isView(result) ? [result]
      : Object.values(result && typeof result === 'object' ? result : {}).filter((v) => ArrayBuffer.isView(v));
    self.postMessage({ id, type: 'result', result }, [...new Set(views.map((v) => v.buffer))]);
  } catch (err) {
    let message = typeof err === 'string' ? err : String((err && err.message) || err);
    if (err instanceof RangeError || /memory/i.test(message)) {
      message = `The browser ran out of memory for this file (${message}). Close other tabs or use the command line (anomalyze) for captures this large.`;
    }
    self.postMessage({ id, type: 'error', message });
  }
};
