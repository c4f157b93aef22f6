//! Input readers: turn a user's file into [`Incident`](crate::model::Incident)s
//! (or, for `extract`, into a document's text).

pub mod dates;
pub mod encoding;
pub mod fuzz;
pub mod geojson;
#[cfg(feature = "columnar")]
pub mod geoparquet;
pub mod incidents;
pub mod schema;
pub mod text;
pub mod values;
