//! Atomic output files: written under a temporary name in the target's
//! folder and renamed into place only when complete, so that a failed or
//! interrupted run never leaves half a file (nor clobbers a good one).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// A file being written; it appears at its path only on [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    inner: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path` (its folder must exist).
    pub fn create(path: &Path) -> Result<Self> {
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
            inner: BufWriter::with_capacity(1 << 17, tmp),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .inner
            .into_inner()
            .map_err(|e| Error::output(&path, e.error()))?;
        // Temporary files are created private (0600); the output is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::output(&path, e))?;
        }
        tmp.as_file().sync_all().ok();
        tmp.persist(&path)
            .map_err(|e| Error::output(&path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Refuses an output path that is the input itself.
pub fn check_not_input(output: &Path, input: &Path) -> Result<()> {
    let same = match (std::fs::canonicalize(output), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::new(
            crate::error::ErrorKind::Output,
            format!("{}: refusing to overwrite the input file", output.display()),
        ));
    }
    Ok(())
}
