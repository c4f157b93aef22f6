//! One file per subcommand; each is thin and calls the library stages.
//! `load` is the shared front of the drawing and counting commands.

pub mod boundaries;
pub mod chart;
pub mod count;
pub mod districts;
pub mod extract;
pub mod gazetteer;
pub mod geocode;
pub mod load;
pub mod map;
pub mod options;
pub mod run;
