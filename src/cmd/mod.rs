//! One file per subcommand; each is thin and calls the library stages.

pub mod chart;
pub mod count;
pub mod gazetteer;
pub mod geocode;
pub mod map;
pub mod run;
