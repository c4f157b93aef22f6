//! Atomic output files: written under a temporary name in the target's
//! folder and renamed into place only when complete, so that a failed or
//! interrupted run never leaves half a file (nor clobbers a good one).
//! A job with several outputs first finishes them all ([`AtomicFile::finish`]),
//! then renames them all ([`Finished::persist`]). The path `-` is standard output.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, ErrorKind, Result};

enum Sink {
    File(BufWriter<NamedTempFile>),
    Stdout(BufWriter<std::io::Stdout>),
}

/// A file being written; it appears at its path only once persisted.
pub struct AtomicFile {
    path: PathBuf,
    sink: Sink,
}

/// A complete output waiting to be renamed into place.
pub struct Finished {
    path: PathBuf,
    tmp: Option<NamedTempFile>,
}

/// True for the path that means standard output.
pub fn is_stdout(p: &Path) -> bool {
    p.as_os_str() == "-"
}

impl AtomicFile {
    /// Starts writing `path` (its folder must exist), or standard output for `-`.
    pub fn create(path: &Path) -> Result<Self> {
        if is_stdout(path) {
            let sink = Sink::Stdout(BufWriter::with_capacity(1 << 17, std::io::stdout()));
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                sink,
            });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::output(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            sink: Sink::File(BufWriter::with_capacity(1 << 17, tmp)),
        })
    }

    /// Flushes everything to the temporary file (or to standard output).
    pub fn finish(self) -> Result<Finished> {
        let path = self.path;
        match self.sink {
            Sink::Stdout(mut w) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                Ok(Finished { path, tmp: None })
            }
            Sink::File(w) => {
                let tmp = w.into_inner().map_err(|e| Error::output(&path, e.error()))?;
                // Temporary files are created private (0600); the output is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))
                        .map_err(|e| Error::output(&path, e))?;
                }
                tmp.as_file().sync_all().map_err(|e| Error::output(&path, e))?;
                Ok(Finished { path, tmp: Some(tmp) })
            }
        }
    }

    /// Finishes and renames into place at once (a job with one output).
    pub fn commit(self) -> Result<()> {
        self.finish()?.persist()
    }
}

impl Finished {
    /// Renames the finished file into place.
    pub fn persist(self) -> Result<()> {
        if let Some(tmp) = self.tmp {
            tmp.persist(&self.path)
                .map_err(|e| Error::output(&self.path, e.error))?;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::File(w) => w.write(buf),
            Sink::Stdout(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.write_all(buf),
            Sink::Stdout(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.flush(),
            Sink::Stdout(w) => w.flush(),
        }
    }
}

/// Refuses outputs that are the input itself, or the same file twice
/// (at most one of them may be standard output).
pub fn check_outputs(input: &Path, outputs: &[&Path]) -> Result<()> {
    let canon = |p: &Path| -> Option<PathBuf> {
        // The file may not exist yet: resolve its folder and keep its name.
        let abs = std::fs::canonicalize(p).ok().or_else(|| {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
        })?;
        Some(abs)
    };
    let input_abs = (!is_stdout(input)).then(|| std::fs::canonicalize(input).ok()).flatten();
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for out in outputs {
        let key = if is_stdout(out) {
            PathBuf::from("-")
        } else {
            canon(out).unwrap_or_else(|| out.to_path_buf())
        };
        if input_abs.as_ref() == Some(&key) {
            return Err(Error::new(
                ErrorKind::Output,
                format!("{}: refusing to overwrite the input file", out.display()),
            ));
        }
        if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(Error::new(
                ErrorKind::Output,
                format!("{}: named for two outputs (also {})", out.display(), other.display()),
            ));
        }
        seen.push((key, out));
    }
    Ok(())
}
