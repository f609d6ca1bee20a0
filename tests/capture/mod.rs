//! Integration tests of capture reading: CSV dialects, containers, bad input, the seed data, tshark output.

mod dialects;
mod seed;
