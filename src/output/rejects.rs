//! The rejects file: every row a command skipped under `--on-error skip`,
//! with its line, the reason, the row as written (`raw`, one CSV line), and
//! the input's columns (filled when the row has the header's field count).
//! Written atomically with the command's other outputs.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::incidents::RowError;
use crate::output::atomic::{AtomicFile, Finished};

/// Writes rejected rows as `line,reason,raw,<input columns>`.
pub struct RejectsWriter {
    path: PathBuf,
    columns: usize,
    w: csv::Writer<AtomicFile>,
    /// Rows written.
    pub rows: u64,
}

impl RejectsWriter {
    /// Starts the rejects file at `path` for an input with these `headers`.
    pub fn create(path: &Path, headers: &[String]) -> Result<Self> {
        let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
        let mut h = vec!["line".to_string(), "reason".to_string(), "raw".to_string()];
        h.extend(headers.iter().cloned());
        w.write_record(&h).map_err(|e| Error::output(path, e))?;
        Ok(RejectsWriter {
            path: path.to_path_buf(),
            columns: headers.len(),
            w,
            rows: 0,
        })
    }

    /// Writes one rejected row.
    pub fn write(&mut self, bad: &RowError) -> Result<()> {
        let mut raw = csv::Writer::from_writer(Vec::new());
        raw.write_record(&bad.raw).ok();
        let raw = String::from_utf8_lossy(&raw.into_inner().unwrap_or_default())
            .trim_end()
            .to_string();
        let mut rec = vec![bad.line.to_string(), bad.error.message.clone(), raw];
        if bad.raw.len() == self.columns {
            rec.extend(bad.raw.iter().cloned());
        } else {
            rec.resize(3 + self.columns, String::new());
        }
        self.w.write_record(&rec).map_err(|e| Error::output(&self.path, e))?;
        self.rows += 1;
        Ok(())
    }

    /// Finishes the file, to be renamed into place with the other outputs.
    pub fn finish(self) -> Result<Finished> {
        let path = self.path;
        self.w
            .into_inner()
            .map_err(|e| Error::output(&path, e.error()))?
            .finish()
    }
}
