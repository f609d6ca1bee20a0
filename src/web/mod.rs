//! The browser front end: the wasm-bindgen API the page and its worker call (the only place with web-sys).
