//! The unmatched-rows report: every row the geocoder could not resolve,
//! with the reason and the best three candidates it found, for a person to fix.

use std::io::Write;

use crate::gazetteer::Gazetteer;
use crate::model::{Candidate, Incident, Resolution};

pub const HEADER: &[&str] = &[
    "feature_id",
    "line",
    "location",
    "admin2",
    "admin1",
    "reason",
    "candidate_1",
    "score_1",
    "candidate_2",
    "score_2",
    "candidate_3",
    "score_3",
];

/// Writes the unmatched report as CSV.
pub struct UnmatchedWriter<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> UnmatchedWriter<W> {
    pub fn new(w: W) -> csv::Result<Self> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(HEADER)?;
        Ok(UnmatchedWriter { w })
    }

    /// One row: the incident, why it is unmatched, and its `suggestions`.
    pub fn write(
        &mut self,
        inc: &Incident,
        r: &Resolution,
        suggestions: &[Candidate],
        gaz: &Gazetteer,
    ) -> csv::Result<()> {
        let mut rec: Vec<String> = vec![
            inc.row.to_string(),
            inc.line.to_string(),
            inc.location.clone(),
            inc.admin2.clone().unwrap_or_default(),
            inc.admin1.clone().unwrap_or_default(),
            r.reason.clone().unwrap_or_else(|| "unresolved".into()),
        ];
        for i in 0..3 {
            match suggestions.get(i) {
                Some(c) => {
                    let p = gaz.place(c.place);
                    rec.push(format!("{} [{}] {:.5},{:.5}", p.describe(), p.id, p.lat, p.lon));
                    rec.push(c.score.to_string());
                }
                None => {
                    rec.push(String::new());
                    rec.push(String::new());
                }
            }
        }
        self.w.write_record(&rec)
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}
