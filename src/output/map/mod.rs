//! Static maps of incidents (PNG and SVG) with plotters.
pub mod projection;
