//! Text normalisation and transliteration keys.
//!
//! Place names reach us in many spellings: `Nushki`, `Noshki`, `Naushki`;
//! `Killa`, `Qila`, `Qilla Abdullah`; `Quétta`; `Quetta’s`. Two functions
//! make them comparable:
//!
//! * [`normalize`] folds Unicode (NFKD, diacritics dropped), case, quotes,
//!   possessives and punctuation, and returns space-separated tokens.
//! * [`translit_key`] maps a normalised name to a key in which the usual
//!   romanisation variants of Urdu, Balochi and Pashto names coincide
//!   (q/k, w/v, oo/u, ee/i, o/u, e/i, ai/e, aspirated consonants, doubled
//!   letters), ignoring spaces, so `Musa Khail` and `Musakhel` share a key.
//! * [`skeleton`] keeps only the consonants of a key; the fuzzy matcher uses
//!   it to accept vowel slips (`Mustang` for `Mastung`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds a string to lower-case ASCII-ish tokens separated by single spaces.
///
/// Diacritics are dropped, curly quotes and possessives (`Quetta’s`) removed,
/// and every other non-alphanumeric character becomes a separator.
///
/// ```
/// use incident_mapper::gazetteer::normalize::normalize;
/// assert_eq!(normalize("  Quétta’s  Hazarganji-market "), "quetta hazarganji market");
/// assert_eq!(normalize("D.I. Khan"), "d i khan");
/// assert_eq!(normalize("STRAẞE"), normalize("straße")); // both "strasse"
/// ```
pub fn normalize(s: &str) -> String {
    if s.is_ascii() {
        // Nothing to decompose (most words of English text): the same rules, without NFKD.
        return normalize_chars(s.chars().peekable(), s.len());
    }
    // Decompose, drop combining marks, map the few letters NFKD leaves alone.
    normalize_chars(s.nfkd().filter(|c| !is_combining_mark(*c)).peekable(), s.len())
}

/// [`normalize`] for a location column, where `&`, `;` and `|` between names separate
/// places as "and" does: "Kech & Gwadar" and "Quetta; Mastung" are lists, not an address
/// ("Turbat, Kech"). A slash is not one of them: the press writes a place and its district
/// ("Dera Murad Jamali/Nasirabad", "Turbat/Kech"), two names of one place ("Jhatpat/Dera
/// Allah Yar"), a route ("Quetta/Karachi highway") and an abbreviation ("D/Bugti") so.
///
/// ```
/// use incident_mapper::gazetteer::normalize::normalize_location;
/// assert_eq!(normalize_location("Kech & Gwadar; and Panjgur"), "kech and gwadar and panjgur");
/// assert_eq!(normalize_location("Quetta | Mastung"), "quetta and mastung");
/// assert_eq!(normalize_location("Turbat/Kech"), "turbat kech");
/// assert_eq!(normalize_location("Turbat, Kech"), "turbat kech");
/// ```
pub fn normalize_location(s: &str) -> String {
    if !s.contains(['&', ';', '|']) {
        return normalize(s);
    }
    // Each part, without an "and" of its own at either end ("Gwadar; and Panjgur").
    let parts: Vec<String> = s
        .split(['&', ';', '|'])
        .map(|part| {
            let n = normalize(part);
            let n = n.strip_prefix("and ").unwrap_or(&n);
            n.strip_suffix(" and").unwrap_or(n).to_string()
        })
        .filter(|n| !n.is_empty() && n != "and")
        .collect();
    parts.join(" and ")
}

fn normalize_chars<I: Iterator<Item = char> + Clone>(mut chars: std::iter::Peekable<I>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02B9}' | '`' | '\u{00B4}' | '\u{2032}' => '\'',
            _ => c,
        };
        if c == '\'' {
            // Possessive `'s` (followed by a non-letter) is dropped; other apostrophes vanish.
            if matches!(chars.peek(), Some('s') | Some('S')) {
                let mut look = chars.clone();
                look.next();
                if look.peek().is_none_or(|n| !n.is_alphanumeric()) {
                    chars.next();
                }
            }
            continue;
        }
        if c.is_ascii_alphanumeric() {
            // Most letters of English text: no fold, no mark, one lower-case letter.
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if let Some(folded) = fold(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(folded);
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            // Lower case can bring a letter of the fold table ('ẞ' → 'ß') or a mark ('İ').
            for l in c.to_lowercase().filter(|l| !is_combining_mark(*l)) {
                match fold(l) {
                    Some(f) => out.push_str(f),
                    None => out.push(l),
                }
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// The few letters NFKD leaves alone, spelled in ASCII.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' => "d",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        // Arabic script: the letters Arabic, Persian and Urdu typing write differently for one
        // sound — yeh (ي ى ې ے → ی), kaf (ك → ک), heh (ه ە ة ۃ ھ → ہ) — fold to the Urdu ones, so
        // that كويته, کویته and کوئٹہ meet (NFKD has already split hamza and madda off).
        '\u{064A}' | '\u{0649}' | '\u{06D0}' | '\u{06D2}' => "\u{06CC}",
        '\u{0643}' => "\u{06A9}",
        '\u{0647}' | '\u{06D5}' | '\u{0629}' | '\u{06C3}' | '\u{06BE}' => "\u{06C1}",
        _ => return None,
    })
}

/// Whether a normalised name is written in Arabic script (Urdu, Persian, Arabic, Balochi,
/// Pashto letters and spaces): its transliteration key drops only spaces and doubled letters.
pub fn is_arabic_script(normalized: &str) -> bool {
    !normalized.is_empty()
        && normalized
            .chars()
            .all(|c| c == ' ' || ('\u{0600}'..='\u{06FF}').contains(&c))
}

pub(crate) fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The transliteration key of a normalised name (spaces are ignored).
///
/// Applied in order: `q→k`, `w→v`, `ph→f`, `au/ou/oo→u`, `o→u`,
/// `ai/ay/ei/ey→i`, `ee/y→i`, `e→i`, `aa→a`, an `h` after a consonant or at
/// the end of a word is dropped (`kh→k`, `dh→d`, `Shah→sa`), and doubled
/// letters are collapsed. Non-ASCII letters are kept as they are.
///
/// ```
/// use incident_mapper::gazetteer::normalize::translit_key;
/// assert_eq!(translit_key("nushki"), translit_key("noshki"));
/// assert_eq!(translit_key("naushki"), translit_key("nushki"));
/// assert_eq!(translit_key("killa abdullah"), translit_key("qila abdullah"));
/// assert_eq!(translit_key("musa khail"), translit_key("musakhel"));
/// assert_eq!(translit_key("panjgoor"), translit_key("panjgur"));
/// assert_eq!(translit_key("dhadar"), translit_key("dadhar"));
/// assert_ne!(translit_key("kalat"), translit_key("kharan"));
/// ```
pub fn translit_key(normalized: &str) -> String {
    let mut key = String::with_capacity(normalized.len());
    for word in normalized.split(' ') {
        key.push_str(&word_key(word));
    }
    key
}

fn word_key(word: &str) -> String {
    let b = word.as_bytes();
    let mut s: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let (out, adv): (&[u8], usize) = match (c, next) {
            (b'q', _) => (b"k", 1),
            (b'w', _) => (b"v", 1),
            (b'p', Some(b'h')) => (b"f", 2),
            (b'a', Some(b'u')) => (b"u", 2),
            (b'o', Some(b'u')) | (b'o', Some(b'o')) => (b"u", 2),
            (b'o', _) => (b"u", 1),
            (b'a', Some(b'i')) | (b'a', Some(b'y')) | (b'e', Some(b'i')) | (b'e', Some(b'y')) => (b"i", 2),
            (b'e', Some(b'e')) => (b"i", 2),
            (b'e', _) | (b'y', _) => (b"i", 1),
            (b'a', Some(b'a')) => (b"a", 2),
            (b'h', _) => {
                // Drop an h that follows a consonant or ends the word.
                let after_consonant = s.last().is_some_and(|p| p.is_ascii_alphabetic() && !is_vowel(*p));
                if after_consonant || next.is_none() && !s.is_empty() {
                    (b"", 1)
                } else {
                    (b"h", 1)
                }
            }
            _ => {
                // Copy one (possibly multi-byte) character.
                let len = utf8_len(c);
                s.extend_from_slice(&b[i..(i + len).min(b.len())]);
                i += len;
                continue;
            }
        };
        s.extend_from_slice(out);
        i += adv;
    }
    // Collapse doubled ASCII letters.
    s.dedup_by(|a, b| a == b && a.is_ascii_alphabetic());
    String::from_utf8(s).unwrap_or_default()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The consonant skeleton of a transliteration key: vowels (and `h`) removed.
///
/// ```
/// use incident_mapper::gazetteer::normalize::{skeleton, translit_key};
/// assert_eq!(skeleton(&translit_key("mustang")), skeleton(&translit_key("mastung")));
/// ```
pub fn skeleton(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'h'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        translit_key(&normalize(s))
    }

    #[test]
    fn folds_case_diacritics_quotes_and_possessives() {
        assert_eq!(normalize("QUÉTTA"), "quetta");
        assert_eq!(normalize("Quetta's"), "quetta");
        assert_eq!(normalize("Quetta’s Hazarganji"), "quetta hazarganji");
        assert_eq!(normalize("Dera Bugti,  Sui"), "dera bugti sui");
        assert_eq!(normalize("Noshki-Dalbandin highway"), "noshki dalbandin highway");
        assert_eq!(normalize("Ḍera Ġhazi Khān"), "dera ghazi khan");
        assert_eq!(normalize("‘Turbat’"), "turbat");
        // an apostrophe inside a word is not a possessive
        assert_eq!(normalize("Qila'sa"), "qilasa");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("  ,;  "), "");
    }

    #[test]
    fn arabic_script_spellings_of_one_name_meet() {
        // Quetta as Urdu, Persian and Arabic typing write it; Kech with Arabic kaf and yeh.
        assert_eq!(normalize("کوئٹہ"), normalize("کویٹه"));
        assert_eq!(normalize("كويته"), normalize("کویتہ"));
        assert_eq!(normalize("كيچ"), normalize("کیچ"));
        // Do-chashmi heh and final yeh barree typed as their plain forms.
        assert_eq!(normalize("جھل مگسی"), normalize("جہل مگسے"));
        // A space inside a compound is no difference to the key.
        assert_eq!(k("جعفر آباد"), k("جعفرآباد"));
        // Different letters stay different.
        assert_ne!(normalize("قلات"), normalize("کلات"));
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        let groups: &[&[&str]] = &[
            &["Nushki", "Noshki", "Naushki", "NOSHKI"],
            &["Killa Abdullah", "Qila Abdullah", "Qilla Abdullah", "Kila Abdullah"],
            &["Killa Saifullah", "Qila Saifullah", "Qilla Saifullah"],
            &["Musakhel", "Musa Khel", "Musa Khail", "Musakhail"],
            &["Panjgur", "Panjgoor"],
            &["Chagai", "Chaghai", "Chaghay"],
            &["Sherani", "Sheerani", "Shirani"],
            &["Jaffarabad", "Jafarabad"],
            &["Pishin", "Peshin"],
            &["Kalat", "Qalat", "Kallat"],
            &["Dhadar", "Dadhar", "Dadar"],
            &["Usta Muhammad", "Ustamuhammad"],
            &["Naseerabad", "Nasirabad"],
            &["Kachhi", "Kachi"],
            &["Washuk", "Vashuk"],
        ];
        for g in groups {
            let first = k(g[0]);
            for v in &g[1..] {
                assert_eq!(k(v), first, "{v} vs {}", g[0]);
            }
        }
    }

    #[test]
    fn distinct_places_keep_distinct_keys() {
        let names = [
            "Quetta", "Kalat", "Kharan", "Kech", "Kohlu", "Sibi", "Sui", "Zhob", "Turbat", "Mastung", "Gwadar",
            "Khuzdar", "Chaman", "Pasni", "Hub", "Bela", "Mach", "Duki", "Ziarat",
        ];
        let keys: std::collections::HashSet<_> = names.iter().map(|n| k(n)).collect();
        assert_eq!(keys.len(), names.len());
    }

    #[test]
    fn skeleton_ignores_vowels() {
        assert_eq!(skeleton(&k("Mustang")), "mstng");
        assert_eq!(skeleton(&k("Mastung")), "mstng");
        assert_eq!(skeleton(&k("Gawadar")), skeleton(&k("Gwadar")));
    }
}
