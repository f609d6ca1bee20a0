//! Row times → seconds since the first packet of their capture, monotonic within a capture.
//!
//! Input: the `Time` cell of each kept row, in file order. Output: (capture index, `time_s`).
//! Policy — a backward step of at most [`REORDER_TOLERANCE_NS`] (1 s) is a packet written slightly out of
//! order (merged interfaces, timestamp jitter): it stays in the capture, its time held at the latest so far.
//! Clocks (`mm:ss.s`, `h:mm:ss.s`) have lost their hours / date, so each other step between rows is taken
//! modulo the clock's period (1 h / 24 h): a backward step is a wrap, never a new capture, and time never
//! decreases. Seconds and date-times are exact and Wireshark writes them in order within a capture, so a
//! larger backward step starts a new capture (`capture_index` + 1) whose first packet is at 0 s.
//! Rejects: cells that do not parse, and cells in another format than the file's first time.

use super::time::{parse_time, Nanos, TimeFormat, NS_PER_S};

/// Backward steps up to this size (ns) are packets out of order, not a wrap or a new capture.
pub(crate) const REORDER_TOLERANCE_NS: Nanos = NS_PER_S;

/// The state carried from row to row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline {
    /// The file's format and the line that set it.
    format: Option<(TimeFormat, u64)>,
    /// The latest parsed value (ns) so far in this capture (rows out of order do not lower it).
    previous_ns: Nanos,
    /// For seconds/date-times: the value (ns) of the current capture's first packet.
    base_ns: Nanos,
    /// For clocks: nanoseconds elapsed since the first packet.
    elapsed_ns: Nanos,
    /// Index of the current capture.
    capture_index: u32,
    /// For clocks: how many times the clock wrapped (a step back of more than the reorder tolerance).
    wraps: u64,
}

impl Timeline {
    /// How many times a clock (`mm:ss.s`, `h:mm:ss.s`) wrapped so far (always 0 for exact times).
    pub(crate) fn wraps(&self) -> u64 {
        self.wraps
    }

    /// The file's time format, once a row has set it.
    pub(crate) fn format(&self) -> Option<TimeFormat> {
        self.format.map(|(f, _)| f)
    }

    /// Places the time of a row: `Ok((capture_index, time_s))` or the reason to skip the row. `line_of`
    /// gives the row's line; it is asked only for the row that sets the file's format.
    pub(crate) fn place(
        &mut self,
        cell: &[u8],
        line_of: &mut dyn FnMut() -> u64,
    ) -> Result<(u32, f64), String> {
        let Some((format, value_ns)) = parse_time(cell) else {
            return Err(format!(
                "Time {} is not a time: expected seconds (12.345678), minutes:seconds (30:38.3), \
                 hours:minutes:seconds or a date and time (2024-12-26 10:30:38.123456)",
                super::row::quote_cell(cell)
            ));
        };
        let Some((file_format, format_line)) = self.format else {
            self.format = Some((format, line_of()));
            self.previous_ns = value_ns;
            self.base_ns = value_ns;
            return Ok((0, 0.0));
        };
        if format != file_format {
            return Err(format!(
                "Time {} is written as {}, but the file's times (from line {format_line}) are {}",
                super::row::quote_cell(cell),
                format.describe(),
                file_format.describe()
            ));
        }
        let period_ns = file_format.wrap_period_ns();
        let back_ns = match period_ns {
            Some(period_ns) => (self.previous_ns - value_ns).rem_euclid(period_ns),
            None => self.previous_ns.saturating_sub(value_ns),
        };
        if back_ns > 0 && back_ns <= REORDER_TOLERANCE_NS {
            let held_ns = if period_ns.is_some() { self.elapsed_ns } else { self.previous_ns - self.base_ns };
            return Ok((self.capture_index, held_ns as f64 / NS_PER_S as f64));
        }
        let elapsed_ns = match period_ns {
            Some(period_ns) => {
                if value_ns < self.previous_ns {
                    self.wraps += 1;
                }
                self.elapsed_ns =
                    self.elapsed_ns.saturating_add((value_ns - self.previous_ns).rem_euclid(period_ns));
                self.elapsed_ns
            }
            None => {
                if value_ns < self.previous_ns {
                    self.capture_index = self.capture_index.saturating_add(1);
                    self.base_ns = value_ns;
                }
                value_ns - self.base_ns
            }
        };
        self.previous_ns = value_ns;
        Ok((self.capture_index, elapsed_ns as f64 / NS_PER_S as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(cells: &[&str]) -> Vec<Result<(u32, f64), String>> {
        let mut timeline = Timeline::default();
        cells.iter().enumerate().map(|(i, c)| timeline.place(c.as_bytes(), &mut || i as u64 + 2)).collect()
    }

    fn ok(cells: &[&str]) -> Vec<(u32, f64)> {
        run(cells).into_iter().map(|r| r.expect("time parses")).collect()
    }

    fn close(got: &[(u32, f64)], want: &[(u32, f64)]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.0, w.0, "{got:?} vs {want:?}");
            assert!((g.1 - w.1).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn minute_clock_wraps_at_the_hour_and_stays_monotonic() {
        // The seed's block 5 → 6 boundary (59:59.6 → 00:00.1) and its block 3 → 4 step (56:25.3 → 34:35.1).
        let got = ok(&["59:58.6", "59:59.6", "00:00.1", "00:01.0"]);
        close(&got, &[(0, 0.0), (0, 1.0), (0, 1.5), (0, 2.4)]);
        let got = ok(&["56:25.3", "34:35.1"]);
        close(&got, &[(0, 0.0), (0, 3600.0 - 21.0 * 60.0 - 50.2)]);
        let mut timeline = Timeline::default();
        for cell in ["59:58.6", "59:59.6", "00:00.1", "00:00.0", "30:00.0", "10:00.0"] {
            timeline.place(cell.as_bytes(), &mut || 2).expect("time parses");
        }
        assert_eq!(
            timeline.wraps(),
            2,
            "59:59.6 → 00:00.1 and 30:00.0 → 10:00.0; 00:00.1 → 00:00.0 is reordering"
        );
    }

    #[test]
    fn small_backward_steps_are_reordering_not_wraps_or_new_captures() {
        let got = ok(&["10.0", "10.5", "10.2", "10.7", "9.6", "12.0"]);
        close(&got, &[(0, 0.0), (0, 0.5), (0, 0.5), (0, 0.7), (1, 0.0), (1, 2.4)]);
        // Across the minute clock's wrap too: 00:00.2 → 59:59.9 is 0.3 s back, not 59 min 59.7 s ahead.
        close(&ok(&["59:59.8", "00:00.2", "59:59.9", "00:00.4"]), &[(0, 0.0), (0, 0.4), (0, 0.4), (0, 0.6)]);
    }

    #[test]
    fn hour_clock_wraps_at_midnight() {
        close(&ok(&["23:59:59.5", "0:00:00.5"]), &[(0, 0.0), (0, 1.0)]);
    }

    #[test]
    fn backward_seconds_start_a_new_capture() {
        close(
            &ok(&["0.5", "1.5", "1.5", "0.000", "2.25"]),
            &[(0, 0.0), (0, 1.0), (0, 1.0), (1, 0.0), (1, 2.25)],
        );
    }

    #[test]
    fn epoch_and_date_times_count_from_the_first_packet() {
        close(&ok(&["1735209038.123456", "1735209040.000000"]), &[(0, 0.0), (0, 1.876544)]);
        close(
            &ok(&["2024-12-26 23:59:59.5", "2024-12-27 00:00:00.25", "2024-12-26 10:00:00"]),
            &[(0, 0.0), (0, 0.75), (1, 0.0)],
        );
    }

    #[test]
    fn a_row_in_another_format_is_rejected_with_the_line_that_set_the_format() {
        let got = run(&["1.0", "30:38.3"]);
        let reason = got[1].clone().expect_err("mixed formats");
        assert!(reason.contains("from line 2") && reason.contains("minutes:seconds"), "{reason}");
        assert!(run(&["soon"])[0].clone().expect_err("bad").contains("`soon` is not a time"));
    }
}
