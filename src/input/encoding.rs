//! Text encodings of incident files, found without reading a file twice.
//!
//! - A BOM says UTF-8, UTF-16LE or UTF-16BE.
//! - No BOM, but a NUL in every other byte of the start: UTF-16 (LE when the
//!   NULs come second, as in `l\0o\0`), what some exports write without a BOM.
//! - Otherwise UTF-8 is assumed and checked as the file streams
//!   ([`Utf8Or1252`]): at the first byte that is not UTF-8, a file that was
//!   plain ASCII up to there is read from there on as Windows-1252 (what Excel
//!   on Windows saves; the first é may be at row 500), with a warning naming
//!   where; a file that already held UTF-8 letters is passed on as it is, and
//!   the row with the bad byte is an error that names `--encoding windows-1252`.

use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Whether the start of a file looks like UTF-16 without a BOM: NUL bytes in
/// most odd (little-endian) or most even (big-endian) positions and almost
/// none in the others. Text in Latin script stored as UTF-16 has a NUL in
/// every other byte; no CSV in an 8-bit encoding does.
///
/// ```
/// use incident_mapper::input::encoding::utf16_without_bom;
/// let le: Vec<u8> = "location\nQuetta\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
/// let be: Vec<u8> = "location\nQuetta\n".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
/// assert_eq!(utf16_without_bom(&le), Some(true));
/// assert_eq!(utf16_without_bom(&be), Some(false));
/// assert_eq!(utf16_without_bom(b"location\nQuetta\n"), None);
/// ```
pub fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let head = &head[..head.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let most = |n: usize| n * 10 >= pairs * 6;
    let few = |n: usize| n * 20 <= pairs;
    if most(odd) && few(even) {
        Some(true)
    } else if most(even) && few(odd) {
        Some(false)
    } else {
        None
    }
}

/// What [`Utf8Or1252`] found, shared with whoever reads through it.
#[derive(Debug, Clone, Default)]
pub struct Found(Arc<Mutex<Option<u64>>>);

impl Found {
    /// The byte offset from which the file was read as Windows-1252, if it was.
    pub fn switched_at(&self) -> Option<u64> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Checking that the bytes are UTF-8.
    Checking,
    /// Not UTF-8 after UTF-8 letters: bytes passed on unchanged (the CSV reader reports the row).
    Passing,
    /// Decoding Windows-1252.
    Cp1252,
}

/// A reader that passes UTF-8 through and switches to decoding Windows-1252
/// at the first byte that is not UTF-8, when everything before it was ASCII
/// (which reads the same in both).
///
/// ```
/// use std::io::Read;
/// use incident_mapper::input::encoding::Utf8Or1252;
/// let mut text = b"location\n".repeat(2000);
/// text.extend_from_slice(b"Qu\xe9tta\n");
/// let (mut r, found) = Utf8Or1252::new(&text[..]);
/// let mut s = String::new();
/// r.read_to_string(&mut s).unwrap();
/// assert!(s.ends_with("Quétta\n"));
/// assert_eq!(found.switched_at(), Some(18_002));
/// ```
pub struct Utf8Or1252<R> {
    inner: R,
    /// Raw bytes read and not yet handled (a UTF-8 sequence cut at a chunk's end).
    carry: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    non_ascii: bool,
    mode: Mode,
    offset: u64,
    found: Found,
    eof: bool,
}

impl<R: Read> Utf8Or1252<R> {
    pub fn new(inner: R) -> (Self, Found) {
        let found = Found::default();
        (
            Utf8Or1252 {
                inner,
                carry: Vec::new(),
                out: Vec::with_capacity(1 << 16),
                out_pos: 0,
                non_ascii: false,
                mode: Mode::Checking,
                offset: 0,
                found: found.clone(),
                eof: false,
            },
            found,
        )
    }

    /// Reads the next chunk into `out`; false at the end.
    fn fill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        let mut chunk = std::mem::take(&mut self.carry);
        let start = chunk.len();
        chunk.resize(start + (1 << 16), 0);
        let n = loop {
            match self.inner.read(&mut chunk[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        chunk.truncate(start + n);
        self.eof = n == 0;
        if chunk.is_empty() {
            return Ok(false);
        }
        match self.mode {
            Mode::Passing => self.out.extend_from_slice(&chunk),
            Mode::Cp1252 => decode_1252(&chunk, &mut self.out),
            Mode::Checking => match std::str::from_utf8(&chunk) {
                Ok(s) => {
                    self.non_ascii |= !s.is_ascii();
                    self.out.extend_from_slice(&chunk);
                }
                // A sequence cut at the chunk's end: keep it for the next chunk.
                Err(e) if e.error_len().is_none() && !self.eof => {
                    let p = e.valid_up_to();
                    self.non_ascii |= !chunk[..p].is_ascii();
                    self.out.extend_from_slice(&chunk[..p]);
                    self.carry = chunk[p..].to_vec();
                }
                Err(e) => {
                    let p = e.valid_up_to();
                    self.non_ascii |= !chunk[..p].is_ascii();
                    self.out.extend_from_slice(&chunk[..p]);
                    if self.non_ascii {
                        self.mode = Mode::Passing;
                        self.out.extend_from_slice(&chunk[p..]);
                    } else {
                        self.mode = Mode::Cp1252;
                        *self.found.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(self.offset + p as u64);
                        decode_1252(&chunk[p..], &mut self.out);
                    }
                }
            },
        }
        self.offset += (chunk.len() - self.carry.len()) as u64;
        Ok(true)
    }
}

fn decode_1252(bytes: &[u8], out: &mut Vec<u8>) {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    out.extend_from_slice(text.as_bytes());
}

impl<R: Read> Read for Utf8Or1252<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if (self.eof && self.carry.is_empty()) || !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], chunk: usize) -> (Vec<u8>, Option<u64>) {
        /// Hands out at most `chunk` bytes a call, to cut sequences at every place.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let (mut r, found) = Utf8Or1252::new(Trickle(bytes, chunk));
        let mut v = Vec::new();
        r.read_to_end(&mut v).unwrap();
        (v, found.switched_at())
    }

    #[test]
    fn utf8_passes_through_whatever_the_chunking() {
        let text = "location\nQuétta – Turbat\nپنجگور\n".repeat(50);
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(
                read_all(text.as_bytes(), chunk),
                (text.as_bytes().to_vec(), None),
                "{chunk}"
            );
        }
    }

    #[test]
    fn ascii_then_1252_switches_where_the_first_bad_byte_is() {
        let mut bytes = b"a,b\n".repeat(30_000);
        bytes.extend_from_slice(b"Qu\xe9tta \x96 Turbat\n");
        let (v, at) = read_all(&bytes, 5000);
        assert_eq!(at, Some(120_002));
        assert!(String::from_utf8(v).unwrap().ends_with("Quétta – Turbat\n"));
    }

    #[test]
    fn a_bad_byte_after_utf8_letters_is_passed_on_for_the_reader_to_report() {
        let bytes = b"Qu\xc3\xa9tta\nGw\xe0dar\n";
        let (v, at) = read_all(bytes, 4);
        assert_eq!((v.as_slice(), at), (&bytes[..], None));
    }
}
