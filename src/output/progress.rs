//! A progress bar on standard error for long runs (indicatif): shown only
//! when standard error is a terminal and `--quiet` is not given, so logs and
//! pipes never see it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Rows between updates: cheap enough for millions of rows.
const EVERY: u64 = 8192;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total_bytes` of input when known, else a spinner counting rows.
    pub fn new(total_bytes: Option<u64>, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = match total_bytes {
            Some(n) if n > 0 => {
                let b = ProgressBar::new(n);
                b.set_style(
                    ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                b
            }
            _ => {
                let b = ProgressBar::new_spinner();
                b.set_style(
                    ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                b
            }
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Reports `rows` read so far, `byte` the position in the input.
    pub fn tick(&self, rows: u64, byte: u64) {
        if let Some(b) = &self.bar {
            if rows.is_multiple_of(EVERY) {
                b.set_position(byte);
                b.set_message(format!("{rows} rows"));
            }
        }
    }

    /// Sets the position to `byte` with a message, now (for steps far fewer than rows).
    pub fn set(&self, byte: u64, msg: impl FnOnce() -> String) {
        if let Some(b) = &self.bar {
            b.set_position(byte);
            b.set_message(msg());
        }
    }

    /// Adds `bytes` to the position (from any thread).
    pub fn add(&self, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
        }
    }

    /// A spinner saying what a step of unknown length is doing, e.g. "drawing 1,000,000 incidents".
    pub fn step(msg: String, quiet: bool) -> Self {
        let p = Self::new(None, quiet);
        if let Some(b) = &p.bar {
            b.set_message(msg);
        }
        p
    }

    /// Clears the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
