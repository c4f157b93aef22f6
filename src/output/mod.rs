//! Output writers: GeoJSON features, the unmatched-rows report, and the
//! atomic file handling they share.

pub mod atomic;
pub mod csv_out;
pub mod extract_out;
pub mod geojson;
pub mod progress;
pub mod unmatched;

/// Writes to standard output; a closed pipe (`| head`) ends quietly.
pub fn write_stdout(bytes: &[u8]) -> crate::error::Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(bytes).and_then(|_| o.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(crate::error::Error::new(
            crate::error::ErrorKind::Output,
            format!("stdout: {e}"),
        )),
        _ => Ok(()),
    }
}
pub mod chart;
pub mod counts;
pub mod map;
