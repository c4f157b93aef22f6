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
pub mod evidence;
pub mod mentions;
pub mod tokens;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::gazetteer::lexicon::Lexicon;
use crate::gazetteer::normalize::normalize;
use crate::gazetteer::{haversine_km, Gazetteer};
use crate::geocode::evidence::prominent;
use crate::geocode::phrase::{Cand, Hint, Quality};
use crate::geocode::rank::compatible;
use crate::input::dates::EventDate;
use crate::model::{Place, PlaceKind, Seat};
use mentions::UnitFrame;
use mentions::{sorted_has, Rejection};
use tokens::{Gap, Token};

/// The country the tool covers: places elsewhere are reported as outside.
pub const HOME_COUNTRY: &str = "PK";

/// How near (km) a village must lie to a prominent place the document names
/// (or lie in a district it names) to be taken for the village meant.
pub const COHERENT_KM: f64 = 75.0;
/// What lying among the document's other places adds to a namesake's score.
const COHERENCE_BONUS: f64 = 0.3;

/// Nouns that, after "the", refer back to the place a text is about ("it stands in the town").
const ANAPHOR_NOUNS: &[&str] = &["city", "town", "valley", "village"];

/// What the text says of one found name (see [`evidence`]).
#[derive(Debug, Clone, Copy, Default)]
struct Evidence {
    /// Used as a place at all (not a person or a tribe).
    usable: bool,
    /// The text supports a place reading strongly enough for a village.
    place_like: bool,
    /// This occurrence stands in a locative frame of its own ("in X", "X area").
    framed: bool,
    /// Why not usable.
    why: Option<Rejection>,
}

/// What one resolved place says of the unit its sentence lies in (see `Extractor::sentence_units`).
enum Reading<K> {
    /// Nothing: too large a place to tell (a province for a district, the country).
    Pass,
    /// It lies in this unit.
    Unit(K),
    /// No one unit: it lies abroad, or where the unit cannot be told.
    Spoil,
}

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

impl Mention {
    /// A name in a place context that no reading of the gazetteer fits.
    fn unresolved(
        tokens: (usize, usize),
        text: String,
        (start, end): (usize, usize),
        sentence: usize,
        candidates: usize,
        reason: String,
    ) -> Self {
        Mention {
            start,
            end,
            text,
            sentence,
            tokens,
            status: Status::Unresolved,
            place: None,
            score: 0.0,
            candidates,
            alternatives: None,
            reason,
        }
    }

    /// Resolves the mention to a place of this country, with the score and the reason.
    fn put_in(&mut self, place: usize, score: f64, reason: String) {
        self.status = Status::Resolved;
        self.place = Some(place);
        self.score = score;
        self.reason = reason;
    }
}

/// Words of an address between a place and the place it lies in ("the Kunjdar area of Panjgur
/// district", "Zarpakh village near Mastung"), sorted.
const ADDRESS_WORDS: &[&str] = &[
    "area",
    "areas",
    "in",
    "locality",
    "near",
    "of",
    "region",
    "subdivision",
    "tehsil",
    "the",
    "town",
    "valley",
    "valleys",
    "village",
    "villages",
];

/// The reason of a place found by its context that no gazetteer has.
const BY_CONTEXT: &str = "a place by its context, in no gazetteer";

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
    /// How many sentences the text has.
    pub sentences: usize,
}

/// The longest text [`Extractor::extract_long`] geoparses as one document: 1 MB.
pub const WINDOW_BYTES: usize = 1 << 20;

/// Where the window of `text` starting at `at` ends: at the last paragraph
/// break (else line break, else space) before [`WINDOW_BYTES`], or the text's end.
fn window_end(text: &str, at: usize) -> usize {
    if text.len() - at <= WINDOW_BYTES {
        return text.len();
    }
    let mut limit = at + WINDOW_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let chunk = &text[at..limit];
    let cut = chunk
        .rfind("\n\n")
        .map(|i| i + 2)
        .or_else(|| chunk.rfind('\n').map(|i| i + 1))
        .or_else(|| chunk.rfind(' ').map(|i| i + 1))
        .filter(|&i| i > 0)
        .unwrap_or(chunk.len());
    at + cut
}

/// Geoparses documents with one gazetteer.
pub struct Extractor<'g> {
    gaz: &'g Gazetteer,
    published: Option<NaiveDate>,
    /// Well-known places' names, for those a text writes in lower case.
    well_known: mentions::WellKnownNames,
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

/// Whether `p` lies in the region `r` (as [`region`] names it), without allocating.
fn in_region(p: &Place, r: &str) -> bool {
    match (&p.province, p.country.as_str()) {
        (Some(pr), HOME_COUNTRY) => pr == r,
        (_, c) => c == r,
    }
}

/// The found name that starts at token `t` (the names are in text order).
fn found_at(kept: &[mentions::Found], t: usize) -> Option<usize> {
    kept.binary_search_by_key(&t, |g| g.tokens.0).ok()
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
        Extractor {
            gaz,
            published: None,
            well_known: mentions::WellKnownNames::new(gaz),
        }
    }

    /// The publication date that relative dates ("on Monday") and dates without a year count from.
    pub fn with_published(mut self, d: Option<NaiveDate>) -> Self {
        self.published = d;
        self
    }

    /// [`Extractor::extract`] on a text of any length, in bounded memory: a
    /// text longer than [`WINDOW_BYTES`] (a day's wire copy pasted into one
    /// file, a scraped archive) is read in windows cut at paragraph breaks,
    /// each geoparsed as a document of its own (its context votes are its
    /// own), and the results joined with positions in the whole text. A
    /// news article is far shorter than a window, so it is one document, as before.
    pub fn extract_long(&self, text: &str) -> Extraction {
        let mut all = Extraction::default();
        let mut votes: HashMap<String, usize> = HashMap::new();
        self.extract_windows(text, |mut x, _| {
            let m0 = all.mentions.len();
            for i in &mut x.incidents {
                i.mention += m0;
            }
            if let Some(p) = x.province.take() {
                *votes.entry(p).or_default() += 1;
            }
            all.mentions.append(&mut x.mentions);
            all.traps.append(&mut x.traps);
            all.incidents.append(&mut x.incidents);
            all.sentences += x.sentences;
        });
        all.province = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|v| v.0);
        all
    }

    /// The windows of [`Extractor::extract_long`] one at a time, so that a
    /// caller can write each before the next is read: positions and sentence
    /// numbers are the whole text's; an incident's `mention` indexes its own
    /// window's mentions. `f` also gets the bytes of text read so far.
    pub fn extract_windows(&self, text: &str, mut f: impl FnMut(Extraction, usize)) {
        let (mut at, mut sentences) = (0, 0);
        while at < text.len() || at == 0 {
            let end = window_end(text, at);
            let mut x = self.extract(&text[at..end]);
            for m in &mut x.mentions {
                m.start += at;
                m.end += at;
                m.sentence += sentences;
            }
            for t in &mut x.traps {
                t.start += at;
                t.end += at;
            }
            for i in &mut x.incidents {
                i.sentence += sentences;
            }
            sentences += x.sentences;
            f(x, end);
            if end >= text.len() {
                break;
            }
            at = end;
        }
    }

    /// Finds, resolves and groups the places of one document.
    pub fn extract(&self, text: &str) -> Extraction {
        let gaz = self.gaz;
        let (mut tokens, sentences) = tokens::tokenize(text);
        mentions::recase_names(&self.well_known, text, &mut tokens);
        let tokens = tokens;
        // Words the text uses in lower case: a capitalised one at a sentence start is then a word, not a name.
        let lower_words: HashSet<&str> = tokens
            .iter()
            .filter(|t| !t.cap && !t.upper && !t.digit)
            .map(|t| t.norm.as_str())
            .collect();
        let mut found = Vec::new();
        for s in &sentences {
            found.extend(mentions::find(gaz, text, &tokens, s, &lower_words));
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

        let ev = self.evidence(text, &tokens, &sentences, &kept, &out.traps);

        // Pass 1: the document's context from the unambiguous mentions (one
        // candidate, or all candidates in one province) that the text uses as places.
        let mut provinces: HashMap<String, f64> = HashMap::new();
        let mut districts: HashMap<String, f64> = HashMap::new();
        let mut voted: HashSet<&str> = HashSet::new();
        // Every naming of a place with one district, repeats included (see `most_named`).
        let mut named: HashMap<&str, usize> = HashMap::new();
        for (k, f) in kept.iter().enumerate() {
            // One vote a name; a village-sized name votes (half) only where
            // the text frames it as a place.
            let major = f.cands.iter().any(|c| prominent(gaz.place(c.place as usize)));
            if !ev[k].usable {
                continue;
            }
            let places: Vec<&Place> = f.cands.iter().map(|c| gaz.place(c.place as usize)).collect();
            let Some(p0) = places.first() else { continue };
            // The district all readings lie in, if one.
            let one_district = p0
                .district
                .as_deref()
                .filter(|_| places.iter().all(|p| p.district == p0.district));
            if let (true, Some(d)) = (major, one_district) {
                *named.entry(d).or_default() += 1;
            }
            if !(major || ev[k].framed) || !voted.insert(&f.gram) {
                continue;
            }
            let weight = if major { 1.0 } else { 0.5 };
            if places
                .iter()
                .all(|p| p.province == p0.province && p.country == p0.country)
            {
                *provinces.entry(region(p0)).or_default() += weight;
                if let Some(d) = one_district {
                    *districts.entry(d.to_string()).or_default() += weight;
                }
            }
        }
        let total_p: f64 = provinces.values().sum();
        let total_d: f64 = districts.values().sum();
        // The district the text is about: two votes or more, and two thirds of them.
        let about = districts
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .filter(|(_, &v)| total_d >= 2.0 && v * 3.0 >= total_d * 2.0)
            .and_then(|(d, _)| self.district_unit(d));
        // The district the text names most often (more than any other): where
        // a list of union councils or tehsils it gives belongs, when the text is
        // about no one district by the stricter measure above.
        let most_named = {
            let mut v: Vec<(&str, usize)> = named.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            match v.as_slice() {
                [(d, n), rest @ ..] if rest.first().is_none_or(|r| r.1 < *n) => self.district_unit(d),
                _ => None,
            }
        };
        out.province = provinces
            .iter()
            .filter(|(k, _)| k.len() > 2)
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(k, _)| k.clone());
        let share = |p: &Place| -> f64 { provinces.iter().find(|(r, _)| in_region(p, r)).map_or(0.0, |(_, v)| *v) };
        let raw_score = |f: &mentions::Found, c: &Cand| -> f64 {
            let p = gaz.place(c.place as usize);
            let mut s = 0.4 * quality_score(c.quality) + 0.5 * prominence(p);
            // What the words after it say it is ("X town"), else its definition ("X, a town in Y").
            let hint = match (f.hint, f.definition) {
                (Hint::None, Some(d)) => d.hint,
                (h, _) => h,
            };
            if hint != Hint::None {
                s += if hint.admits(p.kind) { 0.2 } else { -0.2 };
            }
            if total_p > 0.0 {
                s += 0.25 * share(p) / total_p;
            }
            if let (Some(d), true) = (&p.district, total_d > 0.0) {
                if p.kind < PlaceKind::Province {
                    s += 0.15 * districts.get(d).copied().unwrap_or(0.0) / total_d;
                }
            }
            s
        };
        // Each candidate's score, once.
        let cached: Vec<Vec<f64>> = kept
            .iter()
            .map(|f| f.cands.iter().map(|c| raw_score(f, c)).collect())
            .collect();
        let index_of: HashMap<*const mentions::Found, usize> =
            kept.iter().enumerate().map(|(k, f)| (f as *const _, k)).collect();
        let score_of = |f: &mentions::Found, c: &Cand| -> f64 {
            match index_of.get(&(f as *const _)) {
                Some(&k) => f
                    .cands
                    .iter()
                    .position(|x| x.place == c.place && x.quality == c.quality)
                    .map_or_else(|| raw_score(f, c), |j| cached[k][j]),
                None => raw_score(f, c),
            }
        };

        // The region (province at home, country abroad) most of the text's places are in.
        let dominant = provinces
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(k, _)| k.clone());
        // Anchors: the prominent places the text names, and the places it
        // frames as places that have one reading only; the text's other
        // places should lie among them.
        let mut anchors: Vec<(&str, &Place)> = Vec::new();
        for (k, f) in kept.iter().enumerate() {
            if !ev[k].usable || f.compound.is_some() {
                continue;
            }
            let best = f
                .cands
                .iter()
                .filter(|c| prominent(gaz.place(c.place as usize)))
                .max_by(|a, b| score_of(f, a).total_cmp(&score_of(f, b)));
            let best = best.or_else(|| {
                let p0 = gaz.place(f.cands.first()?.place as usize);
                let one = f
                    .cands
                    .iter()
                    .all(|c| gaz.place(c.place as usize).district == p0.district);
                (ev[k].framed && one && dominant.as_deref().is_some_and(|d| in_region(p0, d))).then(|| &f.cands[0])
            });
            if let Some(c) = best {
                let p = gaz.place(c.place as usize);
                if p.kind < PlaceKind::Province && p.country == HOME_COUNTRY {
                    anchors.push((f.gram.as_str(), p));
                }
            }
        }
        // One anchor per (name, place): a long text names Quetta a thousand
        // times, and checking every mention against every repeat was
        // quadratic in the text's length. `coherent` asks "any", so repeats add nothing.
        anchors.sort_by(|a, b| a.0.cmp(b.0).then((a.1 as *const Place).cmp(&(b.1 as *const Place))));
        anchors.dedup_by(|a, b| a.0 == b.0 && std::ptr::eq(a.1, b.1));
        let coherent = |gram: &str, p: &Place| -> bool {
            let mut others = anchors.iter().filter(|a| a.0 != gram).map(|a| a.1).peekable();
            if others.peek().is_none() {
                return dominant.as_deref().is_none_or(|d| in_region(p, d));
            }
            others.any(|a| {
                let same_district = match (&a.district, &p.district) {
                    (Some(x), Some(y)) => a.kind == PlaceKind::District && gaz.districts.compatible(x, y),
                    _ => false,
                };
                same_district || a.province == p.province && haversine_km(a.lat, a.lon, p.lat, p.lon) <= COHERENT_KM
            })
        };

        // "X, Y": the next name right after a comma.
        let comma_before_next = |k: usize| {
            let (end, next) = (kept[k].tokens.1, kept[k + 1].tokens.0);
            next == end && text[tokens[end - 1].end..tokens[next].start].trim() == ","
        };
        // "X area of Y", "X village in Y": a place word, then "of" or "in" — an address that says
        // X lies in Y.
        let area_of = |k: usize| {
            kept.get(k + 1).is_some_and(|y| {
                let (end, next) = (kept[k].tokens.1, y.tokens.0);
                next == end + 2
                    && sorted_has(
                        &[
                            "area", "areas", "town", "towns", "valley", "valleys", "village", "villages",
                        ],
                        &tokens[end].norm,
                    )
                    && matches!(tokens[end + 1].norm.as_str(), "of" | "in")
            })
        };
        // "X and Y areas of Z", "X, Y and W villages of Z": the names of a list before such an
        // address, each joined to the next by "and", "or" or a comma alone, all lie in Z — the
        // index of the list's last name, whose address it is.
        let list_address = |k: usize| {
            let mut j = k;
            while let Some(y) = kept.get(j + 1) {
                let (end, next) = (kept[j].tokens.1, y.tokens.0);
                let same_sentence = tokens[end - 1].sentence == tokens[next].sentence;
                let joined = same_sentence
                    && (comma_before_next(j) || next == end + 1 && matches!(tokens[end].norm.as_str(), "and" | "or"));
                if !joined {
                    break;
                }
                j += 1;
            }
            (j > k && area_of(j)).then_some(j)
        };
        let list_address: Vec<Option<usize>> = (0..kept.len()).map(list_address).collect();
        // "X in Y", "X, Y": a place followed by a prominent one that contains it.
        let container: Vec<Option<&Place>> = (0..kept.len())
            .map(|k| {
                let k = list_address[k].unwrap_or(k);
                let y = kept.get(k + 1)?;
                let (end, next) = (kept[k].tokens.1, y.tokens.0);
                let area_of = area_of(k);
                // "X Goth, Y", "X village, Y": a settlement's word, then a comma. ("X area, Y" is
                // looser: a reporter's "Hoshab area, Panjgur" names the nearest town it knows.)
                let kind_then_comma = next == end + 1
                    && sorted_has(&["colony", "goth", "village"], &tokens[end].norm)
                    && text[tokens[end].end..tokens[next].start].trim() == ",";
                // Within a sentence: "in Chattar. In Jhal Magsi, ..." puts nothing in Jhal Magsi.
                let same_sentence = tokens[end - 1].sentence == tokens[next].sentence;
                let joined = same_sentence
                    && (comma_before_next(k)
                        || next == end + 1 && tokens[end].norm == "in"
                        || area_of
                        || kind_then_comma);
                if !joined || !ev[k + 1].usable || y.compound.is_some() {
                    return None;
                }
                let best = y
                    .cands
                    .iter()
                    .filter(|c| {
                        let p = gaz.place(c.place as usize);
                        // A town abroad says which country's X is meant ("Pishin in Sarbaz county").
                        p.kind.is_admin()
                            || p.seat != Seat::None
                            || p.kind >= PlaceKind::Town && p.country != HOME_COUNTRY
                    })
                    .max_by(|a, b| score_of(y, a).total_cmp(&score_of(y, b)))?;
                Some(gaz.place(best.place as usize))
            })
            .collect();

        // "Karachi, Hyderabad and ...": a town the container's name also reads as (beside the
        // district it was taken for) makes "X, Y" two towns of a list, not an address. (Not
        // "the Khost area of Harnai district": that is an address.)
        let container_is_town: Vec<bool> = (0..kept.len())
            .map(|k| {
                container[k].is_some()
                    && list_address[k].is_none()
                    && comma_before_next(k)
                    && kept[k + 1].cands.iter().any(|c| {
                        let q = gaz.place(c.place as usize);
                        q.kind == PlaceKind::Town && prominent(q)
                    })
            })
            .collect();

        // Units of several words the text names with one reading ("Sistan and
        // Baluchestan"): a word of such a name, written alone in a spelling
        // that is not its own place's ("Baluchestan"), is that unit here.
        let units: Vec<(&str, usize)> = kept
            .iter()
            .enumerate()
            .filter(|(k, f)| ev[*k].usable && f.compound.is_none() && f.gram.contains(' ') && f.cands.len() == 1)
            .map(|(_, f)| (f.gram.as_str(), f.cands[0].place as usize))
            .filter(|&(_, i)| gaz.place(i).kind.is_admin())
            .collect();
        let unit_of = |f: &mentions::Found| -> Option<usize> {
            if f.gram.contains(' ') || f.cands.iter().any(|c| c.quality == Quality::Exact) {
                return None;
            }
            units
                .iter()
                .find(|(g, _)| g.split(' ').any(|w| w == f.gram))
                .map(|u| u.1)
        };

        // Pass 2: each mention's best candidate among those the evidence admits.
        // Point features no gazetteer has, that a sentence's other places may locate.
        let mut placeable: Vec<usize> = Vec::new();
        // Names no gazetteer has that a definition puts in a place ("X, a town in Y"): (mention, Y's first token).
        let mut defined: Vec<(usize, usize)> = Vec::new();
        // Rivers, ranges, railway lines no gazetteer has, that a sentence's places may put in a province.
        let mut extended: Vec<usize> = Vec::new();
        // Places no gazetteer has, found by their context ("in the Kunjdar area"), that an address beside them may locate.
        let mut by_context: Vec<usize> = Vec::new();
        for (k, f) in kept.iter().enumerate() {
            let (a, b) = (tokens[f.tokens.0].start, tokens[f.tokens.1 - 1].end);
            let written = text[a..b].to_string();
            let sentence = tokens[f.tokens.0].sentence;
            // A union council, mouza or tehsil lies in the district the text is
            // about; a list of them may also follow the district the text names
            // most (one unit after a designator — "village X" in a news report —
            // needs a text about one district).
            // A list that names its unit's district ("union councils of Kalat: ...") lies there.
            let listed_in = f
                .unit
                .and(f.definition)
                .and_then(|d| d.within)
                .and_then(|y| found_at(&kept, y))
                .and_then(|j| {
                    let p0 = gaz.place(kept[j].cands.first()?.place as usize);
                    let d = p0.district.as_deref()?;
                    kept[j]
                        .cands
                        .iter()
                        .all(|c| gaz.place(c.place as usize).district.as_deref() == Some(d))
                        .then(|| self.district_unit(d))
                        .flatten()
                });
            const ABOUT: &str = "the district the text is about";
            let with = |d: Option<usize>, why: &'static str| d.map(|d| (d, why));
            let unit_placed = match f.unit {
                Some(UnitFrame::List) if f.compound.is_none() => with(listed_in, "the district its list names")
                    .or(with(about, ABOUT))
                    .or(with(most_named, "the district the text names most")),
                Some(UnitFrame::Designator) if f.compound.is_none() => with(about, ABOUT),
                _ => None,
            };
            let unit_district = unit_placed.map(|u| u.0);
            if f.cands.is_empty() {
                if f.compound == Some(mentions::Compound::Point) {
                    placeable.push(out.mentions.len());
                }
                if let Some(y) = f.definition.and_then(|d| d.within) {
                    defined.push((out.mentions.len(), y));
                }
                if f.compound == Some(mentions::Compound::Extended) {
                    extended.push(out.mentions.len());
                }
                let m = self.unknown(f, written, (a, b), sentence, unit_placed.or(with(about, ABOUT)));
                // (No candidates: not taken for a close spelling.)
                if f.compound.is_none() && f.definition.and_then(|d| d.within).is_none() && m.candidates == 0 {
                    by_context.push(out.mentions.len());
                }
                out.mentions.push(m);
                continue;
            }
            let e = &ev[k];
            // The place a definition says contains it ("X, a town in Y"): the name found there.
            let defined_in = f
                .definition
                .and_then(|d| d.within)
                .and_then(|y| found_at(&kept, y))
                .filter(|&j| ev[j].usable && !kept[j].cands.is_empty() && kept[j].compound.is_none());
            if let Some(u) = unit_of(f).filter(|_| e.usable) {
                let p = gaz.place(u);
                let mut m = Mention::unresolved(f.tokens, written, (a, b), sentence, f.cands.len(), String::new());
                m.status = if p.country == HOME_COUNTRY {
                    Status::Resolved
                } else {
                    Status::Outside
                };
                m.place = Some(u);
                m.score = 0.7;
                m.reason = format!("a word of {}, which the text names, in its spelling", p.describe());
                out.mentions.push(m);
                continue;
            }
            // A unit that no gazetteer place of its name lies in the district of:
            // a namesake elsewhere ("Union Council Mirpur" in a text on Jhal Magsi) is not it.
            // The district itself: a namesake in the district it was carved from (Kalat for
            // Mastung) is another place, as far as a list of today's units goes.
            let in_unit_district =
                |p: &Place| unit_district.is_none_or(|d| p.district.is_some() && p.district == gaz.place(d).district);
            // Named as a unit of a district, a tribe's or person's name is a place's ("a union council, named Alizai").
            if !e.usable && unit_district.is_none() {
                out.traps.push(Trap {
                    start: a,
                    end: b,
                    text: written,
                    why: e.why.unwrap_or(Rejection::NoEvidence),
                });
                continue;
            }
            if let Some(d) = unit_district {
                if !f.cands.iter().any(|c| in_unit_district(gaz.place(c.place as usize))) {
                    let mut m = Mention::unresolved(f.tokens, written, (a, b), sentence, f.cands.len(), String::new());
                    let why = format!(
                        "named as a unit of a district (union council, tehsil, ...); none of the {} gazetteer place(s) of that name lies in {}, the text's district: put there",
                        f.cands.len(),
                        gaz.place(d).describe()
                    );
                    m.put_in(d, 0.5, why);
                    out.mentions.push(m);
                    continue;
                }
            }
            if let Some(c) = f.compound {
                if c == mentions::Compound::Point {
                    placeable.push(out.mentions.len());
                }
                let near = |p: &Place| coherent(&f.gram, p);
                out.mentions
                    .push(self.compound(f, c, written, (a, b), sentence, &out.province, &score_of, &near));
                continue;
            }
            // A town (a tehsil seat, a town of 10,000) whose name is no one's is a place
            // without more ado; a village-sized place needs the text's support and
            // must lie among the others.
            let lex = Lexicon::get();
            let nobodys = !lex.is_person(&f.gram) && !lex.is_tribe(&f.gram);
            // An address that says X lies in Y ("the Nasirabad area of Kech district") is met only
            // by a reading inside Y: not by another unit as large ("Nasirabad" district), nor by a
            // province abroad ("the Khost area of Harnai").
            let explicit = area_of(k) || list_address[k].is_some();
            let admitted: Vec<&Cand> = f
                .cands
                .iter()
                .filter(|c| {
                    let p = gaz.place(c.place as usize);
                    // Framed as a place, in the document's region, with one reading:
                    // far from the other places is no objection ("in the Wad area").
                    let sole = f
                        .cands
                        .iter()
                        .all(|o| gaz.place(o.place as usize).district == p.district);
                    // A spelling variant far from a text about another district is no reading of it.
                    let as_written = matches!(c.quality, Quality::Exact | Quality::AltName);
                    let plausible = as_written || about.is_none() || coherent(&f.gram, p);
                    let framed = e.framed && sole && plausible && dominant.as_deref().is_none_or(|d| in_region(p, d));
                    // Nothing short of a country lies in a town of another country ("Pishin in Sarbaz":
                    // not Balochistan's Pishin, town or district).
                    let settlements_apart = |y: &Place| {
                        y.kind < PlaceKind::District && p.kind < PlaceKind::Country && y.country != p.country
                    };
                    // A district's seat as the container names its district ("Dasht area of
                    // Mastung": a tehsil of Mastung district, 40 km from the town).
                    let seat_district = |y: &Place| {
                        matches!(y.seat, Seat::District | Seat::Province)
                            && !p.kind.is_admin()
                            && matches!((&p.district, &y.district), (Some(a), Some(b)) if gaz.districts.compatible(a, b))
                    };
                    let inside = container[k].is_none_or(|y| {
                        y.kind <= p.kind && !settlements_apart(y) && !explicit || compatible(gaz, p, y) || seat_district(y)
                    }) || container_is_town[k] && p.kind == PlaceKind::Town && prominent(p);
                    // In the place a definition names, whatever its kind ("X is a shrine in Turbat"):
                    // a reading of X that lies with no reading of that place is not it.
                    let defined = defined_in.is_none_or(|j| self.lies_in_any(p, &kept[j]));
                    let town = p.kind == PlaceKind::Town && nobodys;
                    inside
                        && defined
                        && in_unit_district(p)
                        && (prominent(p) || town || (e.place_like && (framed || coherent(&f.gram, p))))
                })
                .collect();
            if admitted.is_empty() {
                if e.place_like {
                    if let Some(j) = defined_in {
                        // Defined as lying in a place no reading of its name lies in: put there (below).
                        defined.push((out.mentions.len(), kept[j].tokens.0));
                    } else if f
                        .cands
                        .iter()
                        .all(|c| gaz.place(c.place as usize).country != HOME_COUNTRY)
                        || explicit && container[k].is_some_and(|y| y.country == HOME_COUNTRY)
                    {
                        // Only places abroad have its name ("the Khost area of Harnai district"): a
                        // place here no gazetteer has, which the address beside it may place.
                        by_context.push(out.mentions.len());
                    }
                    out.mentions.push(Mention::unresolved(
                        f.tokens,
                        written,
                        (a, b),
                        sentence,
                        f.cands.len(),
                        format!(
                            "a place by its context; the {} gazetteer place(s) of that name lie far from the document's other places",
                            f.cands.len()
                        ),
                    ));
                } else {
                    out.traps.push(Trap {
                        start: a,
                        end: b,
                        text: written,
                        why: Rejection::NoEvidence,
                    });
                }
                continue;
            }
            // A town (or a district) of the name is what the press means by it unless the text says
            // otherwise: nearness to the document's other places is no such word for a village of
            // the same name (an ACLED note lists events across the province).
            let seat_of_name = admitted.iter().any(|c| {
                let q = gaz.place(c.place as usize);
                q.country == HOME_COUNTRY && matches!(q.kind, PlaceKind::District | PlaceKind::Town)
            });
            let mut scored: Vec<(f64, &Cand)> = admitted
                .into_iter()
                .map(|c| {
                    let p = gaz.place(c.place as usize);
                    let minor = matches!(p.kind, PlaceKind::Village | PlaceKind::Locality);
                    let bonus = if coherent(&f.gram, p) && !(seat_of_name && minor) {
                        COHERENCE_BONUS
                    } else {
                        0.0
                    };
                    (score_of(f, c) + bonus, c)
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
                _ if matches!(best.quality, Quality::Fuzzy(_)) => {
                    format!("not in the gazetteer as written; close spelling of {}", p.describe())
                }
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
        self.context_places_by_address(&mut out.mentions, &by_context, &tokens);
        // Sentences that speak of "the town", "the valley", ...: of the place the text is about.
        let anaphoric: HashSet<usize> = tokens
            .windows(2)
            .filter(|w| w[0].norm == "the" && w[0].sentence == w[1].sentence && sorted_has(ANAPHOR_NOUNS, &w[1].norm))
            .map(|w| w[0].sentence)
            .collect();
        self.place_by_sentence(&mut out.mentions, &placeable, about, &anaphoric);
        self.place_by_definition(&mut out.mentions, &defined);
        self.extended_by_sentence(&mut out.mentions, &extended);
        out.mentions.sort_by_key(|m| m.start);
        out.traps.sort_by_key(|t| t.start);
        out.incidents = self.incidents(text, &tokens, &sentences, &out.mentions);
        out.sentences = sentences.len();
        out
    }

    /// Weighs, for every found name, the evidence that the text uses it as a
    /// place: frames around each occurrence, one sense per discourse, lists,
    /// and the lexicons of personal and tribal names.
    fn evidence(
        &self,
        text: &str,
        tokens: &[tokens::Token],
        sentences: &[tokens::Sentence],
        kept: &[mentions::Found],
        traps: &[Trap],
    ) -> Vec<Evidence> {
        let gaz = self.gaz;
        let lex = Lexicon::get();
        let n = kept.len();
        let bounds = |f: &mentions::Found| sentences[tokens[f.tokens.0].sentence].tokens;
        let major: Vec<bool> = kept
            .iter()
            .map(|f| f.cands.iter().any(|c| prominent(gaz.place(c.place as usize))))
            .collect();
        // "Quetta's Mariabad": a well-known place's possessive puts the name after it in that place.
        let possessed = |f: &mentions::Found| {
            let i = f.tokens.0;
            i > 0 && tokens[i - 1].possessive && (0..n).any(|j| kept[j].tokens.1 == i && major[j])
        };
        let loc: Vec<bool> = kept
            .iter()
            .map(|f| {
                let (first, last) = bounds(f);
                f.hint != Hint::None
                    || f.definition.is_some()
                    || evidence::locative(tokens, f.tokens.0, f.tokens.1, first, last)
                    || possessed(f)
                    // "Koh-e-Sulaiman": a mountain's or cape's word opens the name.
                    || f.tokens.1 > f.tokens.0 + 1 && mentions::after_feature_word(tokens, f.tokens.0, last).is_some()
                    // "the Kirthars": the plural is a range's.
                    || f.tokens.1 == f.tokens.0 + 1 && mentions::plural_range(gaz, tokens, f.tokens.0, first).is_some()
            })
            .collect();
        // A definition says the name is a place; one whose place no reading of the name lies
        // in says no reading here is it: the name is a place, but its readings are not framed.
        let misfit: Vec<bool> = (0..n)
            .map(|k| kept[k].definition.is_some() && !self.definition_fits(kept, k))
            .collect();
        // Lists: runs of names separated by commas and "and" ("12 union
        // councils: Khadkocha, Ghulam Parenz, ..."), with what the words
        // just before or after the run say it lists.
        let lists: Vec<Option<(usize, usize)>> = kept
            .iter()
            .map(|f| evidence::list_around(text, tokens, f.tokens.0, f.tokens.1))
            .collect();
        // "Iran said", "Quetta's leaders": of a country or a city, a figure of
        // speech; of a village-sized name, a person or a group — unless the name,
        // or the list it ends, is a preposition's object ("Residents of Mand and Tump said").
        let pers: Vec<bool> = (0..n)
            .map(|k| {
                let f = &kept[k];
                let (first, last) = bounds(f);
                let start = lists[k].map_or(f.tokens.0, |l| l.0);
                // ("Sources close to Raisani said": a person's or clan's name stays theirs.)
                let object = evidence::after_preposition(tokens, start, first)
                    && !lex.is_person(&f.gram)
                    && !lex.is_tribe(&f.gram);
                !major[k] && evidence::personal(tokens, f.tokens.1, last) && !object
            })
            .collect();
        let lexical: Vec<bool> = kept
            .iter()
            .map(|f| lex.is_person(&f.gram) || lex.is_tribe(&f.gram))
            .collect();
        // One sense per discourse.
        let mut loc_names: HashSet<&str> = HashSet::new();
        let mut people_names: HashSet<String> = HashSet::new();
        for (k, f) in kept.iter().enumerate() {
            if loc[k] {
                loc_names.insert(&f.gram);
            }
            if pers[k] {
                people_names.insert(f.gram.clone());
            }
        }
        for t in traps {
            if matches!(t.why, Rejection::Person | Rejection::Tribe) {
                people_names.insert(normalize(&t.text));
            }
        }
        let mut people_list: HashMap<(usize, usize), bool> = HashMap::new();
        let mut place_list: HashMap<(usize, usize), bool> = HashMap::new();
        // Lists the words around them say list places ("union councils: ..."):
        // that outweighs a name's being also a given name or a clan's.
        let mut cued_places: HashMap<(usize, usize), bool> = HashMap::new();
        for k in 0..n {
            let Some(l) = lists[k] else { continue };
            if let std::collections::hash_map::Entry::Vacant(e) = place_list.entry(l) {
                let (first, last) = bounds(&kept[k]);
                let cue = evidence::list_cue(tokens, l, first, last);
                e.insert(cue == Some(true));
                people_list.insert(l, cue == Some(false));
                cued_places.insert(l, cue == Some(true));
            }
            if pers[k] || (lexical[k] && !major[k] && !loc[k]) {
                people_list.insert(l, true);
            }
            if loc[k] || (major[k] && !lexical[k]) {
                place_list.insert(l, true);
            }
        }
        (0..n)
            .map(|k| {
                let f = &kept[k];
                let in_people_list = lists[k].is_some_and(|l| people_list[&l]);
                let in_place_list = lists[k].is_some_and(|l| place_list[&l]);
                let said_loc = loc_names.contains(f.gram.as_str());
                // "the Khosa, Jamali and Golla tribes": a word for people right after the list
                // says what its names are, a town's name among them included.
                let named_people = lists[k].is_some_and(|l| evidence::people_after(tokens, l.1, bounds(f).1));
                let people = people_names.contains(&f.gram) || (in_people_list && !in_place_list);
                let why = if lex.is_tribe(&f.gram) {
                    Rejection::Tribe
                } else {
                    Rejection::Person
                };
                if f.compound.is_some() {
                    return Evidence {
                        usable: !pers[k],
                        place_like: true,
                        framed: loc[k],
                        why: Some(why),
                    };
                }
                let cued = lists[k].is_some_and(|l| cued_places[&l]);
                let lexical = lexical[k] && !cued;
                // Named in a list of tribes, a clan's name is the clan's whatever frames it ("belong
                // to the Khosa, Jamali and Golla tribes"); a district's name there is still a place.
                let clan_listed = named_people && (lexical || !major[k]);
                // (A list the words around it say lists places outweighs the name's use of a
                // person elsewhere: "the tehsils include Wadh, Nal and Zehri" beside "Sanaullah Zehri".)
                if (people && !loc[k] && !major[k] && !cued)
                    || (lexical && !said_loc && !major[k])
                    || pers[k]
                    || clan_listed
                {
                    return Evidence {
                        usable: false,
                        place_like: false,
                        framed: false,
                        why: Some(why),
                    };
                }
                Evidence {
                    usable: true,
                    place_like: said_loc || (in_place_list && !lexical),
                    framed: loc[k] && !misfit[k],
                    why: None,
                }
            })
            .collect()
    }

    /// A feature named after a place ("Kech River", "Quetta-Taftan Highway",
    /// "Spezand Junction") that no gazetteer has: one that runs through
    /// several districts stands for the province of the place it is named
    /// after; a point feature for that place, when it is a prominent one or
    /// the only one of its name among the document's other places.
    #[allow(clippy::too_many_arguments)]
    fn compound(
        &self,
        f: &mentions::Found,
        kind: mentions::Compound,
        written: String,
        (a, b): (usize, usize),
        sentence: usize,
        doc_province: &Option<String>,
        score_of: &dyn Fn(&mentions::Found, &Cand) -> f64,
        near_others: &dyn Fn(&Place) -> bool,
    ) -> Mention {
        let gaz = self.gaz;
        let mut cands: Vec<&Cand> = f.cands.iter().collect();
        cands.sort_by(|x, y| score_of(f, y).total_cmp(&score_of(f, x)).then(x.place.cmp(&y.place)));
        let mut m = Mention::unresolved(f.tokens, written, (a, b), sentence, f.cands.len(), String::new());
        match kind {
            mentions::Compound::Extended => {
                // Named after a district alone ("Chagai Hills", "Kech River"): such
                // a feature lies mostly in that district — the district, at its precision.
                let rest = normalize(&m.text);
                let only_feature_words = rest
                    .strip_prefix(f.gram.as_str())
                    .is_some_and(|r| r.split_whitespace().all(mentions::is_feature_word));
                let district = cands.iter().find(|c| {
                    let p = gaz.place(c.place as usize);
                    p.kind == PlaceKind::District && p.country == HOME_COUNTRY
                });
                if let Some(c) = district.filter(|_| only_feature_words) {
                    let p = gaz.place(c.place as usize);
                    m.put_in(
                        c.place as usize,
                        0.6,
                        format!("a feature named after {}, which it lies mostly in", p.describe()),
                    );
                    return m;
                }
                // A road between two places lies in the province of the text where either end
                // does ("the Karachi-Quetta highway" in a text about Balochistan).
                let in_doc_province =
                    |c: &&Cand| doc_province.is_some() && gaz.place(c.place as usize).province == *doc_province;
                let other_end: Vec<Cand> = rest
                    .strip_prefix(f.gram.as_str())
                    .map(|r| mentions::road_end(gaz, &r.split_whitespace().collect::<Vec<_>>()))
                    .unwrap_or_default();
                let named = cands
                    .iter()
                    .copied()
                    .find(in_doc_province)
                    .or(other_end.iter().find(in_doc_province))
                    .or(cands.first().copied());
                let Some(c) = named else { return m };
                let p = gaz.place(c.place as usize);
                // Both ends in one district ("the Washuk-Besima road"): the road lies in it.
                let first_end: Vec<&str> = cands
                    .iter()
                    .filter_map(|c| gaz.place(c.place as usize).district.as_deref())
                    .collect();
                let one_district = other_end
                    .iter()
                    .filter_map(|o| gaz.place(o.place as usize).district.as_deref())
                    .find(|d| first_end.contains(d));
                if let Some(i) = one_district.and_then(|d| self.district_unit(d)) {
                    m.put_in(
                        i,
                        0.6,
                        format!("a road between two places of {} district", gaz.place(i).name),
                    );
                    return m;
                }
                let province = p.province.as_deref().and_then(|pr| {
                    gaz.by_name(&normalize(pr))
                        .iter()
                        .map(|r| r.place as usize)
                        .find(|&i| gaz.place(i).kind == PlaceKind::Province && gaz.place(i).country == p.country)
                });
                match (province, p.country == HOME_COUNTRY) {
                    (Some(i), true) => {
                        m.put_in(
                            i,
                            0.6,
                            format!(
                                "a feature that runs through several districts, named after {}",
                                p.describe()
                            ),
                        );
                    }
                    _ => {
                        m.status = if p.country == HOME_COUNTRY {
                            Status::Unresolved
                        } else {
                            Status::Outside
                        };
                        m.place = (p.country != HOME_COUNTRY).then_some(c.place as usize);
                        m.score = 0.5;
                        m.reason = format!("a feature named after {}", p.describe());
                    }
                }
            }
            mentions::Compound::Point => {
                // The place it is named after: a prominent one, or the only
                // one of that name near the document's other places — a minor place as its
                // name is written, not a spelling variant of it, and not a person's name
                // ("Jinnah Road" is named after the man, not a village "China" whose
                // alternate names include "Jaina").
                let lex = Lexicon::get();
                let person = lex.is_person(&f.gram) || lex.is_tribe(&f.gram);
                let near: Vec<&&Cand> = cands
                    .iter()
                    .filter(|c| near_others(gaz.place(c.place as usize)))
                    .filter(|c| !person && matches!(c.quality, Quality::Exact | Quality::AltName))
                    .collect();
                // Near ones in one district are one answer at the district's level.
                let one_district = near.first().is_some_and(|first| {
                    let d = &gaz.place(first.place as usize).district;
                    d.is_some() && near.iter().all(|c| gaz.place(c.place as usize).district == *d)
                });
                // Or a town, the only place of its name, that is nobody's name ("Koh-e-Taftan").
                let sole_town = cands.len() == 1
                    && gaz.place(cands[0].place as usize).kind == PlaceKind::Town
                    && !lex.is_person(&f.gram)
                    && !lex.is_tribe(&f.gram);
                let named = cands
                    .iter()
                    .find(|c| prominent(gaz.place(c.place as usize)))
                    .or_else(|| one_district.then(|| near[0]))
                    .or_else(|| sole_town.then(|| &cands[0]));
                if let Some(c) = named {
                    let p = gaz.place(c.place as usize);
                    m.status = if p.country == HOME_COUNTRY {
                        Status::Resolved
                    } else {
                        Status::Outside
                    };
                    m.place = Some(c.place as usize);
                    m.score = 0.6;
                    m.reason = format!("a feature in or near {}, which it is named after", p.describe());
                } else {
                    m.reason = "a feature no gazetteer has, named after a person or a minor place".into();
                }
            }
        }
        m
    }

    /// A name no gazetteer has, from its context: a close spelling of a
    /// place of the province when there is one, else reported unresolved.
    ///
    /// With no close spelling, in a text about one district (`about`), the
    /// place is put in that district at the district's precision, as a coder
    /// does with a village no gazetteer has.
    ///
    /// A range, river or railway no gazetteer has ("Kheerthar range") is
    /// left unresolved here: the famous ones the gazetteer lacks lie elsewhere
    /// ("Indus River", "Thar Desert"), so the text's province is no answer —
    /// only its sentence's places may say which province it is in
    /// ([`Extractor::extended_by_sentence`]).
    fn unknown(
        &self,
        f: &mentions::Found,
        written: String,
        (a, b): (usize, usize),
        sentence: usize,
        about: Option<(usize, &str)>,
    ) -> Mention {
        let gaz = self.gaz;
        if f.compound == Some(mentions::Compound::Extended) {
            // Famous ones lie elsewhere ("Indus River", "Thar Desert"): no guess — unless its
            // name says which province of this country it runs through ("Trans-Baluchistan
            // Railway").
            let why = "a feature that runs through several districts, in no gazetteer".into();
            let mut m = Mention::unresolved(f.tokens, written, (a, b), sentence, 0, why);
            // A route named by number that runs through the province ("the N-25").
            let words: Vec<&str> = f.gram.split(' ').collect();
            let route =
                crate::gazetteer::lexicon::route_at(&words, 0).filter(|(_, k)| Lexicon::get().routes.contains(k));
            if route.is_some() {
                let focus = crate::geocode::phrase::province_cands(gaz, crate::geocode::phrase::FOCUS_PROVINCE);
                if let Some(c) = focus.first() {
                    let why = format!(
                        "a national highway or railway main line that runs through {}",
                        crate::geocode::phrase::FOCUS_PROVINCE
                    );
                    m.put_in(c.place as usize, 0.6, why);
                    return m;
                }
            }
            let province = f.gram.split(' ').find_map(|w| {
                gaz.by_name(w).iter().map(|r| r.place as usize).find(|&u| {
                    let q = gaz.place(u);
                    q.kind == PlaceKind::Province && q.country == HOME_COUNTRY
                })
            });
            if let Some(u) = province {
                let why = format!(
                    "a feature that runs through several districts, named after {}",
                    gaz.place(u).describe()
                );
                m.put_in(u, 0.6, why);
            }
            return m;
        }
        let key = crate::gazetteer::normalize::translit_key(&f.gram);
        // A unit of the text's district is put there, not matched to a spelling elsewhere.
        let unit = f.unit.is_some() && about.is_some();
        // A person's or a tribe's name spelled like a place is the person's ("Dost Muhammad" is no Usta Muhammad).
        let lex = Lexicon::get();
        let nobodys = !lex.is_person(&f.gram) && !lex.is_tribe(&f.gram);
        let hits: Vec<(u32, f64)> = if f.gram.is_ascii() && f.gram.len() >= 5 && !unit && nobodys {
            // A misspelling is taken for a prominent place, or for a village
            // only when long and close: nonsense is one edit from some village.
            gaz.fuzzy(&key)
                .into_iter()
                .filter(|&(p, sim)| {
                    let pl = gaz.place(p as usize);
                    // A village's close spelling counts only in the district the text is about, if any.
                    let in_about = about.is_none_or(|(d, _)| self.in_district(pl, d));
                    // A prominent place's slip is in the vowels ("Kalmat" is no Kalat).
                    pl.country == HOME_COUNTRY
                        && (prominent(pl) && mentions::spelt_like(&key, pl)
                            || sim >= 0.85 && f.gram.len() >= 8 && in_about)
                })
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
        let mut m = Mention::unresolved(f.tokens, written, (a, b), sentence, 0, BY_CONTEXT.into());
        if let Some((d, whose)) = about {
            let why = format!("{BY_CONTEXT}; put in {}, {whose}", gaz.place(d).describe());
            m.put_in(d, 0.5, why);
        }
        m
    }

    /// Whether `p` lies with some reading of the name `y` that a definition says contains it
    /// ("X is a shrine in Turbat"): in a compatible district (or, where a district is not
    /// known, within [`COHERENT_KM`]).
    fn lies_in_any(&self, p: &Place, y: &mentions::Found) -> bool {
        let gaz = self.gaz;
        y.cands.iter().any(|c| {
            let y = gaz.place(c.place as usize);
            match (&p.district, &y.district) {
                _ if p.kind.is_admin() || y.kind.is_admin() => compatible(gaz, p, y),
                (Some(a), Some(b)) => gaz.districts.compatible(a, b),
                _ => haversine_km(p.lat, p.lon, y.lat, y.lon) <= COHERENT_KM,
            }
        })
    }

    /// Whether the definition after a found name (if any) fits its readings: it names no
    /// containing place, or one the gazetteer does not have, or a feature named after a place,
    /// or one that some reading of the name lies in ("Baghdadi, a neighbourhood of Lyari": a
    /// Baghdadi far from every Lyari is not supported).
    fn definition_fits(&self, kept: &[mentions::Found], k: usize) -> bool {
        let f = &kept[k];
        let Some(d) = f.definition else { return false };
        let Some(y) = d.within.and_then(|y| found_at(kept, y)).map(|j| &kept[j]) else {
            return true;
        };
        // A feature named after a place ("lies in the Kachhi plain") contains nothing a district does.
        f.cands.is_empty()
            || y.compound.is_some()
            || y.cands.is_empty()
            || f.cands
                .iter()
                .any(|c| self.lies_in_any(self.gaz.place(c.place as usize), y))
    }

    /// Whether `p` lies in the district of the gazetteer's district unit `d`
    /// (or a district that is one with it: see `DistrictTable::compatible`).
    fn in_district(&self, p: &Place, d: usize) -> bool {
        matches!((&p.district, &self.gaz.place(d).district), (Some(x), Some(y)) if self.gaz.districts.compatible(x, y))
    }

    /// The gazetteer's district unit of a district name.
    fn district_unit(&self, d: &str) -> Option<usize> {
        let gaz = self.gaz;
        gaz.by_name(&normalize(d))
            .iter()
            .map(|r| r.place as usize)
            .find(|&i| gaz.place(i).kind == PlaceKind::District && gaz.place(i).district.as_deref() == Some(d))
    }

    /// A place no gazetteer has, found by its context, written as lying in or near a place of
    /// this country the sentence names right beside it — "the Kunjdar area of Panjgur district",
    /// "Zarpakh village near Mastung", "Tolabad village, Kech", "Panjgur's Kunjdar area": in that place's
    /// district, at the district's precision (the writer's own address outranks the district the
    /// whole text is about, where that had put it). Only address words may stand between
    /// ("area", "village", "of", "in", "near", a comma); "seized Zarkhunabad and attacked
    /// Turbat" says nothing of where Zarkhunabad is.
    fn context_places_by_address(&self, mentions: &mut [Mention], by_context: &[usize], tokens: &[Token]) {
        if by_context.is_empty() {
            return;
        }
        let gaz = self.gaz;
        let district_of = |m: &Mention| -> Option<usize> {
            let p = gaz.place(m.place?);
            if m.status != Status::Resolved
                || m.candidates == 0
                || p.kind > PlaceKind::District
                || p.country != HOME_COUNTRY
            {
                return None;
            }
            self.district_unit(p.district.as_deref()?)
        };
        // The mentions in the order of their words: a name's neighbours are the ones beside it.
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&k| mentions[k].tokens.0);
        for &i in by_context {
            let (start, end) = mentions[i].tokens;
            let sentence = mentions[i].sentence;
            let at = order
                .binary_search_by_key(&start, |&k| mentions[k].tokens.0)
                .unwrap_or_else(|e| e);
            let beside = |k: Option<&usize>| k.map(|&k| &mentions[k]).filter(|m| m.sentence == sentence);
            // Past the other names of a list it begins or continues ("the Kunjdar and Tolabad areas
            // of Panjgur"): the list's address is each name's.
            let (mut next, mut end) = (at + 1, end);
            while let Some(m) = beside(order.get(next)).filter(|m| {
                let between = &tokens[end..m.tokens.0];
                let marks = tokens[end..=m.tokens.0].iter().filter(|t| t.gap == Gap::Punct).count();
                marks <= 1 && between.len() == 1 && matches!(between[0].norm.as_str(), "and" | "or")
            }) {
                end = m.tokens.1;
                next += 1;
            }
            // The container after it: address words only, and at most one mark of punctuation
            // (the comma of "the Kunjdar area, Panjgur district"; a bracket, "Kunjdar (Panjgur)").
            // "Near Quetta" may be in the next district: less sure than "of Panjgur district".
            let after = beside(order.get(next)).and_then(|m| {
                let between = &tokens[end..m.tokens.0];
                let marks = tokens[end..=m.tokens.0].iter().filter(|t| t.gap == Gap::Punct).count();
                let address = marks <= 1 && between.iter().all(|t| sorted_has(ADDRESS_WORDS, &t.norm));
                address.then(|| (m, between.iter().any(|t| t.norm == "near")))
            });
            // Or right before it, with a possessive ("Panjgur's Kunjdar area", "Kech district's Tolabad village").
            let before = beside(at.checked_sub(1).and_then(|b| order.get(b))).filter(|m| {
                let last = &tokens[start - 1];
                (m.tokens.1 == start && last.possessive)
                    || (m.tokens.1 + 1 == start && last.possessive && sorted_has(&["district", "tehsil"], &last.norm))
            });
            let Some((m, near, d)) = after
                .or(before.map(|m| (m, false)))
                .and_then(|(m, near)| Some((m, near, district_of(m)?)))
            else {
                continue;
            };
            let why = format!(
                "{BY_CONTEXT}; put in {}, as written beside {}",
                gaz.place(d).describe(),
                m.text
            );
            mentions[i].put_in(d, if near { 0.4 } else { 0.5 }, why);
        }
    }

    /// A stadium, residency, gas field or other built point feature (not a
    /// hill, lake or pass: [`mentions::is_natural`]) that no gazetteer has, named after a person or a minor place, still
    /// unresolved, in a sentence whose resolved places all lie in one district
    /// of this country: in that district, at the district's precision — the
    /// sentence's own coherence, where the whole text names no one district.
    /// In a sentence that names no place at all ("the stadium stands in the
    /// town"), `text_district`: the district the text is about, if any (not
    /// merely the one it names most: a famous feature elsewhere, "D-Chowk", is
    /// named in texts about other districts).
    /// (A town no gazetteer has, "the town of X", may lie anywhere: it stays
    /// unresolved unless the whole text is about one district.)
    ///
    /// A sentence that says where the feature is only by "the town", "the city" or "the
    /// valley" ("the stadium stands in the town") speaks of the place the text names most:
    /// the feature goes to the district of most of the text's resolved mentions, when the
    /// sentence names no other place.
    fn place_by_sentence(
        &self,
        mentions: &mut [Mention],
        placeable: &[usize],
        text_district: Option<usize>,
        anaphoric: &HashSet<usize>,
    ) {
        if placeable.is_empty() {
            return;
        }
        let gaz = self.gaz;
        // The district the text's resolved mentions lie in most often (more than any other),
        // wanted only where a sentence says "the town".
        let most_named = if anaphoric.is_empty() {
            None
        } else {
            let mut n: HashMap<&str, usize> = HashMap::new();
            for m in mentions.iter().filter(|m| m.status == Status::Resolved) {
                let p = m.place.map(|p| gaz.place(p));
                if let Some(d) = p
                    .filter(|p| p.kind <= PlaceKind::District)
                    .and_then(|p| p.district.as_deref())
                {
                    *n.entry(d).or_default() += 1;
                }
            }
            let mut v: Vec<(&str, usize)> = n.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            match v.as_slice() {
                [(d, k), rest @ ..] if rest.first().is_none_or(|r| r.1 < *k) => self.district_unit(d),
                _ => None,
            }
        };
        let wanted = placeable.iter().map(|&i| mentions[i].sentence);
        let units = self.sentence_units(mentions, wanted, |p| match p.district.as_deref() {
            _ if p.kind > PlaceKind::District => Reading::Pass,
            Some(d) => self.district_unit(d).map_or(Reading::Spoil, Reading::Unit),
            None => Reading::Spoil,
        });
        let placed: HashSet<usize> = mentions
            .iter()
            .filter(|m| m.status != Status::Unresolved)
            .map(|m| m.sentence)
            .collect();
        for &i in placeable {
            if mentions[i].status != Status::Unresolved || mentions::is_natural(&mentions[i].text) {
                continue;
            }
            let sentence = mentions[i].sentence;
            if let Some(d) = units[&sentence] {
                let why = format!(
                    "a feature no gazetteer has; put in {}, where the sentence's other places lie",
                    gaz.place(d).describe()
                );
                mentions[i].put_in(d, 0.4, why);
            } else if let Some(d) = text_district.filter(|_| !placed.contains(&sentence)) {
                let why = format!(
                    "a feature no gazetteer has, in a sentence that names no place; put in {}, the district the text is about",
                    gaz.place(d).describe()
                );
                mentions[i].put_in(d, 0.4, why);
            } else if let Some(d) = most_named.filter(|_| !placed.contains(&sentence) && anaphoric.contains(&sentence))
            {
                let why = format!(
                    "a feature no gazetteer has, in a sentence that places it only in \"the town\" or the like; put in {}, the district the text names most",
                    gaz.place(d).describe()
                );
                mentions[i].put_in(d, 0.4, why);
            }
        }
    }

    /// For each sentence of `wanted`, the one unit (a district, a province) that all its
    /// resolved places of this country lie in, as `unit` reads each place; `None` where there is
    /// none, or a place abroad ("Zarnigar Park in Kabul, a day after Quetta"), a place `unit`
    /// cannot read, or two units. One pass over the mentions.
    fn sentence_units<K: Copy + PartialEq>(
        &self,
        mentions: &[Mention],
        wanted: impl IntoIterator<Item = usize>,
        unit: impl Fn(&'g Place) -> Reading<K>,
    ) -> HashMap<usize, Option<K>> {
        // Per sentence: Some(None) no unit yet, Some(Some(k)) one unit, None spoiled.
        let mut state: HashMap<usize, Option<Option<K>>> = wanted.into_iter().map(|s| (s, Some(None))).collect();
        for m in mentions.iter().filter(|m| m.status != Status::Unresolved) {
            let (Some(v), Some(p)) = (state.get_mut(&m.sentence), m.place.map(|p| self.gaz.place(p))) else {
                continue;
            };
            let reading = if m.status == Status::Outside || p.country != HOME_COUNTRY {
                Reading::Spoil
            } else {
                unit(p)
            };
            *v = match (reading, *v) {
                (_, None) | (Reading::Spoil, _) => None,
                (Reading::Pass, v) => v,
                (Reading::Unit(k), Some(None)) => Some(Some(k)),
                (Reading::Unit(k), Some(Some(x))) => (x == k).then_some(Some(x)),
            };
        }
        state.into_iter().map(|(s, v)| (s, v.flatten())).collect()
    }

    /// A river, range or railway line no gazetteer has ("Kheerthar range", "Mula River"), in a
    /// sentence whose places all lie in one province of this country (the province itself
    /// included): in that province, at its precision. The famous ones no gazetteer has
    /// lie elsewhere ("Indus River") and are named beside places elsewhere; a sentence of one
    /// province's places speaks of that province's features.
    fn extended_by_sentence(&self, mentions: &mut [Mention], extended: &[usize]) {
        let gaz = self.gaz;
        let wanted = extended.iter().map(|&i| mentions[i].sentence);
        let units = self.sentence_units(mentions, wanted, |p| match p.province.as_deref() {
            Some(pr) if p.kind != PlaceKind::Country => Reading::Unit(pr),
            _ => Reading::Pass,
        });
        for &i in extended {
            if mentions[i].status != Status::Unresolved {
                continue;
            }
            let Some(pr) = units[&mentions[i].sentence] else {
                continue;
            };
            let unit = gaz
                .by_name(&normalize(pr))
                .iter()
                .map(|r| r.place as usize)
                .find(|&u| gaz.place(u).kind == PlaceKind::Province && gaz.place(u).country == HOME_COUNTRY);
            if let Some(u) = unit {
                let why = format!(
                    "a feature that runs through several districts, in no gazetteer; the sentence's places all lie in {}",
                    gaz.place(u).describe()
                );
                mentions[i].put_in(u, 0.5, why);
            }
        }
    }

    /// A name no gazetteer has that a definition puts in a place of this country ("Singanisar, a
    /// town in Turbat", "X is a shrine in Kech District"): in that place's district, at the
    /// district's precision — unless it was already resolved to a place in that district.
    fn place_by_definition(&self, mentions: &mut [Mention], defined: &[(usize, usize)]) {
        if defined.is_empty() {
            return;
        }
        let gaz = self.gaz;
        let at: HashMap<usize, usize> = mentions.iter().enumerate().map(|(k, m)| (m.tokens.0, k)).collect();
        for &(i, first_token) in defined {
            let Some(y) = at.get(&first_token).map(|&k| &mentions[k]) else {
                continue;
            };
            let Some(p) = y.place.map(|p| gaz.place(p)).filter(|_| y.status == Status::Resolved) else {
                continue;
            };
            if p.country != HOME_COUNTRY || p.kind > PlaceKind::District {
                continue;
            }
            let Some(d) = p.district.as_deref().and_then(|d| self.district_unit(d)) else {
                continue;
            };
            if mentions[i].place.is_some_and(|x| self.in_district(gaz.place(x), d)) {
                continue;
            }
            let why = format!(
                "a place by its definition (\"{}, a ... in {}\"), in no gazetteer; put in {} at the district's precision",
                mentions[i].text,
                y.text,
                gaz.place(d).describe()
            );
            mentions[i].put_in(d, 0.5, why);
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
        // The mentions of each sentence, found once (a scan of every mention
        // per sentence was quadratic in the text's length).
        let mut of_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
        for (k, m) in mentions.iter().enumerate() {
            if let Some(v) = of_sentence.get_mut(m.sentence) {
                v.push(k);
            }
        }
        for (si, s) in sentences.iter().enumerate() {
            let (first, last) = s.tokens;
            let (words, Some(kind)) = events::attack_words(tokens, first, last) else {
                continue;
            };
            // The places of the sentence, most specific: drop countries, and a unit that contains another place named.
            let here: Vec<usize> = of_sentence[si]
                .iter()
                .copied()
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
