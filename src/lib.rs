//! incident-mapper: geocode, count and map reported violent incidents.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`input`] (readers) → [`gazetteer`] and [`geocode`] (and, for news
//! text, [`extract`]) → [`boundaries`]
//! (district polygons) → [`output`] (GeoJSON, reports) → [`cmd`] (the
//! subcommands). The plain types they share are in [`model`].

pub mod boundaries;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod extract;
pub mod gazetteer;
pub mod geocode;
pub mod input;
pub mod model;
pub mod output;
