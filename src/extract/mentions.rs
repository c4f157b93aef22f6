//! Finding place names in running text, and telling them from the words
//! around them that only look like places.
//!
//! A mention is the longest run of words that names a gazetteer place (its
//! name, an alternate name or a transliteration variant), written as a name:
//! capitalised, with only spaces, hyphens or initials inside. It is then
//! checked against what the press does with place words:
//!
//! * **Common words** — "hub", "bela", "mach", "dasht" in lower case are
//!   words, not places; a capitalised word at the start of a sentence is a
//!   place only if the text never uses it in lower case, and is not one of
//!   the common words of `gazetteer/lexicon/common_words.txt`.
//! * **Organisations and things** — a place word followed by more
//!   capitalised words that end in an organisation word ("Balochistan
//!   Liberation Army", "Pakistan Army", "Bolan Mail", "Jaffar Express"), or
//!   after "X of" where X is one ("Human Rights Commission of Pakistan").
//! * **People and longer names** — a place word right after another
//!   capitalised word that is not a place ("Sarfraz Bugti",
//!   "Tehreek-e-Taliban Pakistan"), or after a title ("Gen.", "Nawab").
//! * **Peoples** — demonyms and tribe names used of people ("Baloch",
//!   "Marri tribesmen").
//!
//! Names that are in no gazetteer are caught in strong contexts only ("the
//! town of Manoghar", "Gichk area", "Zamuran valley"): they are reported as
//! unresolved mentions, never dropped.

use super::tokens::{Gap, Sentence, Token};
use crate::gazetteer::Gazetteer;
use crate::geocode::phrase::{hint_for, is_stop, lookup, Cand, Hint};

/// Capitalised words that may follow a place name without making it part of
/// another name: administrative words, geography, and offices of a place
/// ("Balochistan Chief Minister", "Balochistan government").
const AFTER_OK: &[&str] = &[
    "administration",
    "agency",
    "airport",
    "ambassador",
    "area",
    "areas",
    "assembly",
    "bazaar",
    "border",
    "cabinet",
    "cantonment",
    "chief",
    "city",
    "coast",
    "coastal",
    "district",
    "districts",
    "division",
    "embassy",
    "envoy",
    "foreign",
    "government",
    "governor",
    "harbour",
    "highway",
    "home",
    // The pronoun: "when I reached Khuzdar I saw".
    "i",
    "inspector",
    "minister",
    "ministry",
    "port",
    "president",
    "prime",
    "province",
    "provinces",
    "provincial",
    "region",
    "road",
    "secretary",
    "sector",
    "tehsil",
    "tehsils",
    "town",
    "union",
    "valley",
];

/// Capitalised words that may come right before a place name.
const BEFORE_OK: &[&str] = &[
    "central", "east", "eastern", "greater", "lower", "north", "northern", "south", "southern", "upper", "west",
    "western",
];

/// Designators written before a place's name ("District Kech", "Tehsil
/// Dasht", "UC Patri", "Goth Allah Bux"): the name is a place of that kind.
const DESIGNATORS_BEFORE: &[&str] = &[
    "district", "distt", "goth", "mohalla", "mouza", "tehsil", "uc", "village",
];

/// Whether a designator stands right before token `i` ("District X",
/// "Union Council X"): it frames the name as a place, not a longer name.
pub(crate) fn designator_before(tokens: &[Token], i: usize, first: usize) -> bool {
    if i == first || !joined(tokens, i - 1) {
        return false;
    }
    let w = tokens[i - 1].norm.as_str();
    sorted_has(DESIGNATORS_BEFORE, w)
        || (w == "council" && i >= first + 2 && tokens[i - 2].norm == "union" && joined(tokens, i - 2))
}

/// Designators of a unit smaller than a district ("Union Council X", "UC X",
/// "Mouza X", "Tehsil X", "Village X"); "District X" is none.
fn unit_designator_before(tokens: &[Token], i: usize, first: usize) -> bool {
    designator_before(tokens, i, first) && !matches!(tokens[i - 1].norm.as_str(), "district" | "distt")
}

/// Words that name units smaller than a district, which a list of their
/// names may follow: "12 union councils: X, Y and Z", "its unions are X, Y",
/// "one sub tehsil (X)", "a further union council, named X".
const UNIT_NOUNS: &[&str] = &[
    "council",
    "councils",
    "mouza",
    "mouzas",
    "subdivision",
    "subdivisions",
    "tehsil",
    "tehsils",
    "uc",
    "ucs",
    "union",
    "unions",
];
/// Words between a unit noun and the list of names it introduces.
const UNIT_CUES: &[&str] = &[
    "are",
    "called",
    "comprise",
    "include",
    "includes",
    "including",
    "is",
    "named",
    "namely",
    "were",
];

/// Which words of the sentence `[first, last)` belong to a list of units
/// that a unit noun introduces (see [`UNIT_NOUNS`]): the names after it,
/// joined by commas, "and", "or", "plus", up to the first word that is
/// neither a name, nor a number after one ("Mastung-1", "Sobarani-II"), nor such a joint.
/// Also returns, for each listed word, where the list names the unit that holds them
/// ("union councils of Kalat: ..."): the first word of that name.
pub(crate) fn unit_members(text: &str, tokens: &[Token], first: usize, last: usize) -> (Vec<bool>, Vec<Option<usize>>) {
    let mut listed = vec![false; last - first];
    let mut owner: Vec<Option<usize>> = vec![None; last - first];
    let mut j = first;
    while j < last {
        let noun = tokens[j].norm.as_str();
        let is_noun = sorted_has(UNIT_NOUNS, noun)
            // "council(s)" only after "union"; "union" only as the Pakistani unit ("unions"), never "union council" itself.
            && (!noun.starts_with("council") || j > first && tokens[j - 1].norm == "union")
            && !(noun == "union" && tokens.get(j + 1).is_some_and(|t| t.norm.starts_with("council")))
            && !tokens[j].cap;
        if !is_noun {
            j += 1;
            continue;
        }
        // The cue: a cue word ("are", "named"), a bracket, or — after a plural — a colon or comma;
        // the unit's own district may come first ("union councils of Panjgur district are: ...",
        // "tehsils of the district:").
        let mut k = j + 1;
        let mut at = j;
        let mut holder = None;
        if k < last && tokens[k].norm == "of" && tokens[j].norm.ends_with('s') {
            let mut m = k + 1;
            if m < last && tokens[m].norm == "the" {
                m += 1;
            }
            let start = m;
            while m < last
                && m < start + 3
                && tokens[m].gap != Gap::Punct
                && (name_like(&tokens[m]) || tokens[m].norm == "district")
            {
                m += 1;
            }
            if m > start && m < last {
                at = m - 1;
                k = m;
                holder = name_like(&tokens[start]).then_some(start);
            }
        }
        if k >= last {
            break;
        }
        let between = text[tokens[at].end..tokens[k].start].trim();
        let plural = noun.ends_with('s');
        if sorted_has(UNIT_CUES, &tokens[k].norm) {
            k += 1;
        } else if !(between == "(" || plural && matches!(between, ":" | ",")) {
            j += 1;
            continue;
        }
        // The list.
        let mut any = false;
        while k < last && name_like(&tokens[k]) && !tokens[k].digit {
            listed[k - first] = true;
            owner[k - first] = holder;
            any = true;
            k += 1;
            // The rest of this name: joined words, a number after it.
            while k < last && tokens[k].gap != Gap::Punct && (name_like(&tokens[k]) || tokens[k].digit) {
                listed[k - first] = true;
                owner[k - first] = holder;
                k += 1;
            }
            // A joint: punctuation, "and"/"or"/"plus", or both (", and").
            if k >= last {
                break;
            }
            let word = matches!(tokens[k].norm.as_str(), "and" | "or" | "plus");
            if !word && tokens[k].gap != Gap::Punct {
                break;
            }
            k += word as usize;
        }
        j = if any { k } else { j + 1 };
    }
    (listed, owner)
}

/// Words that close a place name but open nothing new at the start of a
/// sentence ("In Quetta", "After Turbat").
const FUNCTION_WORDS: &[&str] = &[
    "across",
    "after",
    "along",
    "also",
    "and",
    "around",
    "as",
    "at",
    "before",
    "between",
    "both",
    "but",
    "by",
    "during",
    "earlier",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "later",
    "meanwhile",
    "near",
    "of",
    "on",
    "outside",
    "since",
    "the",
    "then",
    "through",
    "to",
    "while",
    "with",
    "within",
];

/// Lower-case words allowed inside a multi-word name ("Jammu and Kashmir", "Dera Ismail Khan").
const CONNECTORS: &[&str] = &["al", "and", "bin", "de", "e", "el", "i", "o", "of", "ul", "ur"];

/// Words after which a capitalised unknown word is a place name ("the town of Manoghar").
const PLACE_OF: &[&str] = &[
    "area", "district", "town", "towns", "village", "villages", "valley", "tehsil",
];
/// Words after which an unknown capitalised word is a place name ("Gichk area").
const PLACE_AFTER: &[&str] = &["area", "district", "tehsil", "town", "valley", "village"];
/// Plural place words after a list of names that make each a place ("the Mand and Tump areas").
const PLACES_AFTER_LIST: &[&str] = &[
    "areas",
    "districts",
    "graveyards",
    "tehsils",
    "towns",
    "valleys",
    "villages",
];

/// Why a name-like word was not taken as a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    Lowercase,
    CommonWord,
    Demonym,
    Organisation,
    LongerName,
    Person,
    Tribe,
    /// A village-sized name the text gives no sign of using as a place.
    NoEvidence,
}

impl Rejection {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::Lowercase => "lower_case_word",
            Rejection::CommonWord => "common_word",
            Rejection::Demonym => "demonym",
            Rejection::Organisation => "organisation_name",
            Rejection::LongerName => "part_of_longer_name",
            Rejection::Person => "person_name",
            Rejection::Tribe => "tribe_name",
            Rejection::NoEvidence => "no_place_evidence",
        }
    }
}

/// A run of words that may name a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Token range `[start, end)`.
    pub tokens: (usize, usize),
    /// Normalised name.
    pub gram: String,
    /// Gazetteer candidates (empty: a name in no gazetteer, from its context).
    pub cands: Vec<Cand>,
    pub hint: Hint,
    /// Not taken as a place, and why.
    pub rejected: Option<Rejection>,
    /// The name is the first part of a longer name of a feature that no
    /// gazetteer has ("Kech River", "Quetta-Taftan Highway", "Jinnah Road").
    pub compound: Option<Compound>,
    /// Named as a unit of a district, and how.
    pub unit: Option<UnitFrame>,
    /// Defined as a place by the words after it ("X, a town in Y", "X is a shrine in Y").
    pub definition: Option<Definition>,
}

/// What a definition after a name says: "X, a small town in Y", "X (Urdu: ...) is a shrine in
/// Y", "X, the capital of Y", "X is located in Y".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    /// What kind of place the defining noun says it is (none for "is located in").
    pub hint: Hint,
    /// Where a place that contains it is named: the first word after "in" or "of" ("a town in
    /// Gwadar District"; "a village of the Kech district").
    pub within: Option<usize>,
}

/// Nouns that define what follows a name as a place: "X, a town in Y", "X is a shrine".
const DEFINITION_KINDS: &[&str] = &[
    "airfield",
    "airport",
    "area",
    "bay",
    "beach",
    "cape",
    "capital",
    "city",
    "colony",
    "council",
    "dam",
    "desert",
    "district",
    "division",
    "fort",
    "fortress",
    "hamlet",
    "harbor",
    "harbour",
    "headquarters",
    "hill",
    "island",
    "junction",
    "lake",
    "locality",
    "mountain",
    "municipality",
    "neighborhood",
    "neighbourhood",
    "park",
    "pass",
    "peak",
    "plain",
    "plateau",
    "port",
    "promontory",
    "range",
    "region",
    "reservoir",
    "river",
    "settlement",
    "shrine",
    "spring",
    "station",
    "stream",
    "subdivision",
    "suburb",
    "tehsil",
    "town",
    "township",
    "valley",
    "village",
    "waterfall",
    "wetland",
];

/// Words that may follow the defining noun: where the place lies, or what else it is. Any
/// other word makes the noun part of another's ("a village elder", "a district official").
const AFTER_DEFINITION: &[&str] = &[
    "about",
    "across",
    "along",
    "and",
    "approximately",
    "around",
    "at",
    "between",
    "bordering",
    "by",
    "called",
    "close",
    "east",
    "famous",
    "in",
    "inside",
    "just",
    "known",
    "located",
    "lying",
    "near",
    "nearly",
    "north",
    "northeast",
    "northwest",
    "of",
    "off",
    "on",
    "or",
    "overlooking",
    "roughly",
    "situated",
    "some",
    "south",
    "southeast",
    "southwest",
    "standing",
    "that",
    "west",
    "where",
    "which",
    "with",
    "within",
];

/// The definition after a name that ends at token `end`, in its sentence (which ends at
/// `last`): "X, a/an/the [up to four words] KIND ..." or "X is/was a/an/the [...] KIND ..."
/// with KIND a noun of [`DEFINITION_KINDS`] followed by the sentence's end, a punctuation mark
/// or a word of [`AFTER_DEFINITION`]; "X is one of the [...] KINDs of Y"; more kinds joined by
/// "and" ("a town and union council of Y"); or "X is/was located|situated in ...", "X lies in ...".
/// A bracket right after the name is passed over ("Ormara (Balochi, Urdu: ...) is a town").
pub(crate) fn definition_after(text: &str, tokens: &[Token], end: usize, last: usize) -> Option<Definition> {
    let gap = |k: usize| &text[tokens[k - 1].end..tokens[k].start];
    if end >= last || tokens[end - 1].possessive {
        return None;
    }
    let mut k = end;
    if gap(k).contains('(') && !gap(k).contains(')') {
        // The bracket's end: the first gap with ")" within the sentence.
        k = (k + 1..last.min(k + 25)).find(|&j| gap(j).contains(')'))?;
    }
    let w = |k: usize| tokens.get(k).filter(|_| k < last).map(|t| t.norm.as_str());
    // Past another spelling in apposition: "Kalat, also spelled Qalat, is a town in ...".
    let mut appositive = false;
    if gap(k).trim() == ","
        && w(k) == Some("also")
        && matches!(w(k + 1), Some("spelled" | "spelt" | "written" | "known" | "called"))
    {
        k = (k + 2..last.min(k + 12)).find(|&j| gap(j).trim() == ",")?;
        appositive = true;
    }
    // Or the other spelling itself: "Qalat" in "Kalat, also spelled Qalat, is a town in ...".
    let alias = || {
        (end.saturating_sub(5)..end).any(|j| {
            j >= 1
                && tokens[j - 1].norm == "also"
                && matches!(
                    tokens[j].norm.as_str(),
                    "spelled" | "spelt" | "written" | "known" | "called"
                )
        })
    };
    let g = gap(k).trim().trim_start_matches(')').trim();
    let g = if g == "," && (appositive || alias()) { "" } else { g };
    let article = |k: usize| matches!(w(k), Some("a" | "an" | "the"));
    // "located in Y", "lies near Y": a place, in Y when "in".
    let located = |k: usize| {
        matches!(w(k + 1), Some("in" | "on" | "near" | "at")).then(|| Definition {
            hint: Hint::None,
            within: (w(k + 1) == Some("in"))
                .then(|| within_from(tokens, k + 2, last))
                .flatten(),
        })
    };
    let (start, plural) = if g == "," && article(k) {
        (k + 1, false)
    } else if g.is_empty() && matches!(w(k), Some("is" | "was")) {
        let k = k + 1 + (w(k + 1) == Some("also")) as usize;
        if matches!(w(k), Some("located" | "situated")) {
            return located(k);
        }
        if w(k) == Some("one") && w(k + 1) == Some("of") && w(k + 2) == Some("the") {
            (k + 3, true)
        } else if article(k) {
            (k + 1, false)
        } else {
            return None;
        }
    } else if g.is_empty() && w(k) == Some("lies") {
        return located(k);
    } else {
        return None;
    };
    let (mut q, mut council) = kind_noun(tokens, start, last, plural)?;
    // "a town and union council of Y", "a village and tehsil headquarters in Y".
    while w(q + 1) == Some("and") && tokens[q + 1].gap == Gap::Space {
        match kind_noun(tokens, q + 2, last, plural) {
            Some((q2, c2)) => (q, council) = (q2, council || c2),
            None => break,
        }
    }
    let t = &tokens[q];
    let ends = q + 1 >= last || tokens[q + 1].gap == Gap::Punct;
    if t.possessive || !ends && !sorted_has(AFTER_DEFINITION, &tokens[q + 1].norm) {
        return None;
    }
    let within = (!ends && matches!(tokens[q + 1].norm.as_str(), "in" | "of"))
        .then(|| within_from(tokens, q + 2, last))
        .flatten();
    let hint = if council {
        Hint::Town
    } else {
        crate::geocode::phrase::hint_of_word(singular(&t.norm, plural))
    };
    Some(Definition { hint, within })
}

/// The defining noun among the (up to five) words from `start` joined by spaces or hyphens:
/// its index, and whether it is "union council". Plural nouns count where `plural` ("one of
/// the union councils of Y").
fn kind_noun(tokens: &[Token], start: usize, last: usize, plural: bool) -> Option<(usize, bool)> {
    let mut q = start;
    while q < last && q < start + 5 {
        let t = &tokens[q];
        if q > start && !matches!(t.gap, Gap::Space | Gap::Hyphen) {
            return None;
        }
        let noun = singular(&t.norm, plural);
        let council = noun == "council" && q > start && tokens[q - 1].norm == "union";
        if !t.cap && sorted_has(DEFINITION_KINDS, noun) && (noun != "council" || council) {
            return Some((q, council));
        }
        q += 1;
    }
    None
}

/// A plural noun's singular ("councils", "cities"), where plurals are allowed.
fn singular(w: &str, plural: bool) -> &str {
    if !plural {
        return w;
    }
    match w {
        "cities" => "city",
        "colonies" => "colony",
        "localities" => "locality",
        _ => w.strip_suffix('s').unwrap_or(w),
    }
}

/// The first word written as a name from `k` on, past "the" and up to two other words
/// ("in the Kech district", "in district Kech"): where a containing place is named.
fn within_from(tokens: &[Token], k: usize, last: usize) -> Option<usize> {
    (k..last.min(k + 3)).find(|&j| name_like(&tokens[j]) && !tokens[j].digit)
}

/// How a name is framed as a unit of a district (a union council, mouza, tehsil, village).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitFrame {
    /// After a designator: "Union Council X", "UC X", "Mouza X", "Tehsil X", "Village X".
    Designator,
    /// In a list of units after the noun that names them: "its union councils are X, Y and Z"
    /// (see [`unit_members`]).
    List,
}

/// The unit frame of a name starting at token `i`: in a list, or after a designator.
fn unit_frame(tokens: &[Token], i: usize, first: usize, listed: bool) -> Option<UnitFrame> {
    if listed {
        Some(UnitFrame::List)
    } else {
        unit_designator_before(tokens, i, first).then_some(UnitFrame::Designator)
    }
}

/// A feature named after a place: what its last word says of its extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compound {
    /// A river, range, road between towns, railway line, coast or plain:
    /// it runs through several districts.
    Extended,
    /// A stadium, residency, gas field, junction, island, ...: a point in or
    /// near the place it is named after, when that place is a known one.
    Point,
}

/// Last words of a feature's name that make it run through several districts.
const EXTENDED_WORDS: &[&str] = &[
    "coast",
    "desert",
    "highway",
    "hills",
    "line",
    "motorway",
    "mountains",
    "plain",
    "plains",
    "railway",
    "range",
    "ranges",
    "river",
];
/// Last words of a feature's name that make it a point.
const POINT_WORDS: &[&str] = &[
    "airbase",
    "airport",
    "barrage",
    "base",
    "bay",
    "cantonment",
    "chowk",
    "dam",
    "field",
    "fort",
    "harbour",
    "hill",
    "island",
    "junction",
    "lake",
    "mosque",
    "mountain",
    "park",
    "pass",
    "port",
    "residency",
    "road",
    "shrine",
    "stadium",
    "station",
    "street",
    "tunnel",
];

/// Whether a feature word names a street or a building, which many towns have.
fn is_street_word(w: &str) -> bool {
    matches!(
        w,
        "chowk" | "junction" | "mosque" | "residency" | "road" | "shrine" | "stadium" | "station" | "street"
    )
}

/// Last words of a natural feature's name: where one lies is not told by the
/// places named beside it as a building's is.
const NATURAL_WORDS: &[&str] = &["bay", "hill", "island", "lake", "mountain", "pass"];

/// Whether the feature named by `text` (as written) is a natural one ("Rodani Kacho Mountain").
pub(crate) fn is_natural(text: &str) -> bool {
    text.rsplit([' ', '-'])
        .next()
        .is_some_and(|w| sorted_has(NATURAL_WORDS, &w.to_lowercase()))
}

/// Whether `w` (normalised) is a word that ends a feature's name ("river", "pass", "island").
pub(crate) fn is_feature_word(w: &str) -> bool {
    sorted_has(EXTENDED_WORDS, w) || sorted_has(POINT_WORDS, w)
}

/// Words of an office's, a body's or a building's name ("District Jail",
/// "Tehsil Municipal Officer", "District Headquarters Hospital"), beyond the
/// organisation words.
const OFFICE_WORDS: &[&str] = &[
    "college",
    "complex",
    "courts",
    "education",
    "headquarters",
    "health",
    "hospital",
    "jail",
    "judge",
    "magistrate",
    "municipal",
    "nazim",
    "office",
    "officer",
    "officers",
    "prison",
    "school",
    "superintendent",
];

/// Whether a capitalised token is a word of an office's, a body's or a
/// building's name rather than of a place's.
fn is_office(t: &Token) -> bool {
    name_like(t)
        && (sorted_has(OFFICE_WORDS, &t.norm)
            || lexicon().org_words.contains(&t.norm)
            || sorted_has(AFTER_OK, &t.norm)
            || is_feature_word(&t.norm))
}

/// Whether the words from `end` on complete a feature's name that begins at
/// the place name ending at `end`: up to four more joined words written as
/// names ("Quetta-Taftan", "Jamal Nasir Shaheed"), then a feature word
/// (capitalised, or in lower case right after the place: "Jinnah road").
/// Returns the end of the whole name and what it says.
fn compound_after(gaz: &Gazetteer, tokens: &[Token], end: usize, last: usize) -> Option<(usize, Compound)> {
    let mut k = end;
    while k < last && k < end + 5 && joined(tokens, k - 1) {
        let t = &tokens[k];
        // A road between two places written with a hyphen is one road, whatever the case of
        // its word ("the Quetta-Karachi highway", "the Zhob-D.I. Khan road"): the other end
        // is a place, then only a road's own words ("National", "N-25").
        // (Names between: "a Quetta-based road firm" is no road; "the China-Pakistan Economic
        // Corridor road" is no road between China and Pakistan.)
        let between = k > end
            && tokens[end].gap == Gap::Hyphen
            && tokens[end..k].iter().all(name_like)
            && matches!(t.norm.as_str(), "highway" | "road" | "motorway" | "railway" | "line")
            && {
                let words: Vec<&str> = tokens[end..k].iter().map(|t| t.norm.as_str()).collect();
                !road_end(gaz, &words).is_empty() || unknown_road_end(gaz, &tokens[end..k])
            };
        if between {
            // "the Rohri-Chaman railway line": the road's or line's words that follow too.
            let mut e = k + 1;
            while e < last && joined(tokens, e - 1) && is_feature_word(&tokens[e].norm) {
                e += 1;
            }
            return Some((e, Compound::Extended));
        }
        let kind = if sorted_has(EXTENDED_WORDS, &t.norm) {
            Some(Compound::Extended)
        } else if sorted_has(POINT_WORDS, &t.norm) {
            Some(Compound::Point)
        } else {
            None
        };
        if let Some(kind) = kind.filter(|_| name_like(t) || k == end) {
            // "Gas Field", "Railway Line", "Coastal Highway": take the whole run of feature words.
            let mut e = k + 1;
            while e < last && joined(tokens, e - 1) && is_feature_word(&tokens[e].norm) {
                e += 1;
            }
            // The last word says what it is ("Mountain Range" is a range); a
            // national park spans districts as a range does.
            let kind = if sorted_has(EXTENDED_WORDS, &tokens[e - 1].norm)
                || tokens[e - 1].norm == "park" && k > 0 && tokens[k - 1].norm == "national"
            {
                Compound::Extended
            } else if e - 1 > k {
                Compound::Point
            } else {
                kind
            };
            return Some((e, kind));
        }
        if !name_like(t) || t.digit {
            return None;
        }
        k += 1;
    }
    None
}

/// The readings of a road's far ends from the words after the first hyphen ("karachi
/// national", "dera ghazi khan", "quetta chaman", "zhob d i khan"): the longest run of first
/// words that names a place, when the words after it are a road's own ("National", "coastal",
/// "N-25") or feature words, or name the next end of the same road ("Karachi-Quetta-Chaman
/// highway"). Every end's readings, first end first; none when an end is not a place.
pub(crate) fn road_end(gaz: &Gazetteer, words: &[&str]) -> Vec<Cand> {
    for n in (1..=words.len()).rev() {
        let mut ends = lookup(gaz, &words[..n].join(" "));
        if ends.is_empty() {
            continue;
        }
        let rest = &words[n..];
        if rest
            .iter()
            .all(|w| crate::geocode::phrase::is_road_qualifier(w) || is_feature_word(w))
        {
            return ends;
        }
        let further = road_end(gaz, rest);
        if !further.is_empty() {
            ends.extend(further);
            return ends;
        }
    }
    Vec::new()
}

/// Whether the last end of a road written with hyphens is a name no gazetteer here has
/// ("the Pishin-Surkhab road", "the Dera Bugti-Pir Koh road"): one to three names, none a
/// common, an organisation's or a people's word, and no end a country ("the China-Pakistan
/// Economic Corridor road" is no road between two places).
fn unknown_road_end(gaz: &Gazetteer, words: &[Token]) -> bool {
    let start = words.iter().rposition(|t| t.gap == Gap::Hyphen).unwrap_or(0);
    let last = &words[start..];
    let country = |from: usize, to: usize| {
        let name: Vec<&str> = words[from..to].iter().map(|t| t.norm.as_str()).collect();
        lookup(gaz, &name.join(" "))
            .iter()
            .any(|c| gaz.place(c.place as usize).kind == crate::model::PlaceKind::Country)
    };
    (1..=3).contains(&last.len())
        && last.iter().all(|t| {
            !t.digit
                && !lexicon().common_words.contains(&t.norm)
                && !lexicon().org_words.contains(&t.norm)
                && !lexicon().not_place.contains(&t.norm)
                && !lexicon().demonyms.contains(&t.norm)
        })
        && !(0..words.len()).any(|i| (i + 1..=words.len()).any(|j| country(i, j)))
}

/// Roman numerals that number the parts of a place (union councils, wards, sectors).
const NUMERALS: &[&str] = &["i", "ii", "iii", "iv", "ix", "v", "vi", "vii", "viii", "x"];

/// Whether token `end` is a Roman numeral numbering the name that ends before
/// it ("Usta Muhammad II", "Sobarani-I"). A lone "I" followed by a word in
/// lower case is the pronoun ("in Quetta I saw").
fn numeral_after(tokens: &[Token], end: usize, last: usize) -> bool {
    if end >= last || !joined(tokens, end - 1) {
        return false;
    }
    let t = &tokens[end];
    if !name_like(t) || !sorted_has(NUMERALS, &t.norm) || (t.norm.len() > 1 && !t.upper) {
        return false;
    }
    let pronoun = t.norm == "i"
        && tokens[end].gap != Gap::Hyphen
        && tokens
            .get(end + 1)
            .is_some_and(|n| end + 1 < last && joined(tokens, end) && !name_like(n));
    !pronoun
}

pub(crate) fn sorted_has(list: &[&str], w: &str) -> bool {
    crate::gazetteer::lexicon::in_sorted(list, w)
}

/// The lists of `gazetteer/lexicon/` (common words, demonyms, organisation words, ...).
fn lexicon() -> &'static crate::gazetteer::lexicon::Lexicon {
    crate::gazetteer::lexicon::Lexicon::get()
}

/// Whether tokens `i` and `i + 1` belong to one name (only a space, hyphen or initial between them).
fn joined(tokens: &[Token], i: usize) -> bool {
    !tokens[i].possessive
        && tokens
            .get(i + 1)
            .is_some_and(|t| matches!(t.gap, Gap::Space | Gap::Hyphen | Gap::Initial))
}

/// Whether a capitalised word is a proper noun: the text never writes it in lower case.
fn proper(t: &Token, lower_words: &std::collections::HashSet<&str>) -> bool {
    name_like(t) && !t.digit && !lower_words.contains(t.norm.as_str())
}

/// Whether a word is written as a name.
fn name_like(t: &Token) -> bool {
    t.cap || t.upper
}

/// Finds the place names and the traps in one sentence.
pub fn find(
    gaz: &Gazetteer,
    text: &str,
    tokens: &[Token],
    s: &Sentence,
    lower_words: &std::collections::HashSet<&str>,
) -> Vec<Found> {
    let (first, last) = s.tokens;
    let sent_words: Vec<&str> = tokens[first..last].iter().map(|t| t.norm.as_str()).collect();
    let words_of = |a: usize, b: usize| &sent_words[a - first..b - first];
    let (listed, owner) = unit_members(text, tokens, first, last);
    // "union councils of Kalat: X, Y": the list's own district holds them, as a definition's would.
    let held = |i: usize| {
        owner[i - first].map(|y| Definition {
            hint: Hint::None,
            within: Some(y),
        })
    };
    let unknown_at = |i: usize| {
        unknown_name(gaz, text, tokens, &sent_words, i, first, last, listed[i - first]).map(|mut f| {
            f.definition = f.definition.or(held(i));
            f
        })
    };
    let mut out = Vec::new();
    let mut i = first;
    let max = gaz.max_tokens().max(1);
    while i < last {
        if !name_like(&tokens[i]) || tokens[i].digit {
            i += 1;
            continue;
        }
        // Longest name starting here.
        let mut best: Option<(usize, Vec<Cand>)> = None;
        let mut end = i + 1;
        while end <= last && end - i <= max {
            let w = &tokens[end - 1];
            if end - 1 > i && !joined(tokens, end - 2) {
                break;
            }
            // A feature's word in lower case may end its name as the gazetteer writes it ("the
            // Kheerthar range", "Mirani dam"); no name goes on after it. Not a street's or a
            // building's: "Jinnah road" is a street of many towns, and one of Quetta's names.
            let lower_feature =
                end - 1 > i && !name_like(w) && !w.digit && is_feature_word(&w.norm) && !is_street_word(&w.norm);
            let inner_ok = name_like(w) || lower_feature || (end - 1 > i && sorted_has(CONNECTORS, &w.norm));
            if !inner_ok {
                break;
            }
            if name_like(w) || lower_feature {
                let words = words_of(i, end);
                if !words.iter().all(|w| is_stop(w)) {
                    let gram = words.join(" ");
                    let cands = lookup(gaz, &gram);
                    if !cands.is_empty() {
                        best = Some((end, cands));
                    }
                }
            }
            if lower_feature {
                break;
            }
            end += 1;
        }
        // A region that is a division of a province ("Makran", "Mekran"): it stands for the province.
        let best = best
            .or_else(|| region(gaz, &tokens[i]).map(|c| (i + 1, c)))
            .or_else(|| misspelt_well_known(gaz, tokens, i, first, last).map(|c| (i + 1, c)))
            .or_else(|| plural_range(gaz, tokens, i, first).map(|c| (i + 1, c)));
        let Some((end, cands)) = best else {
            // "Koh-e-Taftan", "Ras Ormara": a mountain or cape named after a known place.
            if let Some((start, end, cands)) = prefixed_feature(gaz, tokens, i, last) {
                out.push(Found {
                    tokens: (i, end),
                    hint: hint(&sent_words, first, i, end),
                    gram: words_of(start, end).join(" "),
                    cands,
                    rejected: None,
                    compound: Some(Compound::Point),
                    unit: unit_frame(tokens, i, first, listed[i - first]),
                    definition: definition_after(text, tokens, end, last).or(held(i)),
                });
                i = end;
                continue;
            }
            if let Some(f) = unknown_at(i) {
                i = f.tokens.1;
                out.push(f);
            } else {
                i += 1;
            }
            continue;
        };
        // "Loralai Division", "Rakhshan Division": a division of a province is larger than the
        // district or town of its name, and has no point of its own — it stands for the province.
        let regional = (end < last && joined(tokens, end - 1) && tokens[end].norm == "division")
            .then(|| gaz.districts.division_province(&name_text(tokens, i, end)))
            .flatten()
            .map(|province| crate::geocode::phrase::province_cands(gaz, province))
            .filter(|c| !c.is_empty());
        let (end, cands) = match regional {
            Some(regional) => (end + 1, regional),
            None => (end, cands),
        };
        let gram = name_text(tokens, i, end);
        let compound = compound_after(gaz, tokens, end, last);
        // "Usta Muhammad II", "Sobarani-I": a union council or ward numbered after its place.
        let numbered = end + numeral_after(tokens, end, last) as usize;
        let whole = compound.map_or(numbered, |c| c.0);
        let rejected = check(gaz, tokens, i, whole, first, last, lower_words);
        // After a designator, a place's name that is only the first words of the capitalised
        // run is no place; the whole run is the unit's name, known or not ("Union Council Kot
        // Magsi" where a gazetteer has villages Kot and Magsi).
        if rejected == Some(Rejection::LongerName) && designator_before(tokens, i, first) {
            // Titles, offices and common words end a name: "Tehsil Wadh Assistant Commissioner".
            let lex = crate::gazetteer::lexicon::Lexicon::get();
            let plain = |t: &Token| {
                !(lex.is_honorific(&t.norm)
                    || lexicon().org_words.contains(&t.norm)
                    || lexicon().common_words.contains(&t.norm))
            };
            if let Some(f) =
                unknown_at(i).filter(|f| f.tokens.1 > whole && tokens[f.tokens.0..f.tokens.1].iter().all(plain))
            {
                i = f.tokens.1;
                out.push(f);
                continue;
            }
        }
        out.push(Found {
            tokens: (i, whole),
            hint: hint(&sent_words, first, i, end),
            gram,
            cands,
            rejected,
            compound: compound.map(|c| c.1),
            unit: unit_frame(tokens, i, first, listed[i - first]),
            definition: definition_after(text, tokens, whole, last)
                .filter(|_| compound.is_none() && !measured_from(tokens, i, first))
                .or(held(i)),
        });
        i = whole;
    }
    out
}

/// Whether the name at `i` is what a distance or bearing is measured from ("50 km south of
/// Quetta", "north of Kalat"): an apposition after it ("..., the headquarters of Mastung
/// District") describes the sentence's subject, not it.
fn measured_from(tokens: &[Token], i: usize, first: usize) -> bool {
    i >= first + 2
        && tokens[i - 1].norm == "of"
        && matches!(
            tokens[i - 2].norm.as_str(),
            "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest"
        )
}

/// A misspelling of a well-known place of the province ("in Turbet", "near Kahlu",
/// the dateline "TURBET:"): one capitalised word no gazetteer has, after a
/// preposition of place or opening a sentence in capitals with punctuation after
/// it, that is no person's, tribe's or common word and lies within the fuzzy
/// index's reach of a district, a district or tehsil seat or a city of the
/// province — of one place, or of namesakes in one district (a town and its
/// district). Villages are never reached so: a word one letter from some village
/// is no evidence of a place.
fn misspelt_well_known(gaz: &Gazetteer, tokens: &[Token], i: usize, first: usize, last: usize) -> Option<Vec<Cand>> {
    let t = &tokens[i];
    let next_joined = i + 1 < last && joined(tokens, i) && name_like(&tokens[i + 1]);
    if !t.cap || t.digit || t.norm.len() < 5 || !t.norm.is_ascii() || next_joined {
        return None;
    }
    let prep = i > first && super::evidence::locative_preposition(&tokens[i - 1].norm);
    let dateline = i == first && t.upper && i + 1 < last && tokens[i + 1].gap == Gap::Punct;
    if !(prep || dateline) {
        return None;
    }
    let w = t.norm.as_str();
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    let lx = lexicon();
    let common = [&lx.common_words, &lx.org_words, &lx.not_place, &lx.demonyms]
        .iter()
        .any(|set| set.contains(w));
    if common || is_stop(w) || lex.is_person(w) || lex.is_tribe(w) || lex.is_honorific(w) {
        return None;
    }
    // "Kalati village" is a village of Kalat's, not the town.
    if tokens
        .get(i + 1)
        .is_some_and(|n| i + 1 < last && matches!(n.norm.as_str(), "village" | "goth" | "killi" | "kili"))
    {
        return None;
    }
    let key = crate::gazetteer::normalize::translit_key(w);
    let hits: Vec<Cand> = gaz
        .fuzzy(&key)
        .into_iter()
        .filter(|&(p, _)| {
            let pl = gaz.place(p as usize);
            pl.province.as_deref() == Some(crate::geocode::phrase::FOCUS_PROVINCE)
                && crate::geocode::evidence::prominent(pl)
                && spelt_like(&key, pl)
        })
        .map(|(p, sim)| Cand {
            place: p,
            quality: crate::geocode::phrase::Quality::Fuzzy(sim),
        })
        .collect();
    let d0 = gaz.place(hits.first()?.place as usize).district.clone();
    if !hits
        .iter()
        .all(|c| d0.is_some() && gaz.place(c.place as usize).district == d0)
    {
        return None;
    }
    // "handed over to Kohli in Quetta": a place named as what contains the word, that the
    // guess does not lie in or near, says the word is no slip for it.
    let framed = i + 2 < last
        && matches!(tokens[i + 1].norm.as_str(), "in" | "of")
        && name_like(&tokens[i + 2])
        && !tokens[i + 2].digit;
    if framed {
        let hit = gaz.place(hits[0].place as usize);
        let container: Vec<Cand> = (1..=3)
            .rev()
            .filter(|n| i + 2 + n <= last && (1..*n).all(|k| joined(tokens, i + 1 + k)))
            .map(|n| {
                let words: Vec<&str> = tokens[i + 2..i + 2 + n].iter().map(|t| t.norm.as_str()).collect();
                lookup(gaz, &words.join(" "))
            })
            .find(|c| !c.is_empty())
            .unwrap_or_default();
        // Only a well-known container says so: "in Kahlu in Marri area" names a tribe's land,
        // whatever villages bear the tribe's name.
        let container: Vec<Cand> = container
            .into_iter()
            .filter(|c| crate::geocode::evidence::prominent(gaz.place(c.place as usize)))
            .collect();
        let within = |c: &Cand| crate::geocode::rank::compatible(gaz, hit, gaz.place(c.place as usize));
        if !container.is_empty() && !container.iter().any(within) {
            return None;
        }
    }
    Some(hits)
}

/// Whether transliteration key `key` is a romanisation slip ([`vowel_slip`]) of one of the
/// names of `p`.
pub(crate) fn spelt_like(key: &str, p: &crate::model::Place) -> bool {
    std::iter::once(&p.name).chain(&p.alt_names).any(|n| {
        vowel_slip(
            key,
            &crate::gazetteer::normalize::translit_key(&crate::gazetteer::normalize::normalize(n)),
        )
    })
}

/// Whether transliteration key `a` differs from `b` the way one name is romanised in
/// several ways: in its vowels only ("turbet"/"turbat", "kahlu"/"kohlu"), vowel for vowel,
/// or one vowel more or fewer inside the word; or by a nasal dropped before a consonant
/// ("dalbadin"/"dalbandin": Urdu's nasal vowel is written with n or not). Another consonant
/// more or less ("Kalmat", "Surkhab") or a vowel added at the end ("Kalati") is another word.
fn vowel_slip(a: &str, b: &str) -> bool {
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() == b.len() {
        return a.iter().zip(b).all(|(&x, &y)| x == y || vowel(x) && vowel(y));
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    // The one position where the longer has a vowel the shorter lacks, inside the word.
    let k = long.iter().zip(short).take_while(|(x, y)| x == y).count();
    k > 0
        && k + 1 < long.len()
        && (vowel(long[k]) || long[k] == b'n' && vowel(long[k - 1]) && !vowel(long[k + 1]))
        && long[k + 1..] == short[k..]
}

/// "The Kirthars", "the Sulaimans": a mountain range by the plural of its name, as English
/// writes ranges; the readings of "X Range", "X Mountains" or "X Hills" that are ranges or hills.
pub(crate) fn plural_range(gaz: &Gazetteer, tokens: &[Token], i: usize, first: usize) -> Option<Vec<Cand>> {
    let t = &tokens[i];
    let stem = t.norm.strip_suffix('s')?;
    if !t.cap || t.upper || stem.len() < 4 || i == first || tokens[i - 1].norm != "the" {
        return None;
    }
    // "The Marris", "the Bugtis": a tribe's plural is the tribe, whatever hills bear its name.
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    if lex.is_tribe(stem) || lex.is_person(stem) {
        return None;
    }
    ["range", "mountains", "hills"]
        .iter()
        .map(|w| {
            let mut c = lookup(gaz, &format!("{stem} {w}"));
            c.retain(|c| {
                matches!(
                    gaz.place(c.place as usize).kind,
                    crate::model::PlaceKind::Range | crate::model::PlaceKind::Hill
                )
            });
            c
        })
        .find(|c| !c.is_empty())
}

/// Words that open the name of a mountain or a cape, in the region's languages: Persian and
/// Balochi koh ("Koh-e-Sulaiman"), Arabic jabal and ras ("Jabal Zarain", "Ras Malan").
const FEATURE_BEFORE: &[&str] = &["jabal", "jebel", "koh", "kohe", "kuh", "ras"];

/// Where the name after a capitalised [`FEATURE_BEFORE`] word at `i` begins, past an
/// izafat ("Koh-e-"): `None` when no such word or name is there.
pub(crate) fn after_feature_word(tokens: &[Token], i: usize, last: usize) -> Option<usize> {
    if !tokens[i].cap || !sorted_has(FEATURE_BEFORE, &tokens[i].norm) || !joined(tokens, i) || i + 1 >= last {
        return None;
    }
    let izafat = matches!(tokens[i + 1].norm.as_str(), "e" | "i") && tokens[i + 1].gap == Gap::Hyphen;
    let j = if izafat { i + 2 } else { i + 1 };
    (j < last && (j == i + 1 || tokens[j].gap == Gap::Hyphen) && name_like(&tokens[j]) && !tokens[j].digit).then_some(j)
}

/// A mountain or cape named after a known place ("Koh-e-Taftan", "Ras Ormara"): the start
/// and end of the place's name after the feature word, and its readings (longest name first).
fn prefixed_feature(gaz: &Gazetteer, tokens: &[Token], i: usize, last: usize) -> Option<(usize, usize, Vec<Cand>)> {
    let j = after_feature_word(tokens, i, last)?;
    (1..=3).rev().find_map(|n| {
        let end = j + n;
        let ok = end <= last && (j..end).all(|k| name_like(&tokens[k]) && (k == j || joined(tokens, k - 1)));
        if !ok {
            return None;
        }
        let gram: Vec<&str> = tokens[j..end].iter().map(|t| t.norm.as_str()).collect();
        let cands = lookup(gaz, &gram.join(" "));
        (!cands.is_empty()).then_some((j, end, cands))
    })
}

/// The province of a division named by a capitalised word that no place has
/// ("Makran"): the region lies in that province.
fn region(gaz: &Gazetteer, t: &Token) -> Option<Vec<Cand>> {
    if !t.cap || t.norm.len() < 5 || is_stop(&t.norm) {
        return None;
    }
    let province = gaz
        .districts
        .division_province_of_key(&crate::gazetteer::normalize::translit_key(&t.norm))?;
    let cands = crate::geocode::phrase::province_cands(gaz, province);
    (!cands.is_empty()).then_some(cands)
}

/// A capitalised name in no gazetteer, in a context that makes it a place:
/// "(town|area|village|district) of X", "X (area|district|valley|...)".
#[allow(clippy::too_many_arguments)]
fn unknown_name(
    gaz: &Gazetteer,
    text: &str,
    tokens: &[Token],
    sent_words: &[&str],
    i: usize,
    first: usize,
    last: usize,
    listed: bool,
) -> Option<Found> {
    if let Some(f) = road_code(tokens, sent_words, i, first, last) {
        return Some(f);
    }
    let t = &tokens[i];
    if lexicon().not_place.contains(&t.norm) || is_stop(&t.norm) || lexicon().demonyms.contains(&t.norm) || t.upper {
        return None;
    }
    // "Jamal Nasir Shaheed Stadium", "Uoch Gas Field": a name that ends in a
    // capitalised feature word is a feature's, wherever it stands.
    if let Some(f) = unknown_feature(gaz, tokens, sent_words, i, first, last) {
        return Some(f);
    }
    // The name: up to three joined capitalised words, with the izafat and other connectors
    // hyphened inside ("Koh-e-Murad", "Bahisht-e-Zainab").
    let mut end = i + 1;
    let mut words = 1;
    while end < last && words < 3 && joined(tokens, end - 1) {
        let t = &tokens[end];
        if name_like(t) && !is_stop(&t.norm) {
            end += 1;
            words += 1;
        } else if t.gap == Gap::Hyphen
            && sorted_has(CONNECTORS, &t.norm)
            && end + 1 < last
            && tokens[end + 1].gap == Gap::Hyphen
            && name_like(&tokens[end + 1])
        {
            end += 2;
            words += 1;
        } else {
            break;
        }
    }
    let before = |k: usize| (i >= first + k).then(|| tokens[i - k].norm.as_str());
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    let titled = before(1).is_some_and(|w| lex.is_honorific(w));
    let after_of = before(1) == Some("of") && before(2).is_some_and(|w| PLACE_OF.contains(&w));
    let after = tokens.get(end).filter(|_| end < last && joined(tokens, end - 1));
    // "X District Hospital", "X Tehsil Office": the kind word opens an office's
    // or a building's name, and X is whoever it is named after.
    let office_after = |k: usize| k + 1 < last && joined(tokens, k) && is_office(&tokens[k + 1]);
    let before_kind = after.is_some_and(|a| PLACE_AFTER.contains(&a.norm.as_str())) && !office_after(end);
    // "District Jail", "District Education Officer": after a designator, an
    // office's or a building's words are no place's name.
    let designated = designator_before(tokens, i, first) && !(i..=end.min(last - 1)).any(|k| is_office(&tokens[k]));
    // A title before it names a person ("the Haji Dost Muhammad District Jail"), unless a
    // place word after it or a list says it is a place named after one ("the Haji Shaher
    // area", "union councils: Kanak, Shaikh Wasil and Soro").
    if titled && !listed && !before_kind {
        return None;
    }
    // "X, a town in Y", "X is a shrine in Y": a definition counts at a sentence start too.
    let definition = definition_after(text, tokens, end, last);
    // "Koh-e-Murdar", "Ras Malan": a mountain's or a cape's word opens the name.
    let prefixed = end > i + 1 && after_feature_word(tokens, i, last).is_some();
    // "the Kunjdar and Gwarkop areas": a plural place word after a list of names.
    let list_of_places = i != first
        && super::evidence::list_around(text, tokens, i, end).is_some_and(|(_, stop)| {
            stop < last && tokens[stop].gap == Gap::Space && sorted_has(PLACES_AFTER_LIST, &tokens[stop].norm)
        });
    // At a sentence start only "X of Y" counts: a capitalised first word says nothing.
    if !(after_of
        || before_kind && i != first
        || designated
        || listed
        || definition.is_some()
        || prefixed
        || list_of_places)
    {
        return None;
    }
    // "X area" also describes areas of things ("Security area"): the word must not be common.
    if lexicon().common_words.contains(&t.norm) || lexicon().org_words.contains(&t.norm) {
        return None;
    }
    Some(Found {
        tokens: (i, end),
        gram: sent_words[i - first..end - first].join(" "),
        cands: Vec::new(),
        hint: hint(sent_words, first, i, end),
        rejected: None,
        compound: None,
        unit: unit_frame(tokens, i, first, listed),
        definition,
    })
}

/// A national highway, motorway or railway main line named by its number — "N-25", "N40",
/// "National Highway 10", "M-8", "ML-4", "Main Line 4" — with the road's word after it, if
/// any ("the N-25 highway"): a feature that runs through several districts, which the
/// sentence's places may put in a province (no gazetteer has it).
fn road_code(tokens: &[Token], sent_words: &[&str], i: usize, first: usize, last: usize) -> Option<Found> {
    let t = &tokens[i];
    if !(t.cap || t.upper) {
        return None;
    }
    // The letters and the number ("N-25", "N 25", "ML-4", "N25", "National Highway 10") as the
    // location-column parser reads them, written as a name: joined, "Highway" and "Line" capitalised.
    let (end, _) = crate::gazetteer::lexicon::route_at(sent_words, i - first)?;
    let mut end = end + first;
    if !(i..end - 1).all(|k| joined(tokens, k)) || end == i + 3 && !name_like(&tokens[i + 1]) {
        return None;
    }
    // "the N-25 highway", "the N-10 Coastal Highway", "N-40 National Highway".
    while end < last
        && end < i + 6
        && joined(tokens, end - 1)
        && matches!(
            tokens[end].norm.as_str(),
            "highway" | "motorway" | "national" | "coastal" | "railway" | "line"
        )
    {
        end += 1;
    }
    Some(Found {
        tokens: (i, end),
        gram: sent_words[i - first..end - first].join(" "),
        cands: Vec::new(),
        hint: Hint::None,
        rejected: None,
        compound: Some(Compound::Extended),
        unit: None,
        definition: None,
    })
}

/// A name in no gazetteer that a capitalised feature word ends ("Jamal Nasir
/// Shaheed Stadium", "Quaid-e-Azam Residency", "Uoch Gas Field"): up to four
/// joined words written as names (Urdu connectors such as the izafat "e"
/// inside), then the feature words. Its words must not be common,
/// organisation or title words ("Army Stadium", "Police Station", "Prime
/// Minister ... Road" name no place).
fn unknown_feature(
    gaz: &Gazetteer,
    tokens: &[Token],
    sent_words: &[&str],
    i: usize,
    first: usize,
    last: usize,
) -> Option<Found> {
    let mut k = i + 1;
    while k < last && k < i + 5 && joined(tokens, k - 1) && !is_feature_word(&tokens[k].norm) {
        let t = &tokens[k];
        if !(name_like(t) && !t.digit || sorted_has(CONNECTORS, &t.norm) && k + 1 < last && joined(tokens, k)) {
            return None;
        }
        k += 1;
    }
    if k >= last
        || !joined(tokens, k - 1)
        || !is_feature_word(&tokens[k].norm)
        || sorted_has(CONNECTORS, &tokens[k - 1].norm)
    {
        return None;
    }
    // A feature word in lower case makes no name of the words before it ("Polio field workers"),
    // except a range's or river's after "the" and one name ("the Hingol river").
    let the_one = k == i + 1 && i > first && tokens[i - 1].norm == "the" && sorted_has(EXTENDED_WORDS, &tokens[k].norm);
    if !name_like(&tokens[k]) && !the_one {
        return None;
    }
    let (end, kind) = compound_after(gaz, tokens, k, last)?;
    let common = |t: &Token| {
        lexicon().common_words.contains(&t.norm)
            || lexicon().org_words.contains(&t.norm)
            || lexicon().not_place.contains(&t.norm)
    };
    // Titles and offices ("Prime Minister Imran Khan Road Show") begin a person's name, not a feature's.
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    let title = lex.is_honorific(&tokens[i].norm);
    let office = |t: &Token| sorted_has(AFTER_OK, &t.norm);
    if title
        || tokens[i..k]
            .iter()
            .any(|t| common(t) || office(t) || lexicon().demonyms.contains(&t.norm))
        || is_stop(&tokens[i].norm)
    {
        return None;
    }
    Some(Found {
        tokens: (i, end),
        gram: sent_words[i - first..k - first].join(" "),
        cands: Vec::new(),
        hint: hint(sent_words, first, i, k),
        rejected: None,
        compound: Some(kind),
        unit: None,
        definition: None,
    })
}

/// What the words around a name say about its kind (the geocoder's rule, within the sentence).
fn hint(words: &[&str], first: usize, i: usize, end: usize) -> Hint {
    hint_for(words, i - first, end - first).0
}

/// Checks a gazetteer name `[i, end)` against the traps.
fn check(
    gaz: &Gazetteer,
    tokens: &[Token],
    i: usize,
    end: usize,
    first: usize,
    last: usize,
    lower_words: &std::collections::HashSet<&str>,
) -> Option<Rejection> {
    let t = &tokens[i];
    let single = end == i + 1;
    if single && lexicon().demonyms.contains(&t.norm) {
        return Some(Rejection::Demonym);
    }
    // A one-word name that is also an English word, where capitals say nothing:
    // the start of a sentence, or a text in capitals.
    let at_start = i == first;
    // Capitals throughout a run of words: a headline, where capitals say nothing.
    let headline = t.upper && ((i > first && tokens[i - 1].upper) || (end < last && tokens[end].upper));
    // A title in Title Case ("Khorasan Province's War on Baloch Separatists"): capitals say little.
    let words = tokens[first..last].iter().filter(|t| !t.digit && t.norm.len() > 3);
    let (n, caps) = words.fold((0, 0), |(n, c), t| (n + 1, c + name_like(t) as usize));
    let title = n >= 4 && caps * 10 >= n * 7;
    if single
        && (at_start || headline || title)
        && (lexicon().common_words.contains(&t.norm) || lower_words.contains(t.norm.as_str()))
    {
        return Some(Rejection::CommonWord);
    }
    // A dateline ("QUETTA:", "TURBAT, Dec 3 (Reuters) -"): a district or a seat in capitals
    // that opens a sentence, punctuation after it.
    let dateline = at_start
        && end < last
        && tokens[end].gap == Gap::Punct
        && (lookup(gaz, &t.norm).iter().any(|c| {
            let p = gaz.place(c.place as usize);
            // A town of the province datelines its reports too ("HUB:", "TAFTAN:").
            let town_here = p.kind == crate::model::PlaceKind::Town
                && p.province.as_deref() == Some(crate::geocode::phrase::FOCUS_PROVINCE);
            p.kind.is_admin() || p.seat != crate::model::Seat::None || town_here
        }) || single && misspelt_well_known(gaz, tokens, i, first, last).is_some());
    if single && t.upper && !headline && !dateline && t.norm.len() <= 6 {
        // "US", "UN", "FC": acronyms, unless the gazetteer spells the name that way (handled by its alternate names).
        let written = t.norm.to_ascii_uppercase();
        let alt = lookup(gaz, &t.norm).iter().any(|c| {
            let p = gaz.place(c.place as usize);
            p.name == written || p.alt_names.contains(&written)
        });
        if !alt {
            return Some(Rejection::CommonWord);
        }
    }
    // An office held for a well-known place, before or after it ("the Kech Deputy
    // Commissioner", "SHO Mangochar", "Senior Superintendent of Police Noshki"): the
    // place of the office, no longer name.
    let jurisdiction = office_beside(tokens, i, end, first, last)
        && lookup(gaz, &name_text(tokens, i, end))
            .iter()
            .any(|c| crate::geocode::evidence::prominent(gaz.place(c.place as usize)));
    // The words before: a title, or another capitalised word of the same name
    // (not a designator: "District Kech", "Union Council Khari").
    if !jurisdiction && i > first && joined(tokens, i - 1) && !designator_before(tokens, i, first) {
        let p = &tokens[i - 1];
        if lexicon().titles.contains(&p.norm) {
            return Some(Rejection::Person);
        }
        // Another place ("India-Pakistan"), a direction ("North Waziristan"), or an
        // ordinary word capitalised at a sentence start or in a title does not make a longer name.
        if proper(p, lower_words)
            && !sorted_has(BEFORE_OK, &p.norm)
            && !sorted_has(FUNCTION_WORDS, &p.norm)
            && i - 1 != first
            && lookup(gaz, &p.norm).is_empty()
        {
            // "Sarfraz Bugti": part of a person's or a thing's name.
            let chain = chain_before(tokens, i - 1, first);
            return Some(
                if chain.iter().any(|k| lexicon().org_words.contains(&tokens[*k].norm)) {
                    Rejection::Organisation
                } else {
                    Rejection::LongerName
                },
            );
        }
    }
    // "Commission of Pakistan": "of"/"for" after an organisation's name — written as a name:
    // "a union council of Kech", "the municipal committee of Turbat" are a place's units.
    if i >= first + 2
        && matches!(tokens[i - 1].norm.as_str(), "of" | "for")
        && name_like(&tokens[i - 2])
        && joined(tokens, i - 2)
        && joined(tokens, i - 1)
        && !designator_before(tokens, i - 2, first)
    {
        let chain = chain_before(tokens, i - 2, first);
        if chain.iter().any(|k| lexicon().org_words.contains(&tokens[*k].norm)) {
            return Some(Rejection::Organisation);
        }
    }
    // The words after.
    if !jurisdiction && end < last && joined(tokens, end - 1) {
        let n = &tokens[end];
        // After a designator the whole capitalised run is the name: "Union
        // Council Kot Magsi" is not the village Kot.
        if designator_before(tokens, i, first)
            && name_like(n)
            && !n.digit
            && !sorted_has(AFTER_OK, &n.norm)
            && !sorted_has(DESIGNATORS_BEFORE, &n.norm)
            && !sorted_has(PLACE_AFTER, &n.norm)
            && !lookup(gaz, &n.norm)
                .iter()
                .any(|c| crate::geocode::evidence::prominent(gaz.place(c.place as usize)))
        {
            return Some(Rejection::LongerName);
        }
        if matches!(n.norm.as_str(), "tribe" | "tribes" | "tribesmen" | "tribesman" | "clan") {
            return Some(Rejection::Tribe);
        }
        // An izafat and a name after it: one name, of another place ("Torbat-e Heydarieh",
        // "Kalat-i-Nadiri" in Iran), where the gazetteer has not the whole.
        if matches!(n.norm.as_str(), "e" | "i")
            && n.gap == Gap::Hyphen
            && end + 1 < last
            && joined(tokens, end)
            && name_like(&tokens[end + 1])
        {
            return Some(Rejection::LongerName);
        }
        if name_like(n) && !n.digit {
            // The capitalised words that follow, up to a break.
            let mut k = end;
            let mut org = false;
            while k < last
                && k < end + 5
                && (k == end || joined(tokens, k - 1))
                && (name_like(&tokens[k]) || sorted_has(CONNECTORS, &tokens[k].norm))
            {
                if lexicon().org_words.contains(&tokens[k].norm) {
                    org = true;
                }
                k += 1;
            }
            if org {
                return Some(Rejection::Organisation);
            }
            if !sorted_has(AFTER_OK, &n.norm) && proper(n, lower_words) && lookup(gaz, &n.norm).is_empty() {
                return Some(Rejection::LongerName);
            }
        }
    }
    None
}

/// The normalised words `[i, end)`.
fn name_text(tokens: &[Token], i: usize, end: usize) -> String {
    tokens[i..end]
        .iter()
        .map(|t| t.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an office of the lexicon (one to four words, no break inside) stands right before
/// `[i, end)` or right after it.
fn office_beside(tokens: &[Token], i: usize, end: usize, first: usize, last: usize) -> bool {
    let lex = crate::gazetteer::lexicon::Lexicon::get();
    (1..=4).any(|k| {
        let before =
            i >= first + k && (i - k..i).all(|j| joined(tokens, j)) && lex.is_office(&name_text(tokens, i - k, i));
        let after = end + k <= last
            && (end - 1..end + k - 1).all(|j| joined(tokens, j))
            && lex.is_office(&name_text(tokens, end, end + k));
        before || after
    })
}

/// The joined capitalised words ending at `k` (inclusive), going back.
fn chain_before(tokens: &[Token], k: usize, first: usize) -> Vec<usize> {
    let mut out = vec![k];
    let mut j = k;
    while j > first
        && joined(tokens, j - 1)
        && (name_like(&tokens[j - 1]) || sorted_has(CONNECTORS, &tokens[j - 1].norm))
        && out.len() < 6
    {
        j -= 1;
        out.push(j);
    }
    out
}

/// The names of this country's well-known places (a district, a seat of one) of one or two
/// words that a text may write in lower case, with their first two letters for a quick
/// test of the many words that are none of them. Built once per [`super::Extractor`].
#[derive(Debug)]
pub struct WellKnownNames {
    first2: Vec<bool>,
    names: std::collections::HashSet<String>,
}

impl WellKnownNames {
    pub fn new(gaz: &Gazetteer) -> Self {
        let lx = lexicon();
        let mut first2 = vec![false; 1 << 16];
        let mut names = std::collections::HashSet::new();
        for p in gaz.places() {
            if p.country != super::HOME_COUNTRY
                || !(p.kind == crate::model::PlaceKind::District || p.seat != crate::model::Seat::None)
            {
                continue;
            }
            for n in std::iter::once(&p.name).chain(p.alt_names.iter()) {
                let n = crate::gazetteer::normalize::normalize(n);
                let words = n.split(' ').count();
                let word_like = |w: &str| {
                    !is_stop(w)
                        && !lx.common_words.contains(w)
                        && !lx.lower_case_words.contains(w)
                        && !lx.org_words.contains(w)
                };
                if n.len() < 4 || words > 2 || words == 1 && !word_like(&n) {
                    continue;
                }
                let b = n.as_bytes();
                first2[(b[0] as usize) << 8 | b[1] as usize] = true;
                names.insert(n);
            }
        }
        WellKnownNames { first2, names }
    }

    /// Whether `w` (normalised) is one of the names.
    fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        b.len() >= 4 && self.first2[(b[0] as usize) << 8 | b[1] as usize] && self.names.contains(w)
    }
}

/// Place names written in lower case, read as names where the text leaves no doubt:
///
/// * one sense per discourse — a well-known place's name of this country (a district, a seat of
///   one) that the same text also writes capitalised inside a sentence ("... at Turbat. In
///   addition, turbat has singers");
/// * a text written in lower case throughout (its first letter and most letters after its full
///   stops in lower case: "kharan: a grenade was hurled ... in washuk"), where capitals say
///   nothing — the well-known places' names of one or two words.
///
/// The common words of the lexicon stay words ("hub", "mach"); other places need capitals.
pub fn recase_names(known: &WellKnownNames, text: &str, tokens: &mut [Token]) {
    let lowered = |t: &Token| !t.cap && !t.upper && !t.digit;
    // (A text in lower case is one sentence to the tokenizer, which ends one only before a capital.)
    let lower_text = text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase) && {
        let (mut lower, mut upper) = (0, 0);
        let b = text.as_bytes();
        for i in 0..b.len().saturating_sub(2) {
            if b[i] == b'.' && b[i + 1] == b' ' {
                match b[i + 2] {
                    c if c.is_ascii_lowercase() => lower += 1,
                    c if c.is_ascii_uppercase() => upper += 1,
                    _ => {}
                }
            }
        }
        lower >= upper
    };
    // The well-known names the text writes capitalised inside a sentence, where capitals mark a
    // name (not at its start: "Male relatives") — few, often none: only then are its lower-case
    // words compared with them.
    let mut capitalised: Vec<&str> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.cap
            && !t.upper
            && i > 0
            && tokens[i - 1].sentence == t.sentence
            && known.contains(&t.norm)
            && !capitalised.contains(&t.norm.as_str())
        {
            capitalised.push(&t.norm);
        }
    }
    if !lower_text && capitalised.is_empty() {
        return;
    }
    let mut names = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !lowered(t) {
            continue;
        }
        if lower_text && known.contains(&t.norm) || capitalised.contains(&t.norm.as_str()) {
            names.push(i);
        } else if lower_text && tokens.get(i + 1).is_some_and(lowered) && joined(tokens, i) {
            // Two words ("dera bugti"), in a text in lower case.
            if known.contains(&format!("{} {}", t.norm, tokens[i + 1].norm)) {
                names.extend([i, i + 1]);
            }
        }
    }
    for i in names {
        tokens[i].cap = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted() {
        for list in [
            AFTER_OK,
            BEFORE_OK,
            DESIGNATORS_BEFORE,
            FUNCTION_WORDS,
            CONNECTORS,
            NUMERALS,
            NATURAL_WORDS,
            EXTENDED_WORDS,
            POINT_WORDS,
            OFFICE_WORDS,
            UNIT_NOUNS,
            UNIT_CUES,
            DEFINITION_KINDS,
            AFTER_DEFINITION,
        ] {
            let mut v = list.to_vec();
            v.sort();
            assert_eq!(v, list);
        }
    }

    /// The names of `text` that [`unit_members`] marks (their words joined by spaces).
    fn listed(text: &str) -> Vec<String> {
        let (tokens, _) = super::super::tokens::tokenize(text);
        let (marks, _) = unit_members(text, &tokens, 0, tokens.len());
        let mut out: Vec<String> = Vec::new();
        let mut prev = false;
        for (t, &m) in tokens.iter().zip(&marks) {
            if m && prev && t.gap != Gap::Punct {
                out.last_mut().unwrap().push_str(&format!(" {}", &text[t.start..t.end]));
            } else if m {
                out.push(text[t.start..t.end].to_string());
            }
            prev = m;
        }
        out
    }

    #[test]
    fn lists_of_units_run_from_their_noun_to_the_first_word_that_is_no_name() {
        assert_eq!(
            listed("It had 4 union councils: Kot Sabzal, Shahrak-II, and Dad Karim; more came later."),
            ["Kot Sabzal", "Shahrak II", "Dad Karim"]
        );
        assert_eq!(
            listed("Its tehsils are Tump and Mand plus Dasht."),
            ["Tump", "Mand", "Dasht"]
        );
        assert_eq!(listed("one sub tehsil (Mirpur) was added"), ["Mirpur"]);
        assert_eq!(listed("A further union council, named Alizai, was made."), ["Alizai"]);
        // A singular noun before a comma introduces nothing; nor does "union" before "council" itself.
        assert!(listed("In the tehsil, Quetta police said so.").is_empty());
        assert!(listed("The Union Council Mirpur met.").is_empty());
        // A plural before a comma does (what is no place is left to the name checks after); the list
        // stops at a word in lower case.
        assert_eq!(listed("Across its tehsils, Levies and officials met."), ["Levies"]);
    }

    /// The definition after the first word of `text` (a one-word name), with the word its
    /// containing place starts at.
    fn defined(text: &str) -> Option<(Hint, Option<String>)> {
        let (tokens, _) = super::super::tokens::tokenize(text);
        let last = tokens.iter().take_while(|t| t.sentence == 0).count();
        definition_after(text, &tokens, 1, last).map(|d| {
            (
                d.hint,
                d.within.map(|k| text[tokens[k].start..tokens[k].end].to_string()),
            )
        })
    }

    #[test]
    fn definitions_after_a_name() {
        let within = |w: &str| Some(w.to_string());
        // Apposition, copula, a bracket passed over, "the" and the containing place after "in"/"of".
        assert_eq!(
            defined("Zorkani, a small town in Kech, grew."),
            Some((Hint::Town, within("Kech")))
        );
        assert_eq!(
            defined("Zorkani (Balochi: زورکانی) is a fishing village of the Gwadar district."),
            Some((Hint::SubTown, within("Gwadar")))
        );
        assert_eq!(
            defined("Zorkani is the capital of Awaran."),
            Some((Hint::None, within("Awaran")))
        );
        assert_eq!(
            defined("Zorkani, a union council in Kech."),
            Some((Hint::Town, within("Kech")))
        );
        assert_eq!(
            defined("Zorkani is located in Panjgur."),
            Some((Hint::None, within("Panjgur")))
        );
        assert_eq!(defined("Zorkani lies near the coast."), Some((Hint::None, None)));
        // The noun ends the sentence or a clause; "and", "which" and places' words may follow it.
        assert_eq!(defined("Zorkani is a shrine."), Some((Hint::None, None)));
        assert_eq!(
            defined("Zorkani is a town and its market busy."),
            Some((Hint::Town, None))
        );
        // Any other word after it makes the noun part of another's: a person, an office.
        assert_eq!(defined("Saleem, a village elder, said so."), None);
        assert_eq!(defined("Hassan is a district official in Quetta."), None);
        assert_eq!(defined("Bangulzai, the town's elder, spoke."), None);
        assert_eq!(defined("Saleem, a city council member."), None);
        // No article, no definition; a capitalised noun is a name's word, not the definition's.
        assert_eq!(defined("Saleem is town chief."), None);
        assert_eq!(defined("Saleem, a Town Committee member."), None);
        // A bracket that never closes in the sentence hides what follows.
        assert_eq!(defined("Zorkani (Balochi is a town in Kech."), None);
        // Kinds joined by "and", and "one of the" with a plural.
        assert_eq!(
            defined("Zorkani is a town and union council of Kech District."),
            Some((Hint::Town, within("Kech")))
        );
        assert_eq!(
            defined("Zorkani is one of the union councils of Awaran."),
            Some((Hint::Town, within("Awaran")))
        );
        assert_eq!(
            defined("Zorkani is one of the cities of Kech."),
            Some((Hint::Town, within("Kech")))
        );
        assert_eq!(defined("Saleem is one of the elders of Kech."), None);
        assert_eq!(defined("Saleem is a village elder and council member."), None);
    }
}
