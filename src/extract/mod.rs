//! Geoparsing news text: place mentions, resolved against the gazetteer in
//! the context of the whole document, and candidate incidents for a human
//! to review.
//!
//! The stages: [`tokens`] splits the text into words and sentences;
//! [`mentions`] finds the names and sets aside the traps; [`Extractor`]
//! resolves every mention (the unambiguous ones first, then the others in
//! the light of the document's dominant province and districts); [`events`]
//! reads dates, attack words and casualty figures, and sentences that tie a
//! place to an attack become [`CandidateIncident`]s.

pub mod events;
pub mod mentions;
pub mod tokens;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::gazetteer::Gazetteer;
use crate::geocode::phrase::{Cand, Hint, Quality};
use crate::geocode::rank::compatible;
use crate::input::dates::EventDate;
use crate::model::{Place, PlaceKind, Seat};
use mentions::Rejection;

/// The country the tool covers: places elsewhere are reported as outside.
pub const HOME_COUNTRY: &str = "PK";

/// What became of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A place in Pakistan.
    Resolved,
    /// A place outside Pakistan (Iran, Afghanistan, India, Moscow, ...).
    Outside,
    /// A name in a place context that no gazetteer has.
    Unresolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Resolved => "resolved",
            Status::Outside => "outside",
            Status::Unresolved => "unresolved",
        }
    }
}

/// A place named in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the document.
    pub start: usize,
    pub end: usize,
    /// As written.
    pub text: String,
    /// Sentence number (0-based).
    pub sentence: usize,
    /// Token range.
    pub tokens: (usize, usize),
    pub status: Status,
    /// The place chosen (an index into the gazetteer).
    pub place: Option<usize>,
    /// Confidence in the choice, 0..1.
    pub score: f64,
    /// How many places carry the name.
    pub candidates: usize,
    /// The others considered, best first: `Name (kind, district) score; ...`.
    pub alternatives: Option<String>,
    /// How the choice was made.
    pub reason: String,
}

/// A word that looks like a place and was not taken for one.
#[derive(Debug, Clone, PartialEq)]
pub struct Trap {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub why: Rejection,
}

/// A sentence that ties a place to an attack.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateIncident {
    /// Index into the document's mentions.
    pub mention: usize,
    pub sentence: usize,
    /// The sentence as written (whitespace folded).
    pub sentence_text: String,
    pub date: Option<EventDate>,
    /// The date expression as written.
    pub date_text: Option<String>,
    /// Figures given to this place (only when the sentence names one place).
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    /// Figures of the whole sentence, and what they count.
    pub sentence_killed: Option<u32>,
    pub sentence_wounded: Option<u32>,
    pub casualty_detail: String,
    /// Places the sentence ties to the event.
    pub places_in_sentence: usize,
    /// The attack words of the sentence.
    pub event_words: String,
    /// The kind of event they describe (`armed attack`, `explosion`, ...).
    pub event_type: &'static str,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub traps: Vec<Trap>,
    pub incidents: Vec<CandidateIncident>,
    /// The document's dominant province (the most unambiguous mentions).
    pub province: Option<String>,
}

/// Geoparses documents with one gazetteer.
pub struct Extractor<'g> {
    gaz: &'g Gazetteer,
    published: Option<NaiveDate>,
}

/// How prominent a kind of place is among namesakes, 0..1.
fn prominence(p: &Place) -> f64 {
    let base = match p.kind {
        PlaceKind::Country => 1.0,
        PlaceKind::Province => 0.9,
        PlaceKind::District => 0.75,
        PlaceKind::Town if p.seat >= Seat::District => 0.8,
        PlaceKind::Town => 0.55,
        PlaceKind::Village => 0.3,
        PlaceKind::Locality | PlaceKind::Landmark => 0.35,
        _ => 0.35, // the other non-settlement features (pass, dam, shrine, ...), as Landmark
    };
    let pop = p.population.map_or(0.0, |n| (n.max(1) as f64).log10() / 7.0).min(1.0);
    base + 0.2 * pop
}

/// The unit a document's context is counted in: the province in Pakistan,
/// the country elsewhere (the gazetteer has no provinces for most of the world).
fn region(p: &Place) -> String {
    match (&p.province, p.country.as_str()) {
        (Some(pr), HOME_COUNTRY) => pr.clone(),
        (_, c) => c.to_string(),
    }
}

fn quality_score(q: Quality) -> f64 {
    match q {
        Quality::Exact => 1.0,
        Quality::AltName => 0.95,
        Quality::Translit => 0.85,
        Quality::Fuzzy(s) => 0.8 * s,
    }
}

impl<'g> Extractor<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Self {
        Extractor { gaz, published: None }
    }

    /// The publication date that relative dates ("on Monday") and dates without a year count from.
    pub fn with_published(mut self, d: Option<NaiveDate>) -> Self {
        self.published = d;
        self
    }

    /// Finds, resolves and groups the places of one document.
    pub fn extract(&self, text: &str) -> Extraction {
        let gaz = self.gaz;
        let (tokens, sentences) = tokens::tokenize(text);
        // Words the text uses in lower case: a capitalised one at a sentence start is then a word, not a name.
        let lower_words: HashSet<&str> = tokens
            .iter()
            .filter(|t| !t.cap && !t.upper && !t.digit)
            .map(|t| t.norm.as_str())
            .collect();
        let mut found = Vec::new();
        for s in &sentences {
            found.extend(mentions::find(gaz, &tokens, s, &lower_words));
        }
        let mut out = Extraction::default();
        let (kept, traps): (Vec<_>, Vec<_>) = found.into_iter().partition(|f| f.rejected.is_none());
        out.traps = traps
            .into_iter()
            .map(|f| {
                let (a, b) = (tokens[f.tokens.0].start, tokens[f.tokens.1 - 1].end);
                Trap {
                    start: a,
                    end: b,
                    text: text[a..b].to_string(),
                    why: f.rejected.unwrap_or(Rejection::LongerName),
                }
            })
            .collect();

        // Pass 1: the document's context from the unambiguous mentions (one
        // candidate, or all candidates in one province).
        let mut provinces: HashMap<String, f64> = HashMap::new();
        let mut districts: HashMap<String, f64> = HashMap::new();
        for f in &kept {
            let places: Vec<&Place> = f.cands.iter().map(|c| gaz.place(c.place as usize)).collect();
            let Some(p0) = places.first() else { continue };
            if places
                .iter()
                .all(|p| p.province == p0.province && p.country == p0.country)
            {
                *provinces.entry(region(p0)).or_default() += 1.0;
                if places.iter().all(|p| p.district == p0.district) {
                    if let Some(d) = &p0.district {
                        *districts.entry(d.clone()).or_default() += 1.0;
                    }
                }
            }
        }
        let total_p: f64 = provinces.values().sum();
        let total_d: f64 = districts.values().sum();
        out.province = provinces
            .iter()
            .filter(|(k, _)| k.len() > 2)
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(k, _)| k.clone());

        // Pass 2: each mention's best candidate.
        for f in &kept {
            let (a, b) = (tokens[f.tokens.0].start, tokens[f.tokens.1 - 1].end);
            let written = text[a..b].to_string();
            let sentence = tokens[f.tokens.0].sentence;
            if f.cands.is_empty() {
                out.mentions.push(self.unknown(f, written, a, b, sentence));
                continue;
            }
            let mut scored: Vec<(f64, &Cand)> = f
                .cands
                .iter()
                .map(|c| {
                    let p = gaz.place(c.place as usize);
                    let mut s = 0.4 * quality_score(c.quality) + 0.5 * prominence(p);
                    if f.hint != Hint::None {
                        s += if f.hint.admits(p.kind) { 0.2 } else { -0.2 };
                    }
                    if total_p > 0.0 {
                        s += 0.25 * provinces.get(&region(p)).copied().unwrap_or(0.0) / total_p;
                    }
                    if let (Some(d), true) = (&p.district, total_d > 0.0) {
                        if p.kind < PlaceKind::Province {
                            s += 0.15 * districts.get(d).copied().unwrap_or(0.0) / total_d;
                        }
                    }
                    (s, c)
                })
                .collect();
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.place.cmp(&y.1.place)));
            let (best_s, best) = scored[0];
            let p = gaz.place(best.place as usize);
            // Margin over the best candidate elsewhere: namesakes far apart lower the confidence.
            let rival = scored[1..]
                .iter()
                .find(|(_, c)| !compatible(gaz, p, gaz.place(c.place as usize)))
                .map(|x| x.0);
            let score = match rival {
                Some(r) => (0.5 + (best_s - r)).clamp(0.05, 1.0),
                None => quality_score(best.quality),
            };
            let alternatives = (scored.len() > 1).then(|| {
                scored[1..]
                    .iter()
                    .take(3)
                    .map(|(s, c)| format!("{} {:.2}", gaz.place(c.place as usize).describe(), s))
                    .collect::<Vec<_>>()
                    .join("; ")
            });
            let status = if p.country == HOME_COUNTRY {
                Status::Resolved
            } else {
                Status::Outside
            };
            let mut reason = match f.cands.len() {
                1 => "the only place of that name".to_string(),
                n => format!(
                    "{n} places of that name; chose the {}{}",
                    p.kind.as_str(),
                    match (&out.province, &p.province) {
                        (Some(d), Some(pp)) if d == pp => format!(" in the document's province ({d})"),
                        _ => String::new(),
                    }
                ),
            };
            if status == Status::Outside {
                reason.push_str("; outside Pakistan");
            }
            out.mentions.push(Mention {
                start: a,
                end: b,
                text: written,
                sentence,
                tokens: f.tokens,
                status,
                place: Some(best.place as usize),
                score: (score * 100.0).round() / 100.0,
                candidates: f.cands.len(),
                alternatives,
                reason,
            });
        }
        out.incidents = self.incidents(text, &tokens, &sentences, &out.mentions);
        out
    }

    /// A name no gazetteer has, from its context: a close spelling of a
    /// place of the province when there is one, else reported unresolved.
    fn unknown(&self, f: &mentions::Found, written: String, a: usize, b: usize, sentence: usize) -> Mention {
        let gaz = self.gaz;
        let key = crate::gazetteer::normalize::translit_key(&f.gram);
        let hits: Vec<(u32, f64)> = if f.gram.is_ascii() && f.gram.len() >= 5 {
            gaz.fuzzy(&key)
                .into_iter()
                .filter(|&(p, _)| gaz.place(p as usize).country == HOME_COUNTRY)
                .collect()
        } else {
            Vec::new()
        };
        if let Some(&(p, sim)) = hits.iter().max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0))) {
            let place = gaz.place(p as usize);
            return Mention {
                start: a,
                end: b,
                text: written,
                sentence,
                tokens: f.tokens,
                status: Status::Resolved,
                place: Some(p as usize),
                score: (0.8 * sim * 100.0).round() / 100.0,
                candidates: hits.len(),
                alternatives: None,
                reason: format!("not in the gazetteer; close spelling of {}", place.describe()),
            };
        }
        Mention {
            start: a,
            end: b,
            text: written,
            sentence,
            tokens: f.tokens,
            status: Status::Unresolved,
            place: None,
            score: 0.0,
            candidates: 0,
            alternatives: None,
            reason: "a place by its context, in no gazetteer".into(),
        }
    }

    /// Sentences with an attack word and a place below country level become candidate incidents.
    fn incidents(
        &self,
        text: &str,
        tokens: &[tokens::Token],
        sentences: &[tokens::Sentence],
        mentions: &[Mention],
    ) -> Vec<CandidateIncident> {
        let gaz = self.gaz;
        let mut out = Vec::new();
        for (si, s) in sentences.iter().enumerate() {
            let (first, last) = s.tokens;
            let (words, Some(kind)) = events::attack_words(tokens, first, last) else {
                continue;
            };
            // The places of the sentence, most specific: drop countries, and a unit that contains another place named.
            let here: Vec<usize> = (0..mentions.len())
                .filter(|&m| mentions[m].sentence == si)
                .filter(|&m| mentions[m].place.is_none_or(|p| gaz.place(p).kind < PlaceKind::Country))
                .collect();
            let specific: Vec<usize> = here
                .iter()
                .copied()
                .filter(|&m| {
                    let Some(pm) = mentions[m].place.map(|p| gaz.place(p)) else {
                        return true;
                    };
                    !here.iter().any(|&o| {
                        o != m
                            && mentions[o].place.is_some_and(|po| {
                                let po = gaz.place(po);
                                po.kind < pm.kind && pm.kind.is_admin() && compatible(gaz, pm, po)
                            })
                    })
                })
                .collect();
            if specific.is_empty() {
                continue;
            }
            let dates = events::dates(tokens, first, last, self.published);
            let cas = events::casualties(tokens, first, last);
            let sentence_text = text[s.start..s.end].split_whitespace().collect::<Vec<_>>().join(" ");
            let one = specific.len() == 1;
            for &m in &specific {
                // The date: the nearest after the place and before the next place, else the nearest before.
                let pos = mentions[m].tokens.1;
                let next_place = specific
                    .iter()
                    .map(|&o| mentions[o].tokens.0)
                    .filter(|&t| t >= pos)
                    .min()
                    .unwrap_or(last);
                let date = dates
                    .iter()
                    .find(|d| d.tokens.0 >= pos && d.tokens.0 < next_place)
                    .or_else(|| dates.iter().rev().find(|d| d.tokens.1 <= mentions[m].tokens.0))
                    .or_else(|| dates.first());
                out.push(CandidateIncident {
                    mention: m,
                    sentence: si,
                    sentence_text: sentence_text.clone(),
                    date: date.and_then(|d| d.date),
                    date_text: date.map(|d| text[d.bytes.0..d.bytes.1].to_string()),
                    killed: cas.killed.filter(|_| one),
                    wounded: cas.wounded.filter(|_| one),
                    sentence_killed: cas.killed,
                    sentence_wounded: cas.wounded,
                    casualty_detail: cas.detail.clone(),
                    places_in_sentence: specific.len(),
                    event_words: words.join(";"),
                    event_type: kind.as_str(),
                });
            }
        }
        out
    }
}
