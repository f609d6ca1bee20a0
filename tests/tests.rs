//! Integration tests: one binary, a module per stage.
mod capture;
mod charts;
mod engine;
mod explain;
mod features;
mod pcap;
