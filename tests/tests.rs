//! Integration tests: one binary, a module per stage.
mod capture;
mod features;
mod pcap;
