//! Word lists that tell a place name from the names of people, tribes and
//! titles, loaded once from `gazetteer/lexicon/*.txt` (compiled in).
//!
//! Each file begins with comment lines (`#`) that name its sources; entries
//! are one a line, matched after [`normalize`] (lower case, no diacritics).
//! Many villages of Balochistan are named after people and clans, so these
//! lists are evidence, weighed with the words around a name, never a verdict
//! on their own: "Saleem" after "in" may still be a village; "Mengal" before
//! "tribesmen" is not.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::normalize::normalize;

const HONORIFICS: &str = include_str!("../../gazetteer/lexicon/honorifics.txt");
const ORG_WORDS: &str = include_str!("../../gazetteer/lexicon/org_words.txt");

/// The compiled-in lists.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Given names of Pakistan, Afghanistan and Iran as the English-language press spells them.
    pub given_names: HashSet<String>,
    /// Family names.
    pub surnames: HashSet<String>,
    /// Tribes, clans and sub-tribes of Balochistan and its neighbours.
    pub tribes: HashSet<String>,
    /// Titles, honorifics, ranks and offices that stand before or after a personal name.
    pub honorifics: HashSet<String>,
    /// Names of national and provincial figures, full and by distinctive surname.
    pub figures: HashSet<String>,
    /// Words that, after a name, make it a person or a group ("tribesmen", "family").
    pub people_words: HashSet<String>,
    /// The offices of a place (police ranks and posts, a district's or tehsil's officers):
    /// a subset of the honorifics, from their own blocks of `honorifics.txt`.
    pub offices: HashSet<String>,
    /// English words that are also villages' names ("Top", "Shore"): not places at a sentence's start.
    pub common_words: HashSet<String>,
    /// Demonyms and names of peoples and faiths ("Baloch", "Sunni").
    pub demonyms: HashSet<String>,
    /// Words that make a run of capitalised words an organisation's, a force's or a train's name.
    pub org_words: HashSet<String>,
    /// The organisation words of bodies that are no place of their own — forces, parties,
    /// companies, trains, papers ("Zhob Militia", "Bolan Mail"): a block of `org_words.txt`.
    pub body_words: HashSet<String>,
    /// Words that are never an unknown place's name (months, plural kinds of place).
    pub not_place: HashSet<String>,
    /// Titles written right before a man's name ("Gen.", "Nawab"): a subset of the honorifics.
    pub titles: HashSet<String>,
    /// Places' names that are ordinary words in lower case ("hub", "ziarat").
    pub lower_case_words: HashSet<String>,
    /// The national highways, motorways and railway main lines that run through Balochistan,
    /// by number, written without spaces ("n25", "ml4").
    pub routes: HashSet<String>,
}

/// The entries of the blocks of a list whose `# block:` line begins with one of `blocks`.
fn parse_blocks(text: &str, blocks: &[&str]) -> HashSet<String> {
    let mut on = false;
    let mut out = HashSet::new();
    for l in text.lines().map(str::trim) {
        if let Some(header) = l.strip_prefix("# block:") {
            on = blocks.iter().any(|b| header.trim_start().starts_with(b));
        } else if on && !l.is_empty() && !l.starts_with('#') {
            out.insert(normalize(l));
        }
    }
    out
}

/// Whether a sorted word list holds `w`: a binary search that compares the short words
/// byte by byte in place (the library's comparison calls `memcmp` for each probe, which
/// for words of a few letters was a sixth of `extract`'s time).
///
/// ```
/// use incident_mapper::gazetteer::lexicon::in_sorted;
/// assert!(in_sorted(&["area", "road", "town"], "road"));
/// assert!(!in_sorted(&["area", "road", "town"], "roads"));
/// ```
#[inline]
pub fn in_sorted(list: &[&str], w: &str) -> bool {
    let w = w.as_bytes();
    list.binary_search_by(|x| {
        let x = x.as_bytes();
        for (a, b) in x.iter().zip(w) {
            if a != b {
                return a.cmp(b);
            }
        }
        x.len().cmp(&w.len())
    })
    .is_ok()
}

/// A route named by number at word `i` of normalised words — "n 25", "n25", "m 8", "ml 4",
/// "national highway 10", "main line 4" — as (the word after it, its key without spaces:
/// "n25", "ml4"), to look up in [`Lexicon::routes`].
///
/// ```
/// use incident_mapper::gazetteer::lexicon::route_at;
/// assert_eq!(route_at(&["on", "the", "n", "25"], 2), Some((4, "n25".to_string())));
/// assert_eq!(route_at(&["national", "highway", "10"], 0), Some((3, "n10".to_string())));
/// assert_eq!(route_at(&["ml4"], 0), Some((1, "ml4".to_string())));
/// assert_eq!(route_at(&["n", "95", "km"], 0).map(|r| r.1), Some("n95".to_string()));
/// assert_eq!(route_at(&["nushki"], 0), None);
/// ```
pub fn route_at(words: &[&str], i: usize) -> Option<(usize, String)> {
    fn number(w: &str) -> bool {
        (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    }
    let letters = |w: &str| matches!(w, "n" | "m" | "ml");
    let w = *words.get(i)?;
    let next = |k: usize| words.get(k).copied().filter(|n| number(n));
    if let Some(at) = w.find(|c: char| c.is_ascii_digit()) {
        return (letters(&w[..at]) && number(&w[at..])).then(|| (i + 1, w.to_string()));
    }
    if letters(w) {
        return next(i + 1).map(|n| (i + 2, format!("{w}{n}")));
    }
    let code = match (w, words.get(i + 1).copied()) {
        ("national", Some("highway")) => "n",
        ("main", Some("line")) => "ml",
        _ => return None,
    };
    next(i + 2).map(|n| (i + 3, format!("{code}{n}")))
}

/// A short word list indexed by first letter and length, for the lists a text's every word is
/// looked up in (stop words, attack words): a word is compared with the one or two entries of
/// its bucket, not searched for (a binary search's `memcmp` per probe was a tenth of `extract`).
///
/// ```
/// use incident_mapper::gazetteer::lexicon::WordIndex;
/// let ix = WordIndex::new(["attack", "blast", "killed"].into_iter());
/// assert_eq!(ix.position("blast"), Some(1));
/// assert_eq!(ix.position("blasts"), None);
/// ```
#[derive(Debug)]
pub struct WordIndex {
    buckets: Vec<Vec<(&'static str, usize)>>,
}

impl WordIndex {
    fn bucket(w: &[u8]) -> usize {
        (w.first().copied().unwrap_or(0) as usize & 31) << 4 | w.len().min(15)
    }

    /// Indexes `words`; [`WordIndex::position`] gives a word's place in that order.
    pub fn new(words: impl Iterator<Item = &'static str>) -> Self {
        let mut buckets = vec![Vec::new(); 32 << 4];
        for (i, w) in words.enumerate() {
            buckets[Self::bucket(w.as_bytes())].push((w, i));
        }
        WordIndex { buckets }
    }

    /// The position of `w` in the indexed list, if it is there.
    #[inline]
    pub fn position(&self, w: &str) -> Option<usize> {
        let b = w.as_bytes();
        self.buckets[Self::bucket(b)]
            .iter()
            .find(|(x, _)| x.as_bytes() == b)
            .map(|&(_, i)| i)
    }
}

/// Parses one list: `#` comments and blank lines skipped, entries normalised.
pub fn parse_list(text: &str) -> HashSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize)
        .filter(|n| !n.is_empty())
        .collect()
}

impl Lexicon {
    /// The lists of `gazetteer/lexicon/`, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon {
            given_names: parse_list(include_str!("../../gazetteer/lexicon/given_names.txt")),
            surnames: parse_list(include_str!("../../gazetteer/lexicon/surnames.txt")),
            tribes: parse_list(include_str!("../../gazetteer/lexicon/tribes.txt")),
            honorifics: parse_list(HONORIFICS),
            offices: parse_blocks(HONORIFICS, &["police ranks", "offices of a district"]),
            figures: parse_list(include_str!("../../gazetteer/lexicon/national_figures.txt")),
            people_words: parse_list(include_str!("../../gazetteer/lexicon/people_words.txt")),
            common_words: parse_list(include_str!("../../gazetteer/lexicon/common_words.txt")),
            demonyms: parse_list(include_str!("../../gazetteer/lexicon/demonyms.txt")),
            org_words: parse_list(ORG_WORDS),
            body_words: parse_blocks(ORG_WORDS, &["forces, parties"]),
            not_place: parse_list(include_str!("../../gazetteer/lexicon/not_place.txt")),
            titles: parse_list(include_str!("../../gazetteer/lexicon/titles.txt")),
            lower_case_words: parse_list(include_str!("../../gazetteer/lexicon/lower_case_words.txt")),
            routes: parse_list(include_str!("../../gazetteer/lexicon/routes.txt"))
                .into_iter()
                .map(|r| r.replace(' ', ""))
                .collect(),
        })
    }

    /// Whether a normalised name is a person's: a given name, a family name,
    /// a figure's name, or a name made of them ("muhammad essa", "abdul ghafoor").
    ///
    /// ```
    /// use incident_mapper::gazetteer::lexicon::Lexicon;
    /// let l = Lexicon::get();
    /// assert!(l.is_person("muhammad"));
    /// assert!(!l.is_person("quetta"));
    /// ```
    pub fn is_person(&self, name: &str) -> bool {
        if self.given_names.contains(name) || self.surnames.contains(name) || self.figures.contains(name) {
            return true;
        }
        let words: Vec<&str> = name.split(' ').collect();
        words.len() > 1
            && self.given_names.contains(words[0])
            && words[1..]
                .iter()
                .all(|w| self.given_names.contains(*w) || self.surnames.contains(*w) || self.honorifics.contains(*w))
    }

    /// Whether a normalised name is a tribe's or clan's.
    pub fn is_tribe(&self, name: &str) -> bool {
        self.tribes.contains(name)
    }

    /// Whether a normalised word, after a name, makes it a person or a group of people.
    pub fn is_people_word(&self, word: &str) -> bool {
        self.people_words.contains(word)
    }

    /// Whether a normalised phrase is an office held for a place ("deputy commissioner", "sho").
    ///
    /// ```
    /// use incident_mapper::gazetteer::lexicon::Lexicon;
    /// let l = Lexicon::get();
    /// assert!(l.is_office("deputy commissioner") && l.is_office("ssp"));
    /// assert!(!l.is_office("minister") && !l.is_office("police"));
    /// ```
    pub fn is_office(&self, phrase: &str) -> bool {
        self.offices.contains(phrase)
    }

    /// Whether a normalised word is a title or honorific.
    pub fn is_honorific(&self, word: &str) -> bool {
        self.honorifics.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_names_its_source_and_titles_are_honorifics() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/lexicon");
        let mut lists = 0;
        for entry in std::fs::read_dir(dir).expect("gazetteer/lexicon is in the repository") {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.lines().any(|l| l.starts_with("# source:")),
                "{} names no source",
                path.display()
            );
            assert!(!parse_list(&text).is_empty(), "{} is empty", path.display());
            lists += 1;
        }
        assert!(lists >= 13, "{lists} lists");
        let l = Lexicon::get();
        for t in &l.titles {
            assert!(l.is_honorific(t), "title {t} is not in honorifics.txt");
        }
        assert!(l.body_words.contains("scouts") && !l.body_words.contains("police") && l.org_words.contains("police"));
        assert!(l.org_words.contains("scouts") && l.demonyms.contains("baloch") && l.common_words.contains("top"));
        assert!(l.routes.contains("n25") && l.routes.contains("ml4") && !l.routes.contains("n5"));
    }
}
