//! Charts: finished view models drawn on any plotters `DrawingBackend` (canvas in the page, SVG in tests).
//!
//! Input: a view model and a theme. Output: drawing on the given area. Charts draw; they do not compute.
