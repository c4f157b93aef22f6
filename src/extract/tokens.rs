//! Words and sentences of a news text, with their byte offsets.
//!
//! A word is a run of letters and digits (an apostrophe between letters,
//! as in "Sana'a", stays inside it); a possessive `'s` or `’s` after a word
//! is not part of it ("Quetta's" is the word "Quetta"). What separates two
//! words is kept as a [`Gap`], because names are runs of words with only
//! spaces or hyphens between them ("Dera Bugti", "Tehreek-e-Taliban"),
//! while a comma ends one ("Quetta, Mastung").

use crate::gazetteer::normalize::normalize;

/// What lies between a word and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Start of the text.
    Start,
    /// Only spaces.
    Space,
    /// A hyphen or dash, perhaps with spaces.
    Hyphen,
    /// A full stop after a single letter ("U.S.", "D.I. Khan").
    Initial,
    /// Anything else: a comma, a bracket, quotes, a line break, a sentence end.
    Punct,
}

/// A word of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Normalised (lower case, no diacritics): what the gazetteer index holds.
    pub norm: String,
    /// Begins with an upper-case letter.
    pub cap: bool,
    /// Written in upper case throughout (two letters or more).
    pub upper: bool,
    /// Begins with a digit.
    pub digit: bool,
    /// Followed by a possessive `'s` or `s'`: a name ends here.
    pub possessive: bool,
    /// Sentence number (0-based).
    pub sentence: usize,
    pub gap: Gap,
}

/// A sentence: a byte range and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Word range `[first, last)` in the token list.
    pub tokens: (usize, usize),
}

/// Words that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "apr", "aug", "capt", "cdr", "co", "col", "corp", "dec", "dept", "dr", "e.g", "etc", "feb", "gen", "gov", "govt",
    "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nov",
    "oct", "prof", "rs", "sen", "sep", "sept", "sgt", "sr", "st", "vs",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}')
}

/// Splits `text` into words and sentences.
///
/// ```
/// use incident_mapper::extract::tokens::tokenize;
/// let (t, s) = tokenize("Quetta's bazaar. Gen. Khan said 3 died in D.I. Khan.\nNext");
/// let words: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
/// assert_eq!(words, ["quetta", "bazaar", "gen", "khan", "said", "3", "died", "in", "d", "i", "khan", "next"]);
/// assert_eq!(s.len(), 3);
/// assert_eq!(&"Quetta's bazaar."[t[0].start..t[0].end], "Quetta");
/// ```
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<Sentence>) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    // The sentence being read: its first byte and first word.
    let mut open: Option<(usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut gap_text = String::new();
    let mut i = 0;
    let close = |tokens: &[Token], sentences: &mut Vec<Sentence>, open: &mut Option<(usize, usize)>, end: usize| {
        if let Some((start, first)) = open.take() {
            sentences.push(Sentence {
                start,
                end,
                tokens: (first, tokens.len()),
            });
        }
    };
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_word_char(c) {
            gap_text.push(c);
            // Sentence ends: a line break, or . ! ? followed by space (and not an abbreviation).
            let ends = match c {
                '\n' | '\r' => true,
                '.' | '!' | '?' => {
                    let next = chars.get(i + 1).map(|x| x.1);
                    let after_space = chars[i + 1..].iter().map(|x| x.1).find(|ch| {
                        !ch.is_whitespace() && !matches!(ch, '"' | '\u{201C}' | '\u{201D}' | '\'' | '\u{2019}')
                    });
                    let prev = tokens.last().filter(|t| t.end == pos);
                    let abbrev = c == '.'
                        && prev.is_some_and(|t| {
                            crate::gazetteer::lexicon::in_sorted(ABBREVIATIONS, &t.norm)
                                || (t.end - t.start == 1 && t.cap)
                        });
                    next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\u{201D}' | '\'' | '\u{2019}'))
                        && !abbrev
                        && after_space.is_none_or(|n| !n.is_lowercase())
                }
                _ => false,
            };
            if ends {
                let end = if c == '\n' || c == '\r' { pos } else { pos + 1 };
                close(&tokens, &mut sentences, &mut open, end);
            }
            i += 1;
            continue;
        }
        // A word.
        let start = pos;
        // A possessive 's at `j` ends the word.
        let possessive_s = |j: usize| {
            chars.get(j).is_some_and(|x| is_apostrophe(x.1))
                && chars.get(j + 1).is_some_and(|x| x.1 == 's' || x.1 == 'S')
                && chars.get(j + 2).is_none_or(|x| !is_word_char(x.1))
        };
        // An apostrophe between letters ("Sana'a") stays inside the word.
        let inner_apostrophe = |j: usize| {
            is_apostrophe(chars[j].1) && chars.get(j + 1).is_some_and(|x| x.1.is_alphabetic()) && !possessive_s(j)
        };
        let mut j = i;
        while j < chars.len() && (is_word_char(chars[j].1) || inner_apostrophe(j)) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |x| x.0);
        let word = &text[start..end];
        let (k, possessive) = if possessive_s(j) {
            (j + 2, true)
        } else {
            // "the Marris' lands", "US' interests"
            let plural = word.ends_with(['s', 'S'])
                && chars.get(j).is_some_and(|x| is_apostrophe(x.1))
                && chars.get(j + 1).is_none_or(|x| !is_word_char(x.1));
            (j, plural)
        };
        let first = word.chars().next().unwrap_or(' ');
        let gap = if tokens.is_empty() || open.is_none() {
            if tokens.is_empty() {
                Gap::Start
            } else {
                Gap::Punct
            }
        } else if gap_text.chars().all(char::is_whitespace) {
            Gap::Space
        } else if gap_text.trim() == "."
            && tokens.last().is_some_and(|t| t.end - t.start == 1)
            && (gap_text == "." || first.is_uppercase())
        {
            Gap::Initial
        } else if gap_text.trim().chars().count() == 1 && gap_text.trim().chars().all(is_dash) {
            Gap::Hyphen
        } else {
            Gap::Punct
        };
        if open.is_none() {
            open = Some((start, tokens.len()));
        }
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let mut norm = normalize(word);
        norm.retain(|c| c != ' ');
        tokens.push(Token {
            start,
            end,
            norm,
            cap: first.is_uppercase(),
            upper: letters.clone().count() >= 2 && letters.all(char::is_uppercase),
            digit: first.is_ascii_digit(),
            possessive,
            // The sentence being read is the next in the list.
            sentence: sentences.len(),
            gap,
        });
        gap_text.clear();
        i = k;
    }
    close(&tokens, &mut sentences, &mut open, text.len());
    (tokens, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_sorted() {
        let mut v = ABBREVIATIONS.to_vec();
        v.sort();
        assert_eq!(v, ABBREVIATIONS);
    }

    #[test]
    fn gaps_and_offsets() {
        let text = "Tehreek-e-Taliban Pakistan, Dera Bugti’s U.S. ally";
        let (t, s) = tokenize(text);
        let w: Vec<(&str, Gap)> = t.iter().map(|t| (&text[t.start..t.end], t.gap)).collect();
        assert_eq!(
            w,
            [
                ("Tehreek", Gap::Start),
                ("e", Gap::Hyphen),
                ("Taliban", Gap::Hyphen),
                ("Pakistan", Gap::Space),
                ("Dera", Gap::Punct),
                ("Bugti", Gap::Space),
                ("U", Gap::Space),
                ("S", Gap::Initial),
                ("ally", Gap::Punct),
            ]
        );
        assert_eq!(s.len(), 1);
        assert!(t[0].cap && !t[1].cap && t[6].cap);
    }

    #[test]
    fn apostrophes_inside_words_and_possessives() {
        let text = "Sana'a and the Marris' lands; Quetta's bazaar";
        let (t, _) = tokenize(text);
        let w: Vec<(&str, bool)> = t.iter().map(|t| (&text[t.start..t.end], t.possessive)).collect();
        assert_eq!(
            w,
            [
                ("Sana'a", false),
                ("and", false),
                ("the", false),
                ("Marris", true),
                ("lands", false),
                ("Quetta", true),
                ("bazaar", false)
            ]
        );
    }

    #[test]
    fn sentences_end_at_stops_not_at_abbreviations() {
        let text = "On Feb. 2 militants struck Turbat. Mr. Khan said so! \"Then\" it ended\nHeadline";
        let (t, s) = tokenize(text);
        let spans: Vec<&str> = s.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            spans,
            [
                "On Feb. 2 militants struck Turbat.",
                "Mr. Khan said so!",
                "Then\" it ended",
                "Headline"
            ]
        );
        assert_eq!(t.last().unwrap().sentence, 3);
    }
}
