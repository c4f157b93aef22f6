//! Atomic output files: written under a temporary name in the target's
//! folder and renamed into place only when complete, so that a failed or
//! interrupted run never leaves half a file (nor clobbers a good one).
//! A job with several outputs first finishes them all ([`AtomicFile::finish`]),
//! then renames them all ([`Finished::persist`]). The path `-` is standard output.
//!
//! Files are not fsynced before the rename (as GDAL, xsv and pandas do not):
//! an interrupted or failed run leaves no partial file; a power cut right
//! after a run may lose its newest output, which a rerun rebuilds. The sync
//! cost about a second per gigabyte written.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, ErrorKind, Result};

enum Sink {
    File(ThreadedWriter),
    Stdout(BufWriter<std::io::Stdout>),
}

/// Chunks handed to the writing thread.
const CHUNK: usize = 1 << 20;

/// A writer whose `write` system calls run on a thread of their own: the
/// kernel's copy of a large output into the page cache (half the time of a
/// million-row geocode) overlaps with producing the next chunk. At most a
/// few chunks are in flight, so memory stays flat.
struct ThreadedWriter {
    buf: Vec<u8>,
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    handle: Option<std::thread::JoinHandle<std::io::Result<NamedTempFile>>>,
}

impl ThreadedWriter {
    fn new(mut file: NamedTempFile) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let handle = std::thread::spawn(move || {
            let mut failed = None;
            for chunk in rx {
                // After an error, drain the channel so the producer never blocks; report it at the end.
                if failed.is_none() {
                    if let Err(e) = file.write_all(&chunk) {
                        failed = Some(e);
                    }
                }
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(file),
            }
        });
        ThreadedWriter {
            buf: Vec::with_capacity(CHUNK),
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        match &self.tx {
            Some(tx) if tx.send(chunk).is_ok() => Ok(()),
            _ => Err(std::io::Error::other("the writing thread stopped")),
        }
    }

    /// Sends what is left, waits for the thread, and returns the file.
    fn into_inner(mut self) -> std::io::Result<NamedTempFile> {
        self.send()?;
        self.tx = None;
        match self.handle.take().map(|h| h.join()) {
            Some(Ok(r)) => r,
            _ => Err(std::io::Error::other("the writing thread panicked")),
        }
    }
}

impl Drop for ThreadedWriter {
    /// An abandoned output (a failed run): stop the thread and wait for it,
    /// so that its temporary file is deleted before the process exits.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Write for ThreadedWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
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
            sink: Sink::File(ThreadedWriter::new(tmp)),
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
                let tmp = w.into_inner().map_err(|e| Error::output(&path, e))?;
                // Temporary files are created private (0600); the output is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))
                        .map_err(|e| Error::output(&path, e))?;
                }
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
