//! Finding gazetteer names inside a location phrase.
//!
//! A phrase such as "near Levies Headquarter Office at Chaman area of Killa
//! Abdullah district" is normalised into tokens and scanned for the longest
//! n-grams that name a place (exact name, alternate name, or transliteration
//! key). Each match is a [`Span`] with its candidate places and a [`Hint`]
//! read from the words around it ("X district", "town of X", "X
//! neighbourhood", "near X").

use crate::gazetteer::lexicon::{in_sorted, WordIndex};
use crate::gazetteer::normalize::{is_vowel, translit_key};
use crate::gazetteer::{Gazetteer, NameKind};
use crate::model::PlaceKind;

/// How well a name matched.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub enum Quality {
    /// Bounded fuzzy match with its similarity (0..1).
    Fuzzy(f64),
    /// Transliteration key matched (`Noshki` for `Nushki`).
    Translit,
    /// One of the place's alternate names matched.
    AltName,
    /// The place's primary name matched.
    Exact,
}

impl Quality {
    /// The match's contribution to `geo_score`.
    pub fn score(self) -> f64 {
        match self {
            Quality::Exact => 1.0,
            Quality::AltName => 0.95,
            Quality::Translit => 0.9,
            Quality::Fuzzy(s) => 0.9 * s,
        }
    }
}

/// What the surrounding words say about the kind of place meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    None,
    /// "X district", "district X", "Turbat district".
    District,
    /// "X province".
    Province,
    /// "town of X", "X city", "X tehsil": the town, not the district.
    Town,
    /// "X neighbourhood", "X road", "village of X": something smaller than a town.
    SubTown,
}

impl Hint {
    /// Whether a place of `kind` fits the hint.
    pub fn admits(self, kind: PlaceKind) -> bool {
        match self {
            Hint::None => true,
            Hint::District => kind == PlaceKind::District,
            Hint::Province => kind >= PlaceKind::Province,
            // "X town": a settlement, not a feature named like one ("Pir Ghaib town" is no waterfall).
            Hint::Town => kind >= PlaceKind::Locality && !kind.is_admin(),
            Hint::SubTown => kind < PlaceKind::Town,
        }
    }
}

/// What part a span plays in the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// A place the phrase may be about.
    Target,
    /// Preceded by "of" or "in": more likely the larger unit ("Suntsar area of Gwadar").
    Container,
    /// What a distance is measured from ("X, about 40 km from Turbat"): not
    /// the place, and no container of it; used only when nothing else is named.
    Reference,
    /// Part of the name of something else ("Quetta-Karachi highway", "Hub River
    /// Road", "Kohlu market"): used only when nothing else is named, and never
    /// as a container for other names.
    Feature,
}

/// A candidate place for a span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cand {
    pub place: u32,
    pub quality: Quality,
}

/// A run of tokens that names one or more gazetteer places.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub cands: Vec<Cand>,
    pub hint: Hint,
    /// Preceded by "near", "outskirts of", ..., or the name of a road: ACLED precision 2.
    pub near: bool,
    pub role: Role,
    /// Followed by a word for a town's market ("Wadh bazaar"): a part of that town.
    pub market: bool,
    /// Followed by "village" or "goth": the press calls small towns so ("Mawand village").
    pub called_village: bool,
}

impl Span {
    /// A span over tokens `[start, end)`, with the hint read from its neighbours.
    fn new(tokens: &[&str], start: usize, end: usize, text: String, cands: Vec<Cand>) -> Self {
        let (hint, near) = hint_for(tokens, start, end);
        Span {
            start,
            end,
            text,
            cands,
            hint,
            near,
            role: Role::Target,
            market: tokens
                .get(end)
                .is_some_and(|w| matches!(*w, "bazaar" | "bazar" | "market")),
            called_village: tokens.get(end).is_some_and(|w| matches!(*w, "village" | "goth")),
        }
    }
}

/// Words that never name a place on their own in a location phrase: filler
/// (area, town, district, near), generic features (road, market, camp, check
/// post, shrine, coal mines, gas field, junction), security-force words common
/// in Balochistan reporting (FC, Levies, police), and generic Urdu/Pashto/Balochi settlement words (killi,
/// goth, kalay) that GeoNames also uses as short village names. They are
/// skipped as one-word names and never fuzzy-matched; a multi-word name that
/// contains them ("Bolan Pass", "Killi Abdullah") still matches. Honorifics
/// (shah, pir, mir, haji, khan, ...) are here too: they begin personal and
/// shrine names ("Shah Noorani", "Pir Koh") and are village names in GeoNames.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "adda",
    "along",
    "an",
    "and",
    "area",
    "areas",
    "army",
    "at",
    "attack",
    "baba",
    "bazaar",
    "bazar",
    "between",
    "block",
    "border",
    "bridge",
    "camp",
    "cantonment",
    "cantt",
    "cemetery",
    "center",
    "centre",
    "check",
    "checkpoint",
    "checkpost",
    "chowk",
    "city",
    "coal",
    "coalfield",
    "coalfields",
    "colony",
    "corps",
    "cross",
    "dam",
    "darbar",
    "dargah",
    "district",
    "districts",
    "distt",
    "division",
    "east",
    "fc",
    "field",
    "fields",
    "from",
    "frontier",
    "gas",
    "goth",
    "graveyard",
    "haji",
    "hazrat",
    "headquarter",
    "headquarters",
    "highway",
    "hills",
    "hq",
    "in",
    "incident",
    "junction",
    "kalay",
    "kalli",
    "khan",
    "kila",
    "kili",
    "killa",
    "killi",
    "km",
    "levies",
    "line",
    "lines",
    "local",
    "locality",
    "lower",
    "main",
    "malik",
    "market",
    "mausoleum",
    "mian",
    "mine",
    "mines",
    "mining",
    "mir",
    "mohalla",
    "mountain",
    "mountains",
    "mulla",
    "mullah",
    "n",
    "na",
    "national",
    "nawab",
    "near",
    "nearby",
    "neighborhood",
    "neighbourhood",
    "new",
    "north",
    "of",
    "office",
    "old",
    "on",
    "outside",
    "outskirts",
    "pass",
    "phatak",
    "pir",
    "police",
    "port",
    "post",
    "province",
    "qila",
    "qilla",
    "quarry",
    "region",
    "remote",
    "road",
    "sardar",
    "sayed",
    "sector",
    "shah",
    "shaikh",
    "sheikh",
    "shrine",
    "south",
    "station",
    "street",
    "suburb",
    "suburbs",
    "syed",
    "tehsil",
    "thana",
    "thanna",
    "the",
    "to",
    "town",
    "troubled",
    "tunnel",
    "undisclosed",
    "unknown",
    "unspecified",
    "upper",
    "valley",
    "village",
    "west",
];

/// Common English words of incident reports that are never fuzzy-matched to a
/// place ("across" is one edit from the village "Arus"). They may still match
/// a place name exactly.
pub const NOT_FUZZY: &[&str] = &[
    "abducted",
    "across",
    "action",
    "activists",
    "after",
    "against",
    "agency",
    "airport",
    "ambush",
    "among",
    "another",
    "armed",
    "around",
    "arrested",
    "assault",
    "attack",
    "attacked",
    "attackers",
    "attacks",
    "authorities",
    "before",
    "blast",
    "blasts",
    "bomb",
    "bombing",
    "bridge",
    "building",
    "capital",
    "central",
    "claimed",
    "clash",
    "clashes",
    "coastal",
    "command",
    "commercial",
    "convoy",
    "country",
    "dead",
    "different",
    "downtown",
    "during",
    "eastern",
    "election",
    "explosion",
    "explosive",
    "federal",
    "fighters",
    "fighting",
    "firing",
    "forces",
    "gunmen",
    "hilly",
    "hotel",
    "injured",
    "inside",
    "killed",
    "killing",
    "labourers",
    "leader",
    "members",
    "militant",
    "militants",
    "military",
    "mine",
    "mountainous",
    "multiple",
    "northern",
    "officer",
    "officers",
    "official",
    "officials",
    "operation",
    "other",
    "parts",
    "passengers",
    "people",
    "personnel",
    "protest",
    "protesters",
    "provincial",
    "railway",
    "rally",
    "residential",
    "residents",
    "rocket",
    "rural",
    "security",
    "several",
    "shelling",
    "shot",
    "soldiers",
    "southern",
    "suicide",
    "suspected",
    "terrorists",
    "through",
    "throughout",
    "towards",
    "train",
    "tribal",
    "under",
    "urban",
    "various",
    "vehicle",
    "vehicles",
    "western",
    "where",
    "while",
    "within",
    "without",
    "workers",
    "wounded",
];

/// Articles and prepositions: a name that begins or ends with one is matched as written only.
pub(crate) const FILLER: &[&str] = &["a", "an", "and", "at", "from", "in", "near", "of", "on", "the", "to"];

/// True for a word in [`STOP_WORDS`] (or a bare number). Called for most words of every
/// text: the list is indexed once ([`WordIndex`]).
pub fn is_stop(token: &str) -> bool {
    static INDEX: std::sync::OnceLock<WordIndex> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| WordIndex::new(STOP_WORDS.iter().copied()));
    index.position(token).is_some() || token.bytes().all(|b| b.is_ascii_digit())
}

const NEAR_WORDS: &[&str] = &["near", "nearby", "outskirts", "outside", "vicinity", "suburbs"];
/// Units of a distance ("40 km from Turbat").
const DISTANCE_WORDS: &[&str] = &[
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "km",
    "kms",
    "mile",
    "miles",
];

/// A unit of distance, or a distance written in one word ("40km", "10kms").
fn is_distance(t: &str) -> bool {
    DISTANCE_WORDS.contains(&t)
        || t.starts_with(|c: char| c.is_ascii_digit())
            && DISTANCE_WORDS.contains(&t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'))
}

/// Kinds of place or thing an unnamed one is written as, before "in", "of" or "near" a town
/// ("a village in Panjgur", "an FC camp in Panjgur", "mountains of Kalat").
const VAGUE_KINDS: &[&str] = &[
    "area",
    "areas",
    "border",
    "camp",
    "checkpoint",
    "checkpost",
    "hamlet",
    "hills",
    "locality",
    "location",
    "mountains",
    "part",
    "parts",
    "pipeline",
    "place",
    "post",
    "region",
    "settlement",
    "site",
    "spot",
    "village",
    "villages",
];
/// Words that leave such a place unnamed or vague: indefinite articles and numbers, and
/// adjectives of remoteness ("a remote area of", "an unnamed village in").
const VAGUE_WORDS: &[&str] = &[
    "a",
    "an",
    "another",
    "border",
    "different",
    "far",
    "flung",
    "hilly",
    "isolated",
    "mountainous",
    "near",
    "nearby",
    "one",
    "remote",
    "rural",
    "several",
    "some",
    "tribal",
    "undisclosed",
    "unidentified",
    "unknown",
    "unnamed",
    "unspecified",
    "various",
];
/// Kinds that are vague by themselves, with no word to make them so: a range's hills
/// or mountains "of Kohlu" are around the town, not at it.
const VAGUE_ALONE: &[&str] = &["hills", "mountains"];

/// "a village in Panjgur", "a remote area of Dera Bugti", "an unnamed gas pipeline in Dera Bugti",
/// "mountains of Kalat": some place of the town's that the phrase does not name, not the town.
/// A kind word before "in", "of" or "near" the name, and before it (at most four words back)
/// a word that leaves it unnamed — unless a kind is vague alone. "Area of Dera Bugti" alone
/// stays the town's area, as "Dera Bugti area" does.
fn some_place_of(tokens: &[&str], start: usize) -> bool {
    if start < 2 || !matches!(tokens[start - 1], "in" | "of" | "near" | "inside" | "within") {
        return false;
    }
    let kind = tokens[start - 2];
    if !VAGUE_KINDS.contains(&kind) {
        return false;
    }
    VAGUE_ALONE.contains(&kind)
        || tokens[start.saturating_sub(6)..start - 2]
            .iter()
            .any(|w| VAGUE_WORDS.contains(w))
}

/// Features named after a place that no gazetteer has as such ("Lak Pass", "Zarghun gas field",
/// "Sabakzai Dam"): near the place they are named after, not at its point.
const NAMED_AFTER_PLACE: &[&str] = &[
    "barrage",
    "bridge",
    "coalfield",
    "dam",
    "gas",
    "hill",
    "hills",
    "lake",
    "mine",
    "mines",
    "pass",
    "peak",
    "tunnel",
];

/// Words after a name that put the place beside it ("Panjgur outskirts", "Quetta suburbs").
const NEAR_AFTER: &[&str] = &["outskirts", "suburbs", "vicinity"];
const SUBTOWN_AFTER: &[&str] = &[
    "neighbourhood",
    "neighborhood",
    "mohalla",
    "colony",
    "market",
    "bazaar",
    "bazar",
    "chowk",
    "block",
    "sector",
    "locality",
    "village",
    "goth",
];
/// Words after a name that make it part of another thing's name: a road, a
/// river, a train, an institution.
const FEATURE_AFTER: &[&str] = &[
    "road",
    "phatak",
    "adda",
    "highway",
    "motorway",
    "bypass",
    "railway",
    "rail",
    "river",
    "dam",
    "canal",
    "nullah",
    "express",
    "mail",
    "medical",
    "college",
    "university",
    "hospital",
    "stadium",
    "hotel",
    "mosque",
    "school",
    "street",
];
/// Words of a road's name between its end points and the word "highway" or "road"
/// ("National", "coastal", the "N" of "N-25").
const ROAD_QUALIFIERS: &[&str] = &[
    "coastal",
    "international",
    "link",
    "m",
    "main",
    "n",
    "national",
    "new",
    "old",
    "provincial",
    "rcd",
    "super",
];
/// Whether a word can stand between a road's end and "highway" or "road": one of
/// [`ROAD_QUALIFIERS`] or a number ("N-25").
pub(crate) fn is_road_qualifier(w: &str) -> bool {
    ROAD_QUALIFIERS.contains(&w) || !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

const ROUTE_AFTER: &[&str] = &[
    "road", "highway", "motorway", "bypass", "railway", "rail", "express", "mail",
];
/// Whether a word names a kind of place or thing rather than one place ("hotel",
/// "market", "road", "town"): the words that, after a name, make it another thing's.
pub fn names_a_kind(word: &str) -> bool {
    SUBTOWN_AFTER.contains(&word) || FEATURE_AFTER.contains(&word) || TOWN_AFTER.contains(&word)
}

const TOWN_AFTER: &[&str] = &["town", "city", "tehsil", "subdivision", "taluka", "bazar"];

/// The kind of place a word after a name says it is ("X district", "X town",
/// "X bazaar"), or that a definition gives it ("X, a town in Y").
pub fn hint_of_word(w: &str) -> Hint {
    match w {
        "district" | "distt" | "dist" | "districts" => Hint::District,
        "province" => Hint::Province,
        a if SUBTOWN_AFTER.contains(&a) => Hint::SubTown,
        a if TOWN_AFTER.contains(&a) => Hint::Town,
        _ => Hint::None,
    }
}

/// Reads the hint for a span `[start, end)` from its neighbouring tokens
/// (also used for names in running text), and whether "near" words precede it.
pub fn hint_for(tokens: &[&str], start: usize, end: usize) -> (Hint, bool) {
    let after = tokens.get(end).copied().unwrap_or("");
    let before = if start > 0 { tokens[start - 1] } else { "" };
    let before2 = if start > 1 { tokens[start - 2] } else { "" };
    let hint = match hint_of_word(after) {
        Hint::None => match (before2, before) {
            (_, "district") | (_, "distt") | ("district", "of") => Hint::District,
            ("province", "of") => Hint::Province,
            ("town", "of") | ("towns", "of") | ("city", "of") | ("tehsil", "of") | ("port", "of") => Hint::Town,
            ("village", "of") => Hint::SubTown,
            // "in village Chagai", "Goth Allah Bux" are villages; in "Notezai village, Chagai" and
            // "Jamali Goth, Naseerabad" the word is the name's before it, and the next its address.
            (b2, "village" | "mohalla" | "goth") if b2.is_empty() || is_stop(b2) => Hint::SubTown,
            _ => Hint::None,
        },
        h => h,
    };
    let lo = start.saturating_sub(3);
    // A unit before a number names a milestone, no distance: "Mile 8 Gwadar", "Km 12" (not
    // after a number of its own: "40 miles 2 ..." is a distance).
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let milestone = |j: usize| {
        DISTANCE_WORDS.contains(&tokens[j])
            && !(j > 0 && number(tokens[j - 1]))
            && tokens.get(j + 1).is_some_and(|n| number(n))
    };
    // "Khuzdar city outskirts": the kind word may stand between the name and the word for its edge.
    let after_kind = if matches!(after, "city" | "town") {
        tokens.get(end + 1).copied().unwrap_or("")
    } else {
        ""
    };
    let some_place_in = some_place_of(tokens, start);
    let near = (lo..start).any(|j| NEAR_WORDS.contains(&tokens[j]) || is_distance(tokens[j]) && !milestone(j))
        || NEAR_AFTER.contains(&after)
        || NAMED_AFTER_PLACE.contains(&after)
        || NEAR_AFTER.contains(&after_kind)
        || some_place_in;
    (hint, near)
}

/// The candidates whose name or alternate name is the n-gram as written (normalised).
pub fn lookup_written(gaz: &Gazetteer, gram: &str) -> Vec<Cand> {
    gaz.by_name(gram)
        .iter()
        .map(|r| Cand {
            place: r.place,
            quality: if r.kind == NameKind::Primary {
                Quality::Exact
            } else {
                Quality::AltName
            },
        })
        .collect()
}

/// Whether an n-gram is a name shortened to initials ("d m jamali", "q
/// saifullah"): single letters, then one word of three letters or more. A
/// leading "a" is the article. Such a name is looked up among the primary
/// names of prominent places only (district seats, districts, cities).
pub(crate) fn abbreviated(gram: &str) -> bool {
    let words: Vec<&str> = gram.split(' ').collect();
    let Some((last, head)) = words.split_last() else {
        return false;
    };
    !head.is_empty()
        && head[0] != "a"
        && head.iter().all(|w| w.len() == 1 && w.is_ascii())
        && last.len() >= 3
        && last.chars().all(|c| c.is_ascii_alphabetic())
}

/// The candidates for an n-gram: exact and alternate names, initials, then transliteration keys.
pub fn lookup(gaz: &Gazetteer, gram: &str) -> Vec<Cand> {
    let variant = |place: u32| Cand {
        place,
        quality: Quality::Translit,
    };
    let mut out = lookup_written(gaz, gram);
    // "Osta Mohd", "Usta Muhd": the press's short forms of "Muhammad" inside a place's name.
    if out.is_empty() && gram.split(' ').count() > 1 && gram.split(' ').any(|w| MUHAMMAD_SHORT.contains(&w)) {
        let full: Vec<&str> = gram
            .split(' ')
            .map(|w| if MUHAMMAD_SHORT.contains(&w) { "muhammad" } else { w })
            .collect();
        return lookup(gaz, &full.join(" "))
            .into_iter()
            .map(|c| Cand {
                place: c.place,
                quality: if c.quality == Quality::Exact {
                    Quality::AltName
                } else {
                    c.quality
                },
            })
            .collect();
    }
    // Transliteration variants only for names of five letters or more: short
    // words ("gate", "bag") collide with too many village names.
    // Only well-known names are shortened so: "M. Khan" is a person, not a village Mir Khan.
    if out.is_empty() && abbreviated(gram) {
        // One initial before a man's name is how people's names are shortened ("R. Khan",
        // "G. Khan" is no Gujar Khan) — except for the districts of the province the tool
        // covers, which its press shortens so ("Q. Saifullah", "D. Bugti").
        let last = gram.rsplit(' ').next().unwrap_or("");
        let person = gram.split(' ').count() == 2 && crate::gazetteer::lexicon::Lexicon::get().is_person(last);
        out.extend(
            gaz.by_initials(gram)
                .iter()
                .filter(|&&p| super::evidence::prominent(gaz.place(p as usize)))
                .filter(|&&p| !person || gaz.place(p as usize).province.as_deref() == Some(FOCUS_PROVINCE))
                .map(|&p| variant(p)),
        );
    }
    // A four-letter word whose vowels are written doubled or paired ("Naal", "Sooi", "Suie")
    // is a vowel spelling of a town of the province's ("Nal", "Sui"): towns only, where short
    // English words ("door", "seen") find none.
    if out.is_empty() && short_vowel_spelling(gram) {
        out.extend(
            gaz.by_key(&translit_key(gram))
                .iter()
                .filter(|&&p| {
                    let q = gaz.place(p as usize);
                    q.kind == PlaceKind::Town && q.province.as_deref() == Some(FOCUS_PROVINCE)
                })
                .map(|&p| variant(p)),
        );
    }
    // In Arabic script the key only drops spaces and doubled letters ("جعفرآباد" for "جعفر آباد").
    let arabic = crate::gazetteer::normalize::is_arabic_script(gram);
    if gram.len() >= 5 && gram.is_ascii() || arabic && gram.chars().count() >= 4 {
        for &p in gaz.by_key(&translit_key(gram)) {
            if in_region(gaz, p) && !out.iter().any(|c| c.place == p) {
                out.push(variant(p));
            }
        }
    }
    out
}

/// The press's short forms of "Muhammad" ("Usta Mohd", "Khan Muhd").
const MUHAMMAD_SHORT: &[&str] = &["mohd", "muhd"];

/// A word of four letters with two vowels side by side ("naal", "sooi", "suie"): how the
/// press doubles or pairs the vowel of a short name.
fn short_vowel_spelling(gram: &str) -> bool {
    let b = gram.as_bytes();
    b.len() == 4 && b.iter().all(u8::is_ascii_lowercase) && b.windows(2).any(|w| is_vowel(w[0]) && is_vowel(w[1]))
}

/// Finds every place name in the normalised phrase: longest n-grams first,
/// without overlaps. Tokens left uncovered are returned for the fuzzy stage.
pub fn find_spans(gaz: &Gazetteer, normalized: &str) -> (Vec<Span>, Vec<usize>) {
    let tokens: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    let mut covered = vec![false; tokens.len()];
    let mut spans = Vec::new();
    // "Kalat division" is the division, before "Kalat" the town can claim the word;
    // "Makran" alone is the region, not a village of that name.
    division_spans(gaz, &tokens, &mut covered, &mut spans);
    bare_division_spans(gaz, &tokens, &mut covered, &mut spans);
    route_spans(gaz, &tokens, &mut covered, &mut spans);
    for n in (1..=gaz.max_tokens().min(tokens.len())).rev() {
        for i in 0..=tokens.len() - n {
            if covered[i..i + n].iter().any(|&c| c) {
                continue;
            }
            let words = &tokens[i..i + n];
            if words.iter().all(|w| is_stop(w)) {
                continue;
            }
            let gram = words.join(" ");
            // "the bla" is no spelling of "Tibla": a run that begins or ends
            // with a filler word matches names as written only.
            let filler = |w: &str| FILLER.contains(&w);
            let mut cands = if filler(words[0]) || filler(words[n - 1]) {
                lookup_written(gaz, &gram)
            } else {
                lookup(gaz, &gram)
            };
            cands.retain(|c| in_region(gaz, c.place));
            if cands.is_empty() && n == 1 {
                cands = final_vowel_spelling(gaz, &gram);
            }
            if cands.is_empty() {
                continue;
            }
            covered[i..i + n].iter_mut().for_each(|c| *c = true);
            spans.push(Span::new(&tokens, i, i + n, gram, cands));
        }
    }
    spans.sort_by_key(|s| s.start);
    assign_roles(&tokens, &mut spans);
    people_and_organisations(gaz, &tokens, &mut spans, &mut covered);
    partial_names(gaz, &tokens, &mut spans, &mut covered);
    let rest = (0..tokens.len())
        .filter(|&i| !covered[i] && !is_stop(tokens[i]))
        .collect();
    (spans, rest)
}

/// A final vowel or "h" after the name of a district or a district's seat of the province
/// ("Zhobe", "Sibie", "Quettah"): how a transliteration may end it — those places only, in
/// location columns (a name in running text needs its capitals and frames).
fn final_vowel_spelling(gaz: &Gazetteer, word: &str) -> Vec<Cand> {
    if word.len() < 5 || !word.ends_with(['a', 'e', 'i', 'h']) {
        return Vec::new();
    }
    lookup_written(gaz, &word[..word.len() - 1])
        .into_iter()
        .filter(|c| {
            let q = gaz.place(c.place as usize);
            q.province.as_deref() == Some(FOCUS_PROVINCE)
                && (q.kind == PlaceKind::District || q.seat >= crate::model::Seat::District)
        })
        .map(|c| Cand {
            place: c.place,
            quality: Quality::Translit,
        })
        .collect()
}

/// "Makran division", "Nasirabad division": a division is larger than a
/// district and has no point of its own, so it stands for its province
/// (precision 3). Only names not already matched as places are read so.
fn division_spans(gaz: &Gazetteer, tokens: &[&str], covered: &mut [bool], spans: &mut Vec<Span>) {
    for (i, t) in tokens.iter().enumerate() {
        if *t != "division" || i == 0 {
            continue;
        }
        // The name is the one or two words before "division".
        let Some(start) = (1..=2.min(i)).rev().map(|n| i - n).find(|&s| {
            !covered[s..i].iter().any(|&c| c) && gaz.districts.division_province(&tokens[s..i].join(" ")).is_some()
        }) else {
            continue;
        };
        let province = gaz
            .districts
            .division_province(&tokens[start..i].join(" "))
            .unwrap_or_default();
        let cands = province_cands(gaz, province);
        if !cands.is_empty() {
            covered[start..=i].iter_mut().for_each(|c| *c = true);
            spans.push(Span::new(tokens, start, i, tokens[start..i].join(" "), cands));
        }
    }
}

/// "N-25", "on the N40 highway", "ML-4": a national highway, motorway or railway main line
/// of the province, named by number (`gazetteer/lexicon/routes.txt`), runs through several of
/// its districts: the province, as a feature's name — used only when the phrase names no place
/// of its own ("N-25 near Khuzdar" is Khuzdar).
fn route_spans(gaz: &Gazetteer, tokens: &[&str], covered: &mut [bool], spans: &mut Vec<Span>) {
    let routes = &crate::gazetteer::lexicon::Lexicon::get().routes;
    let mut i = 0;
    while i < tokens.len() {
        let Some((end, key)) = crate::gazetteer::lexicon::route_at(tokens, i).filter(|(_, k)| routes.contains(k))
        else {
            i += 1;
            continue;
        };
        let cands = province_cands(gaz, FOCUS_PROVINCE);
        if covered[i..end].iter().any(|&c| c) || cands.is_empty() {
            i = end;
            continue;
        }
        covered[i..end].iter_mut().for_each(|c| *c = true);
        let mut s = Span::new(tokens, i, end, key, cands);
        s.role = Role::Feature;
        s.near = true;
        spans.push(s);
        i = end;
    }
}

/// The gazetteer's province of that name, as the reading of a region inside it.
pub fn province_cands(gaz: &Gazetteer, province: &str) -> Vec<Cand> {
    gaz.by_name(&crate::gazetteer::normalize::normalize(province))
        .iter()
        .filter(|r| gaz.place(r.place as usize).kind == PlaceKind::Province)
        .map(|r| Cand {
            place: r.place,
            quality: Quality::AltName,
        })
        .collect()
}

/// A division's name standing alone ("Makran") where no place has that name:
/// the region, which stands for its province.
fn bare_division_spans(gaz: &Gazetteer, tokens: &[&str], covered: &mut [bool], spans: &mut Vec<Span>) {
    for i in 0..tokens.len() {
        if covered[i] || is_stop(tokens[i]) || tokens[i].len() < 5 {
            continue;
        }
        let Some(province) = gaz.districts.division_province(tokens[i]) else {
            continue;
        };
        // Only where no prominent place has the name ("Kalat", "Quetta" are towns first) — nor
        // the division's own name as written: a slip of "Loralai" ("Lorala") is one of the district's
        // and its town's, for the fuzzy stage; "Mekran" is the region.
        let prominent = |name: &str| {
            lookup(gaz, name)
                .iter()
                .any(|c| super::evidence::prominent(gaz.place(c.place as usize)))
        };
        let own_name = gaz
            .districts
            .division_name(tokens[i])
            .map(crate::gazetteer::normalize::normalize);
        if prominent(tokens[i]) || own_name.is_some_and(|n| prominent(&n)) {
            continue;
        }
        let cands = province_cands(gaz, province);
        if !cands.is_empty() {
            covered[i] = true;
            spans.push(Span::new(tokens, i, i + 1, tokens[i].to_string(), cands));
        }
    }
}

/// Words after a name that make it an organisation's ("Baloch Liberation Front");
/// the words for people ("tribesmen", "clan") are the lexicon's.
const ORGANISATION_AFTER: &[&str] = &["army", "front", "liberation", "party"];

/// Sets aside village-sized readings of names that the words around them
/// make a person's, a tribe's or an organisation's: a title or rank before
/// ("Nawab Akbar Bugti", "constable Abdul Ghafoor"), a word for people or an
/// organisation after ("Raisani tribesmen", "Kalpar Bugti clan"), shared by
/// names joined with "and" ("Rind and Raisani tribes"). A prominent place
/// keeps its reading ("Quetta police" is still Quetta).
fn people_and_organisations(gaz: &Gazetteer, tokens: &[&str], spans: &mut Vec<Span>, covered: &mut [bool]) {
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    // A name runs on through words that name nothing ("Kalpar Bugti clan",
    // "Nawab Khair Bakhsh Marri"): look past up to two of them on each side.
    let group_word = |w: &str| ORGANISATION_AFTER.contains(&w) || lex.is_people_word(w);
    let free = |i: usize| !covered[i] && !is_stop(tokens[i]) && !group_word(tokens[i]);
    // A word of a personal name, even where a village of that name matched it
    // ("Khair" in "Nawab Khair Bakhsh Marri").
    let name_word = |i: usize| free(i) || lex.is_person(tokens[i]) && !is_stop(tokens[i]);
    let personal = |s: &Span| -> bool {
        let mut after = s.end;
        while after < tokens.len() && after < s.end + 2 && free(after) {
            after += 1;
        }
        // A name that is itself a person's or tribe's may be reached over other names' words.
        let own_name = lex.is_person(&s.text) || lex.is_tribe(&s.text);
        let walk = |i: usize| if own_name { name_word(i) } else { free(i) };
        let mut before = s.start;
        while before > 0 && before + 2 > s.start && walk(before - 1) && !lex.is_honorific(tokens[before - 1]) {
            before -= 1;
        }
        let next = tokens.get(after).copied().unwrap_or("");
        // A one-word name that is a person's, after a given name: "Allah Nazar".
        let given_before =
            s.end - s.start == 1 && s.start > 0 && lex.given_names.contains(tokens[s.start - 1]) && own_name;
        group_word(next) || before > 0 && lex.is_honorific(tokens[before - 1]) || given_before
    };
    let mut drop = vec![false; spans.len()];
    for i in (0..spans.len()).rev() {
        let minor = spans[i]
            .cands
            .iter()
            .all(|c| !super::evidence::prominent(gaz.place(c.place as usize)));
        let joined_to_next = i + 1 < spans.len()
            && drop[i + 1]
            && spans[i + 1].start == spans[i].end + 1
            && matches!(tokens[spans[i].end], "and" | "or");
        // A title that is also a village's name, before a name set aside: "Jam Kamal".
        let title_of_next = i + 1 < spans.len()
            && drop[i + 1]
            && spans[i + 1].start == spans[i].end
            && lex.is_honorific(&spans[i].text);
        drop[i] = minor && (personal(&spans[i]) || joined_to_next || title_of_next);
    }
    // The words stay covered: a person's name is no misspelling of a place either
    // ("Dr Allah Nazar" is not the district Nagar).
    remove_marked(spans, &drop);
}

/// Whether a word that no place matched can be a word of a longer name: no filler ("area",
/// "road"), no word of the news ("attack", "blast"), four letters or more.
fn name_part(w: &str) -> bool {
    !is_stop(w) && w.len() >= 4 && w.chars().all(char::is_alphabetic) && !in_sorted(NOT_FUZZY, w)
}

/// Sets aside a one-word village reading that is only the first word of a
/// longer name: "Bala Dhaki" is not the village "Bala" 570 km away. A word
/// after it that names nothing and is no filler (area, road, town, ...)
/// makes the two one name.
fn partial_names(gaz: &Gazetteer, tokens: &[&str], spans: &mut Vec<Span>, covered: &mut [bool]) {
    let unknown_word = |i: usize| !covered[i] && name_part(tokens[i]);
    let partial: Vec<bool> = spans
        .iter()
        .map(|s| {
            let village = s.cands.iter().all(|c| {
                let p = gaz.place(c.place as usize);
                !super::evidence::prominent(p) && matches!(p.kind, PlaceKind::Village | PlaceKind::Locality)
            });
            // The name's first word, followed by one that names nothing.
            let first = s.start == 0 || is_stop(tokens[s.start - 1]);
            // Or its last, after one that names nothing and opens the phrase or follows a
            // stop word ("Khalique Abad" is no village Abad, "Baba Kot" no village Kot) — not
            // after a word that says a village follows ("Killi Sarawan", "Goth Kot").
            let opens = |k: usize| k == 0 || is_stop(tokens[k - 1]);
            let last = s.start > 0
                && unknown_word(s.start - 1)
                && opens(s.start - 1)
                && !VILLAGE_BEFORE.contains(&tokens[s.start - 1]);
            // Before an izafat, whatever it is: "Gulshan-e-Iqbal" is no Gulshan, "Koh-e-Batil" no Koh
            // (a name with its izafat is matched whole where the gazetteer has it).
            let izafat = s.end + 1 < tokens.len() && matches!(tokens[s.end], "e" | "i") && unknown_word(s.end + 1)
                || s.end - s.start >= 2
                    && matches!(tokens[s.end - 1], "e" | "i")
                    && s.end < tokens.len()
                    && unknown_word(s.end);
            let unit = s.cands.iter().any(|c| gaz.place(c.place as usize).kind.is_admin());
            !unit && izafat
                || village && s.end - s.start == 1 && (first && s.end < tokens.len() && unknown_word(s.end) || last)
        })
        .collect();
    set_aside(spans, covered, &partial);
}

/// The words that say the name after them is a village's or a fort's (Pashto killi, Sindhi
/// goth, Urdu mauza, basti and qila): "Killi Zarpakh", "Goth Allah Bux".
pub const VILLAGE_BEFORE: &[&str] = &[
    "basti", "goth", "kila", "kili", "killa", "killi", "mauza", "mouza", "qila", "qilla",
];

/// Removes the spans marked in `drop`, leaving their words uncovered for the fuzzy stage.
fn set_aside(spans: &mut Vec<Span>, covered: &mut [bool], drop: &[bool]) {
    for s in spans.iter().zip(drop).filter(|(_, &d)| d).map(|(s, _)| s) {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = false);
    }
    remove_marked(spans, drop);
}

/// Removes the spans marked in `drop`.
fn remove_marked(spans: &mut Vec<Span>, drop: &[bool]) {
    let mut k = 0;
    spans.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// The province whose places fuzzy matching may reach down to villages.
pub const FOCUS_PROVINCE: &str = "Balochistan";

/// Pakistan, its neighbours and the few countries its incident data names
/// (Moscow): the region the geocoder resolves location columns in, and where
/// transliteration variants and misspellings are looked for. The rest of the
/// world's countries and capitals are in the gazetteer for news text
/// (`extract`), matched there by their written names only: in a location
/// column, "Mali Menga" or "Goih Qatar" are villages, not countries.
pub const REGION_COUNTRIES: &[&str] = &["AF", "CN", "IN", "IR", "PK", "RU"];

fn in_region(gaz: &Gazetteer, place: u32) -> bool {
    REGION_COUNTRIES.contains(&gaz.place(place as usize).country.as_str())
}

/// Fuzzy spans for the uncovered tokens (single tokens and adjacent pairs).
pub fn fuzzy_spans(gaz: &Gazetteer, normalized: &str, rest: &[usize]) -> Vec<Span> {
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    let tokens: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    let personal_word = |i: usize| lex.is_person(tokens[i]) || lex.is_honorific(tokens[i]);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = vec![false; tokens.len()];
    // Pairs first ("Dera Bugit"), then single tokens.
    let pairs = rest.windows(2).filter(|w| w[1] == w[0] + 1).map(|w| (w[0], w[1] + 1));
    let singles = rest.iter().map(|&i| (i, i + 1));
    for (s, e) in pairs.chain(singles) {
        if used[s..e].iter().any(|&u| u) {
            continue;
        }
        if tokens[s..e].iter().any(|t| in_sorted(NOT_FUZZY, t)) {
            continue;
        }
        // A word of a person's name, beside a title or another name, is that, not a
        // misspelt place: "Mir Nazar Khan" is no Nagar (alone, "Momand" may still be Mohmand).
        if e - s == 1
            && lex.is_person(tokens[s])
            && (s > 0 && personal_word(s - 1) || s + 1 < tokens.len() && personal_word(s + 1))
        {
            continue;
        }
        let gram = tokens[s..e].join(" ");
        if !gram.is_ascii() {
            continue;
        }
        // A word that names places as written was weighed as such, and set aside ("Hazarganji
        // fruit market"): it is no misspelling of another place, nor, with the next word, of
        // the places it names.
        let as_written: Vec<u32> = (s..e)
            .flat_map(|i| lookup_written(gaz, tokens[i]))
            .map(|c| c.place)
            .collect();
        if e - s == 1 && !as_written.is_empty() {
            continue;
        }
        // A misspelling is taken for a place of the province the tool covers, or
        // for a district, province or city anywhere; not for a village elsewhere
        // in Pakistan ("qwerty" is one letter from an alternate name of a town in Kashmir).
        let hits: Vec<(u32, f64)> = gaz
            .fuzzy(&translit_key(&gram))
            .into_iter()
            .filter(|&(p, _)| !as_written.contains(&p))
            .filter(|&(p, _)| {
                let pl = gaz.place(p as usize);
                pl.province.as_deref() == Some(FOCUS_PROVINCE)
                    || in_region(gaz, p)
                        && (pl.kind >= PlaceKind::District || pl.population.is_some_and(|n| n >= 100_000))
            })
            .collect();
        if hits.is_empty() {
            continue;
        }
        let cands: Vec<Cand> = hits
            .into_iter()
            .map(|(p, sim)| Cand {
                place: p,
                quality: Quality::Fuzzy(sim),
            })
            .collect();
        used[s..e].iter_mut().for_each(|u| *u = true);
        spans.push(Span::new(&tokens, s, e, gram, cands));
    }
    // A loose misspelling (or one of a place outside the province) beside a word that matches
    // nothing is a part of a longer name no gazetteer has: "Babar Kach" is no Bhakkar.
    let unknown = |i: usize| rest.contains(&i) && !used[i] && name_part(tokens[i]);
    spans.retain(|sp| {
        let loose = sp.cands.iter().all(|c| {
            matches!(c.quality, Quality::Fuzzy(x) if x < LOOSE_BESIDE_UNKNOWN)
                || gaz.place(c.place as usize).province.as_deref() != Some(FOCUS_PROVINCE)
        });
        let beside = sp.start > 0 && unknown(sp.start - 1) || sp.end < tokens.len() && unknown(sp.end);
        !(loose && beside)
    });
    spans.sort_by_key(|s| s.start);
    assign_roles(&tokens, &mut spans);
    spans
}

/// Below this similarity a misspelling beside an unknown word is taken for part of a longer name.
const LOOSE_BESIDE_UNKNOWN: f64 = 0.8;

/// What a town's own "main" names, within it ("Turbat main road", "Hub main bazaar"); a
/// "main bypass" or "main coastal highway" runs outside it.
const TOWNS_OWN: &[&str] = &["bazaar", "bazar", "chowk", "market", "road", "street"];

/// Marks spans as containers (after "of"/"in") or features (a chain of
/// adjacent names followed by "road", "highway", "river", ...). Roads also
/// lower the precision: the event is somewhere along them.
pub fn assign_roles(tokens: &[&str], spans: &mut [Span]) {
    let mut i = 0;
    while i < spans.len() {
        // The chain of spans that follow each other directly ("quetta karachi").
        let mut j = i;
        while j + 1 < spans.len() && spans[j + 1].start == spans[j].end {
            j += 1;
        }
        // A road's words may stand between its end points and "highway": "Karachi-Quetta
        // National Highway (N-25)", "Karachi-Gwadar coastal highway". After one name, "main"
        // is the town's own main road, within it ("Turbat main road").
        let mut k = spans[j].end;
        while k < tokens.len()
            && k < spans[j].end + 3
            && is_road_qualifier(tokens[k])
            && !(i == j && tokens[k] == "main" && TOWNS_OWN.contains(&tokens.get(k + 1).copied().unwrap_or("")))
        {
            k += 1;
        }
        let after = match tokens.get(k) {
            Some(w) if k > spans[j].end && ROUTE_AFTER.contains(w) => w,
            _ => tokens.get(spans[j].end).copied().unwrap_or(""),
        };
        // An Urdu izafat ("Gulistan-e-Jauhar", "Qila-e-...") makes the name part of a longer one.
        let feature = FEATURE_AFTER.contains(&after) || matches!(after, "e" | "i" | "o");
        for s in &mut spans[i..=j] {
            let before = if s.start > 0 { tokens[s.start - 1] } else { "" };
            // "40 km from Turbat", "55 km south of Sibi", "60 km north-west of Quetta".
            let lo = s.start.saturating_sub(4);
            let measured = matches!(before, "from" | "of") && tokens[lo..s.start - 1].iter().any(|t| is_distance(t));
            // "near the Iran border", "close to the Sindh border": the border's other side is a reference.
            let border = s.end < tokens.len()
                && matches!(tokens[s.end], "border" | "frontier")
                && s.start >= 2
                && tokens[s.start - 1] == "the"
                && matches!(tokens[s.start - 2], "near" | "along" | "to" | "at" | "on");
            if measured || border {
                s.role = Role::Reference;
                s.near = true;
            } else if feature {
                s.role = Role::Feature;
                s.near |= ROUTE_AFTER.contains(&after);
            } else if matches!(before, "of" | "in") && s.role == Role::Target {
                s.role = Role::Container;
            }
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STOP_WORDS, NOT_FUZZY] {
            let mut s = list.to_vec();
            s.sort();
            assert_eq!(s, list, "keep the list sorted");
        }
    }

    #[test]
    fn hints_come_from_neighbouring_words() {
        let t: Vec<&str> = "suntsar area of gwadar district".split(' ').collect();
        assert_eq!(hint_for(&t, 3, 4).0, Hint::District);
        assert_eq!(hint_for(&t, 0, 1).0, Hint::None);
        let t: Vec<&str> = "border town of chaman".split(' ').collect();
        assert_eq!(hint_for(&t, 3, 4).0, Hint::Town);
        let t: Vec<&str> = "nasirabad neighbourhood of turbat".split(' ').collect();
        assert_eq!(hint_for(&t, 0, 1).0, Hint::SubTown);
        let t: Vec<&str> = "near the outskirts of mastung".split(' ').collect();
        assert!(hint_for(&t, 4, 5).1);
        assert!(!hint_for(&["mastung"], 0, 1).1);
    }
}
