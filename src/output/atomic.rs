//! Atomic output files: written under a temporary name in the target's
//! folder and renamed into place only when complete, so that a failed or
//! interrupted run never leaves half a file (nor clobbers a good one).
//! A job with several outputs first finishes them all ([`AtomicFile::finish`]),
//! then renames them all ([`Finished::persist`]). The path `-` is standard output.
//!
//! What is not a regular file is never replaced: a character or block device,
//! a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in
//! place as a stream, and a write error there (`/dev/full`: no space) fails the
//! run. A symbolic link is followed: its target is what gets written (replaced
//! atomically when it is a regular file), the link stays.
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
    /// A device, FIFO or socket, written in place.
    Stream(BufWriter<std::fs::File>),
}

/// What an output path names once symbolic links are followed.
enum Target {
    /// A regular file or a new name: write beside it and rename over it.
    Replace(PathBuf),
    /// Anything else that exists: write into it.
    InPlace(PathBuf),
}

/// Follows symbolic links (up to 40, as the kernel does) to what `path` names.
fn target_of(path: &Path) -> Result<Target> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        let meta = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Replace(p)),
            Err(e) => return Err(Error::output(path, e)),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let link = std::fs::read_link(&p).map_err(|e| Error::output(path, e))?;
            p = match p.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
            continue;
        }
        if ft.is_dir() {
            return Err(Error::new(
                ErrorKind::Output,
                format!("{}: is a directory; name a file to write", path.display()),
            ));
        }
        return Ok(if ft.is_file() {
            Target::Replace(p)
        } else {
            Target::InPlace(p)
        });
    }
    Err(Error::new(
        ErrorKind::Output,
        format!("{}: too many levels of symbolic links", path.display()),
    ))
}

/// Chunks handed to the writing thread (a multiple of [`ALIGN`]).
const CHUNK: usize = 1 << 20;

/// Chunks in flight (and so the most memory the writer holds: about `(IN_FLIGHT + 3) × HUGE`,
/// each chunk on a huge page of its own).
const IN_FLIGHT: usize = 4;

/// Alignment of chunks in memory and on disk for direct I/O (covers 512-byte and 4 KiB sectors).
const ALIGN: usize = 4096;

/// A chunk of output whose bytes start on a huge page's boundary (so also [`ALIGN`]ed): a
/// vector allocated once with room to spare, the first `off` bytes unused.
struct Chunk {
    v: Vec<u8>,
    off: usize,
}

/// A transparent huge page: chunks start on one, so that a direct write pins one page, not 256.
const HUGE: usize = 2 << 20;

impl Chunk {
    fn new() -> Self {
        // Room to start on a huge page's boundary and hold a whole huge page from there.
        let mut v: Vec<u8> = Vec::with_capacity(2 * HUGE);
        let off = (HUGE - v.as_ptr() as usize % HUGE) % HUGE;
        advise_huge(v.as_ptr().wrapping_add(off));
        v.resize(off, 0);
        Chunk { v, off }
    }
    fn bytes(&self) -> &[u8] {
        &self.v[self.off..]
    }
    fn len(&self) -> usize {
        self.v.len() - self.off
    }
    fn clear(&mut self) {
        self.v.truncate(self.off);
    }
    /// Appends as much of `data` as fits in [`CHUNK`] bytes; returns how much.
    fn fill(&mut self, data: &[u8]) -> usize {
        let n = data.len().min(CHUNK - self.len());
        self.v.extend_from_slice(&data[..n]);
        n
    }
}

/// Asks the kernel to back the huge page at `start` (a chunk's first byte) with a real one
/// (the allocator itself asks for none: `no_thp`). Direct writes from 4 KiB pages cost this
/// VM three times as much kernel time as from a huge page (1M-row geocode: 0.87 vs
/// 0.26 ms a megabyte). Only advice: without it, or elsewhere, nothing changes but the speed.
#[cfg(target_os = "linux")]
fn advise_huge(start: *const u8) {
    // SAFETY: `start` is a chunk's first byte, less than HUGE into an allocation of capacity
    // 2 * HUGE that the chunk owns, so the range lies inside it; MADV_HUGEPAGE changes no
    // contents and no permissions, and its result is only advice (ignored).
    unsafe {
        libc::madvise(start as *mut libc::c_void, HUGE, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_start: *const u8) {}

/// Writes chunks to the file. On Linux, full chunks go with `O_DIRECT`,
/// straight from the chunk to the disk, not through the page cache: on
/// virtual machines that hand freed memory back to the host (virtio
/// free-page reporting), copying a gigabyte of output into fresh page-cache
/// pages cost 0.2 to 2.7 s from run to run, direct writes 0.5 s every time;
/// and an output this size is rarely read back at once. The last, partial
/// chunk, and every write on a file system that refuses direct I/O, go
/// through the page cache as usual.
struct ChunkFile {
    file: NamedTempFile,
    direct: bool,
}

impl ChunkFile {
    fn new(file: NamedTempFile) -> Self {
        let mut f = ChunkFile { file, direct: false };
        f.direct = f.set_direct(true);
        f
    }

    #[cfg(target_os = "linux")]
    fn set_direct(&mut self, on: bool) -> bool {
        use std::os::unix::io::AsRawFd;
        let fd = self.file.as_file().as_raw_fd();
        // SAFETY: fcntl on a descriptor we own; only the O_DIRECT status flag changes.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags < 0 {
                return false;
            }
            let want = if on {
                flags | libc::O_DIRECT
            } else {
                flags & !libc::O_DIRECT
            };
            libc::fcntl(fd, libc::F_SETFL, want) == 0 && on
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn set_direct(&mut self, _on: bool) -> bool {
        false
    }

    fn write(&mut self, chunk: &Chunk) -> std::io::Result<()> {
        let mut data = chunk.bytes();
        if self.direct && data.len().is_multiple_of(ALIGN) {
            while !data.is_empty() {
                match self.file.write(data) {
                    // A short direct write would leave the file offset unaligned: finish buffered.
                    Ok(n) if n % ALIGN == 0 && n > 0 => data = &data[n..],
                    Ok(n) => {
                        data = &data[n..];
                        break;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // EINVAL: the file system takes the flag but not the write.
                    Err(_) => break,
                }
            }
        }
        if !data.is_empty() {
            if self.direct {
                self.direct = self.set_direct(false);
            }
            self.file.write_all(data)?;
        }
        Ok(())
    }
}

/// A writer whose `write` system calls run on a thread of their own: the
/// kernel's work of writing a large output overlaps with producing the next
/// chunk. At most a few chunks are in flight, so memory stays flat; written
/// chunks come back to be filled again, so the producer neither allocates
/// nor touches fresh pages per chunk.
struct ThreadedWriter {
    buf: Chunk,
    tx: Option<std::sync::mpsc::SyncSender<Chunk>>,
    spare: std::sync::mpsc::Receiver<Chunk>,
    handle: Option<std::thread::JoinHandle<std::io::Result<NamedTempFile>>>,
}

impl ThreadedWriter {
    fn new(file: NamedTempFile) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(IN_FLIGHT);
        let (back, spare) = std::sync::mpsc::sync_channel::<Chunk>(IN_FLIGHT + 1);
        let handle = std::thread::spawn(move || {
            let mut out = ChunkFile::new(file);
            let mut failed = None;
            for mut chunk in rx {
                // After an error, drain the channel so the producer never blocks; report it at the end.
                if failed.is_none() {
                    if let Err(e) = out.write(&chunk) {
                        failed = Some(e);
                    }
                }
                chunk.clear();
                let _ = back.try_send(chunk);
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(out.file),
            }
        });
        ThreadedWriter {
            buf: Chunk::new(),
            tx: Some(tx),
            spare,
            handle: Some(handle),
        }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.len() == 0 {
            return Ok(());
        }
        let next = self.spare.try_recv().unwrap_or_else(|_| Chunk::new());
        let chunk = std::mem::replace(&mut self.buf, next);
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
        let n = self.buf.fill(data);
        if self.buf.len() == CHUNK {
            self.send()?;
        }
        Ok(n)
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
#[derive(Debug)]
pub struct Finished {
    path: PathBuf,
    tmp: Option<NamedTempFile>,
}

/// A set of paths shared with the signal thread and the error report.
struct Paths(std::sync::Mutex<Vec<PathBuf>>);

impl Paths {
    const fn new() -> Self {
        Paths(std::sync::Mutex::new(Vec::new()))
    }
    fn list(&self) -> std::sync::MutexGuard<'_, Vec<PathBuf>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn add(&self, p: &Path) {
        self.list().push(p.to_path_buf());
    }
    fn remove(&self, p: &Path) {
        self.list().retain(|x| x != p);
    }
}

/// The temporary files being written, removed if the process is interrupted.
static PENDING: Paths = Paths::new();

/// On SIGINT, SIGTERM or SIGHUP (Ctrl-C, `kill`, `timeout`, a closed
/// terminal): removes every temporary output file, then exits with 128 + the
/// signal's number (130, 143, 129), as shells expect. Installed with the first
/// temporary file; a process that writes none keeps the default handling.
fn watch_signals() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                for p in PENDING.list().iter() {
                    let _ = std::fs::remove_file(p);
                }
                std::process::exit(128 + sig);
            }
        });
    });
}

/// Outputs written in place as a stream (standard output, a FIFO, a device)
/// and not finished: if the run fails, what they hold is incomplete.
static STREAMING: Paths = Paths::new();

/// The streamed outputs a failed run leaves incomplete (for its error
/// message): a stream cannot be taken back, so the run says so instead.
pub fn unfinished_streams() -> Vec<PathBuf> {
    STREAMING.list().clone()
}

/// Writes `bytes` to `path` whole: atomically for a file, in place for
/// standard output (`-`), a device or a FIFO.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if is_stdout(path) {
        return crate::output::write_stdout(bytes);
    }
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::output(path, e))?;
    f.commit()
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
            STREAMING.add(path);
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                sink,
            });
        }
        let real = match target_of(path)? {
            Target::InPlace(dev) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&dev)
                    .map_err(|e| Error::output(path, e))?;
                STREAMING.add(path);
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    sink: Sink::Stream(BufWriter::with_capacity(1 << 17, f)),
                });
            }
            Target::Replace(p) => p,
        };
        let dir = match real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The handler is in place before the file exists, and the file is created and listed under the
        // list's lock, which the handler takes too: a signal at any moment finds the file listed, or no file.
        watch_signals();
        let mut pending = PENDING.list();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::output(path, e))?;
        pending.push(tmp.path().to_path_buf());
        drop(pending);
        Ok(AtomicFile {
            path: real,
            sink: Sink::File(ThreadedWriter::new(tmp)),
        })
    }

    /// Flushes everything to the temporary file (or to standard output).
    pub fn finish(self) -> Result<Finished> {
        let path = self.path;
        match self.sink {
            Sink::Stdout(mut w) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                STREAMING.remove(&path);
                Ok(Finished { path, tmp: None })
            }
            Sink::Stream(w) => {
                // Flushed now, so that a write error (no space on /dev/full) fails the run.
                let f = w.into_inner().map_err(|e| Error::output(&path, e.into_error()))?;
                drop(f);
                STREAMING.remove(&path);
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
            let t = tmp.path().to_path_buf();
            let done = tmp.persist(&self.path).map_err(|e| Error::output(&self.path, e.error));
            PENDING.remove(&t);
            done?;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::File(w) => w.write(buf),
            Sink::Stdout(w) => w.write(buf),
            Sink::Stream(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.write_all(buf),
            Sink::Stdout(w) => w.write_all(buf),
            Sink::Stream(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File(w) => w.flush(),
            Sink::Stdout(w) => w.flush(),
            Sink::Stream(w) => w.flush(),
        }
    }
}

/// Refuses an output that is a file the command reads — INPUT, or any of
/// `reads` (`--districts`, `--gazetteer`, `--crosswalk`, `--populations`) —
/// or that two outputs name the same file (at most one may be standard
/// output). "The same file" is the same device and inode (a hard link, a
/// symlink, `./x` and `x`), or, for a file not made yet, the same canonical path.
pub fn check_outputs(input: &Path, outputs: &[&Path]) -> Result<()> {
    check_outputs_reading(&[input], outputs)
}

/// [`check_outputs`] for a command that reads several files.
pub fn check_outputs_reading(reads: &[&Path], outputs: &[&Path]) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let inode = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
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
    // Each file read: its path, canonical path and (device, inode).
    type Read<'a> = (&'a Path, Option<PathBuf>, Option<(u64, u64)>);
    let read: Vec<Read> = reads
        .iter()
        .filter(|p| !is_stdout(p))
        .map(|p| (*p, std::fs::canonicalize(p).ok(), inode(p)))
        .collect();
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for out in outputs {
        let key = if is_stdout(out) {
            PathBuf::from("-")
        } else {
            canon(out).unwrap_or_else(|| out.to_path_buf())
        };
        let out_inode = (!is_stdout(out)).then(|| inode(out)).flatten();
        if let Some((r, _, _)) = read
            .iter()
            .find(|(_, c, i)| c.as_ref() == Some(&key) || (i.is_some() && *i == out_inode))
        {
            return Err(Error::new(
                ErrorKind::Output,
                format!(
                    "{}: refusing to overwrite {}, which this command reads; name another output",
                    out.display(),
                    if r == out {
                        "that file".to_string()
                    } else {
                        r.display().to_string()
                    }
                ),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that differ at every position, so a misplaced chunk shows.
    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn chunks_are_aligned_and_never_grow() {
        let mut c = Chunk::new();
        assert_eq!(c.bytes().as_ptr() as usize % ALIGN, 0);
        let data = pattern(CHUNK + 10);
        assert_eq!(c.fill(&data), CHUNK);
        assert_eq!(c.bytes(), &data[..CHUNK]);
        assert_eq!(c.fill(b"more"), 0);
        c.clear();
        assert_eq!(c.len(), 0);
        assert_eq!(c.bytes().as_ptr() as usize % ALIGN, 0);
    }

    #[test]
    fn output_is_byte_exact_across_direct_and_buffered_writes() {
        let dir = tempfile::tempdir().unwrap();
        // Several full (direct) chunks, a flush in the middle that sends a partial
        // chunk (the rest goes buffered), writes of odd sizes throughout.
        let data = pattern(3 * CHUNK + 12_345);
        let path = dir.path().join("out.bin");
        let mut f = AtomicFile::create(&path).unwrap();
        let mut written = 0;
        for (i, piece) in data.chunks(999_983).enumerate() {
            f.write_all(piece).unwrap();
            written += piece.len();
            if i == 2 {
                f.flush().unwrap();
            }
        }
        assert_eq!(written, data.len());
        assert!(!path.exists(), "nothing at the path before commit");
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), data);

        // Exactly whole chunks, all direct.
        let data = pattern(2 * CHUNK);
        let path = dir.path().join("whole.bin");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(&data).unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), data);
    }

    #[test]
    fn an_abandoned_output_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(&pattern(CHUNK * 2 + 5)).unwrap();
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
