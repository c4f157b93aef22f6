//! Evidence that a name in running text is used as a place.
//!
//! Many villages carry the name of a person or a clan ("Saleem", "Raisani",
//! "Muhammad Shahi"), so a village-sized match needs the text's support:
//!
//! * **for** — a locative frame: a preposition of place before it ("in",
//!   "at", "near", "from", "to", "via", ...), or a place word after it
//!   ("X district", "X town", "X area", "X tehsil", "X valley"); being listed
//!   with places that have such support ("Quetta, Mastung and X");
//! * **against** — a speech verb after it ("X said"), a title before it, or a
//!   word for people after it ("X tribesmen", "X family"); its being a given
//!   name, family name or tribe ([`Lexicon`](crate::gazetteer::lexicon::Lexicon)).
//!
//! One sense per discourse: what one occurrence of a name shows holds for
//! every occurrence in the document.

use super::tokens::{Gap, Token};
use crate::gazetteer::lexicon::Lexicon;

/// Prepositions that put a place after them.
const LOCATIVE_BEFORE: &[&str] = &[
    "across", "around", "at", "between", "beyond", "from", "in", "inside", "into", "near", "outside", "through", "to",
    "toward", "towards", "via", "within",
];

/// Whether a word is a preposition of place ("in", "near", "from", ...).
pub fn locative_preposition(w: &str) -> bool {
    has(LOCATIVE_BEFORE, w)
}

/// Words after a name that make it a place ("Kanak area", "Nushki district").
const PLACE_WORDS_AFTER: &[&str] = &[
    "area",
    "areas",
    "city",
    "district",
    "districts",
    "division",
    "province",
    "region",
    "subdivision",
    "tehsil",
    "tehsils",
    "town",
    "union",
    "valley",
    "village",
    "villages",
];

/// Words before "of" that make what follows a place ("the town of X", "outskirts of X", "40 km east of X",
/// "a resident of X", "from the direction of X", "parts of X").
const PLACE_WORDS_BEFORE_OF: &[&str] = &[
    "area",
    "city",
    "coast",
    "desert",
    "direction",
    "district",
    "east",
    "fields",
    "hills",
    "inhabitants",
    "mines",
    "mountains",
    "native",
    "natives",
    "north",
    "northeast",
    "northwest",
    "outskirts",
    "part",
    "parts",
    "plains",
    "port",
    "province",
    "region",
    "resident",
    "residents",
    "south",
    "southeast",
    "southwest",
    "suburbs",
    "tehsil",
    "town",
    "valley",
    "vicinity",
    "village",
    "west",
];

/// Verbs of speaking after a name make it a person's.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "announced",
    "claimed",
    "confirmed",
    "denied",
    "said",
    "says",
    "stated",
    "told",
    "urged",
    "warned",
];

fn has(list: &[&str], w: &str) -> bool {
    crate::gazetteer::lexicon::in_sorted(list, w)
}

/// Whether the name `[i, end)` stands in a locative frame within its sentence `[first, last)`.
pub fn locative(tokens: &[Token], i: usize, end: usize, first: usize, last: usize) -> bool {
    // A designator before: "District Kech", "Union Council Khari".
    if super::mentions::designator_before(tokens, i, first) {
        return true;
    }
    // Within: a name of two words or more that ends in a feature word
    // ("Astola Island", "Kech River", "Bolan Pass") carries its own frame.
    if end >= i + 2 && super::mentions::is_feature_word(&tokens[end - 1].norm) {
        return true;
    }
    // Before: "in X", "in the X", "from northern X".
    let mut k = i;
    let mut skipped = 0;
    while k > first && skipped < 3 {
        let w = tokens[k - 1].norm.as_str();
        if has(LOCATIVE_BEFORE, w) {
            return true;
        }
        if w == "of" {
            return k >= first + 2 && has(PLACE_WORDS_BEFORE_OF, tokens[k - 2].norm.as_str());
        }
        if !matches!(
            w,
            "the" | "northern" | "southern" | "eastern" | "western" | "central" | "remote" | "nearby" | "neighbouring"
        ) {
            break;
        }
        k -= 1;
        skipped += 1;
    }
    // After: "X district", "X area".
    end < last && tokens[end].gap != Gap::Punct && has(PLACE_WORDS_AFTER, tokens[end].norm.as_str())
}

/// Whether a preposition stands before token `i` (an article between): the
/// name there is the preposition's object, not the subject of a verb after it
/// ("Residents of Mand said", "People in Tump told reporters").
pub fn after_preposition(tokens: &[Token], i: usize, first: usize) -> bool {
    let mut k = i;
    if k > first && tokens[k - 1].norm == "the" {
        k -= 1;
    }
    k > first && (has(LOCATIVE_BEFORE, tokens[k - 1].norm.as_str()) || tokens[k - 1].norm == "of")
}

/// Whether the words after a name ending at `end` make it a person or a group of people.
pub fn personal(tokens: &[Token], end: usize, last: usize) -> bool {
    if end < last {
        let next = tokens[end].norm.as_str();
        if has(SPEECH_VERBS, next) || Lexicon::get().is_people_word(next) {
            return true;
        }
        // "X, a senior minister, said"; "X (born 1950)".
        if next == "who" || next == "whose" {
            return true;
        }
    }
    false
}

/// Words before a list that say it lists places.
const PLACE_LIST_WORDS: &[&str] = &[
    "areas",
    "cities",
    "councils",
    "districts",
    "localities",
    "places",
    "settlements",
    "tehsils",
    "towns",
    "villages",
];
/// Words before a list that say it lists people.
const PEOPLE_LIST_WORDS: &[&str] = &["clans", "families", "sections", "subtribes", "tribes"];

/// Whether a word can be part of an item of a list of names.
fn item_word(t: &Token) -> bool {
    t.cap || t.upper || t.digit
}

/// The start of the list item that ends at token `last` (inclusive): joined name words.
fn item_start(tokens: &[Token], last: usize) -> Option<usize> {
    if !item_word(&tokens[last]) {
        return None;
    }
    let mut s = last;
    while s > 0
        && last - s < 4
        && tokens[s].gap != Gap::Punct
        && tokens[s].gap != Gap::Start
        && item_word(&tokens[s - 1])
    {
        s -= 1;
    }
    (tokens[s].cap || tokens[s].upper).then_some(s)
}

/// The end (exclusive) of the list item that starts at token `first`.
fn item_end(tokens: &[Token], first: usize) -> Option<usize> {
    if !(tokens[first].cap || tokens[first].upper) {
        return None;
    }
    let mut e = first + 1;
    while e < tokens.len() && e - first < 5 && tokens[e].gap != Gap::Punct && item_word(&tokens[e]) {
        e += 1;
    }
    Some(e)
}

/// What separates two items: a comma or semicolon, "and", "or" (", and" too).
/// Returns the index of the next item's first token.
fn next_item(text: &str, tokens: &[Token], end: usize) -> Option<usize> {
    let t = tokens.get(end)?;
    let between = text[tokens[end - 1].end..t.start].trim();
    if matches!(t.norm.as_str(), "and" | "or") && (between.is_empty() || between == ",") {
        let n = tokens.get(end + 1)?;
        return (n.sentence == t.sentence && text[t.end..n.start].trim().is_empty()).then_some(end + 1);
    }
    (matches!(between, "," | ";") && t.sentence == tokens[end - 1].sentence).then_some(end)
}

/// The token range of the list of names that the name `[i, end)` is an item
/// of ("Khadkocha, Ghulam Parenz, Karez Noth and Soro"), when it is one of
/// two items or more.
pub fn list_around(text: &str, tokens: &[Token], i: usize, end: usize) -> Option<(usize, usize)> {
    // Back to the first item.
    let mut start = i;
    let mut items = 1;
    while start > 0 {
        let prev_last = if matches!(tokens[start - 1].norm.as_str(), "and" | "or") {
            start.checked_sub(2)?
        } else {
            start - 1
        };
        let Some(ps) = item_start(tokens, prev_last) else { break };
        if next_item(text, tokens, prev_last + 1) != Some(start) {
            break;
        }
        start = ps;
        items += 1;
    }
    // On to the last.
    let mut stop = end;
    while let Some(n) = next_item(text, tokens, stop) {
        let Some(e) = item_end(tokens, n) else { break };
        stop = e;
        items += 1;
    }
    (items >= 2).then_some((start, stop))
}

/// Whether the word right after a list ending at `stop` is a word for people
/// ("the Khosa, Jamali and Golla tribes").
pub fn people_after(tokens: &[Token], stop: usize, last: usize) -> bool {
    stop < last && tokens[stop].gap != Gap::Punct && Lexicon::get().is_people_word(&tokens[stop].norm)
}

/// What the words around a list say it lists: `Some(true)` places ("union
/// councils: ...", "... districts"), `Some(false)` people ("the tribes are ...",
/// "... tribesmen"), `None` when they say nothing.
pub fn list_cue(tokens: &[Token], (start, stop): (usize, usize), first: usize, last: usize) -> Option<bool> {
    let lo = start.saturating_sub(6).max(first);
    for t in tokens[lo..start].iter().rev() {
        if has(PLACE_LIST_WORDS, &t.norm) {
            return Some(true);
        }
        if has(PEOPLE_LIST_WORDS, &t.norm) {
            return Some(false);
        }
    }
    let after = tokens.get(stop).filter(|_| stop < last)?;
    if Lexicon::get().is_people_word(&after.norm) {
        Some(false)
    } else if has(PLACE_WORDS_AFTER, &after.norm) {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    #[test]
    fn word_lists_are_sorted() {
        for l in [
            LOCATIVE_BEFORE,
            PLACE_WORDS_AFTER,
            PLACE_WORDS_BEFORE_OF,
            SPEECH_VERBS,
            PLACE_LIST_WORDS,
            PEOPLE_LIST_WORDS,
        ] {
            let mut v = l.to_vec();
            v.sort();
            assert_eq!(v, l);
        }
    }

    #[test]
    fn frames_of_places_and_of_people() {
        let (t, _) = tokenize("Gunmen attacked a post in the Kanak area while Saleem said nothing.");
        let n = t.len();
        let at = |w: &str| t.iter().position(|x| x.norm == w).unwrap();
        let kanak = at("kanak");
        assert!(locative(&t, kanak, kanak + 1, 0, n));
        let saleem = at("saleem");
        assert!(!locative(&t, saleem, saleem + 1, 0, n));
        assert!(personal(&t, saleem + 1, n));
        let text = "The chief tribes are the Raisani, Shahwani and Bangulzai. It had union councils: Kanak, Karez Noth, Mastung-1 and Soro.";
        let (t, _) = tokenize(text);
        let at = |w: &str| t.iter().position(|x| x.norm == w).unwrap();
        let r = at("raisani");
        let l = list_around(text, &t, at("shahwani"), at("shahwani") + 1).unwrap();
        assert_eq!(l, (r, at("bangulzai") + 1));
        assert_eq!(list_cue(&t, l, 0, t.len()), Some(false));
        let l = list_around(text, &t, at("soro"), at("soro") + 1).unwrap();
        assert_eq!(l, (at("kanak"), at("soro") + 1));
        assert_eq!(list_cue(&t, l, at("it"), t.len()), Some(true));
        assert_eq!(list_around(text, &t, at("it"), at("it") + 1), None);
    }
}
