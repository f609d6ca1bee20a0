// Parses captures off the main thread: receives { id, file }, replies with progress messages and
// { id, type: 'done', result } or { id, type: 'error', message } (the CLI's error text).
import init, { install_panic_hook, inspect_capture } from './pkg/anomalyze.js';

const ready = init().then(() => install_panic_hook());

self.onmessage = async (event) => {
  const { id, file } = event.data;
  try {
    await ready;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let last = 0;
    const onProgress = (p) => {
      const now = performance.now();
      if (now - last > 50) {
        last = now;
        self.postMessage({ id, type: 'progress', progress: p, fileBytes: bytes.length });
      }
    };
    const result = inspect_capture(bytes, file.name, onProgress);
    self.postMessage({ id, type: 'done', result });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: typeof err === 'string' ? err : String(err && err.message || err) });
  }
};
