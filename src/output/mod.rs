//! Output writers: GeoJSON features, the unmatched-rows report, and the
//! atomic file handling they share.

pub mod atomic;
pub mod columnar;
pub mod csv_out;
pub mod extract_out;
pub mod geojson;
pub mod progress;
pub mod rejects;
pub mod unmatched;

/// Prints a message on standard error, one line or several, with every other
/// control character (ESC above all) escaped: messages quote input, and input
/// must never drive the user's terminal. Every message goes through here
/// (the [`say!`](crate::say) macro), errors included.
pub fn say(msg: &str) {
    use std::io::Write;
    let text: String = msg
        .split('\n')
        .map(crate::error::printable)
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// `eprintln!` through [`say`]: control characters escaped.
#[macro_export]
macro_rules! say {
    ($($t:tt)*) => { $crate::output::say(&format!($($t)*)) };
}

/// The image formats `map` and `chart` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

/// The image format an output path names by its extension (`.png`, `.svg`,
/// any case); `-` (standard output) is PNG, refused when standard output is a
/// terminal. Any other name is refused rather than given bytes its extension
/// does not promise.
///
/// ```
/// use std::path::Path;
/// use incident_mapper::output::{image_format, ImageFormat};
/// assert_eq!(image_format(Path::new("m.PNG")).unwrap(), ImageFormat::Png);
/// assert_eq!(image_format(Path::new("m.svg")).unwrap(), ImageFormat::Svg);
/// assert!(image_format(Path::new("m.jpg")).is_err());
/// assert!(image_format(Path::new("map")).is_err());
/// ```
pub fn image_format(path: &std::path::Path) -> crate::error::Result<ImageFormat> {
    if crate::output::atomic::is_stdout(path) {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() {
            return Err(crate::error::Error::new(
                crate::error::ErrorKind::Argument,
                "refusing to write a PNG to the terminal; name a file with -o OUT.png (or .svg), or redirect standard output",
            ));
        }
        return Ok(ImageFormat::Png);
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png") => Ok(ImageFormat::Png),
        Some("svg") => Ok(ImageFormat::Svg),
        other => Err(crate::error::Error::new(
            crate::error::ErrorKind::Argument,
            format!(
                "{}: cannot write {}; name the output .png or .svg",
                path.display(),
                match other {
                    Some(e) => format!("a .{e} file"),
                    None => "a file without an extension".to_string(),
                }
            ),
        )),
    }
}

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
