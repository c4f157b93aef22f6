//! What a sentence says happened: attack words, dates and casualty figures.
//!
//! * **Dates**: "March 16", "16 March 2025", "on May 2", "Feb. 2-5",
//!   "in May" (month), "2025-03-16", and — against the publication date —
//!   "on Monday", "yesterday", "last night", "today", "over the weekend",
//!   "last week". A date without a year takes the publication's year (the
//!   year before when that would put it after publication); without a
//!   publication date it keeps no year and is reported as written only.
//! * **Casualties**: numbers (digits or words, "a dozen") before "killed",
//!   "dead", "died", "martyred", "injured", "wounded", "hurt" in the same
//!   clause ("22 attackers and 13 soldiers were killed" is 35 killed), or
//!   after "killing", "injuring", "killed", "wounded" ("killing five");
//!   "death toll rose to 18". Numbers after "including" are a part of a
//!   figure already counted and are not added.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::tokens::{Gap, Token};
use crate::input::dates::{EventDate, Precision};

/// What kind of event a sentence's attack words describe; the first kind
/// in this order that any of its words has wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Abduction,
    Explosion,
    Strike,
    Raid,
    Attack,
}

impl EventKind {
    /// The coarse event type written out (`geo_event_type`, for `count --by event_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Abduction => "abduction/hijacking",
            EventKind::Explosion => "explosion",
            EventKind::Strike => "strike/shelling",
            EventKind::Raid => "raid/seizure",
            EventKind::Attack => "armed attack",
        }
    }
}

/// Words that make a sentence describe a violent event, and the kind of event each suggests.
pub const ATTACK_WORDS: &[(&str, EventKind)] = &[
    ("abducted", EventKind::Abduction),
    ("airstrike", EventKind::Strike),
    ("airstrikes", EventKind::Strike),
    ("ambush", EventKind::Attack),
    ("ambushed", EventKind::Attack),
    ("assault", EventKind::Attack),
    ("assaulted", EventKind::Attack),
    ("attack", EventKind::Attack),
    ("attacked", EventKind::Attack),
    ("attackers", EventKind::Attack),
    ("attacks", EventKind::Attack),
    ("blast", EventKind::Explosion),
    ("blasts", EventKind::Explosion),
    ("bomb", EventKind::Explosion),
    ("bombed", EventKind::Explosion),
    ("bomber", EventKind::Explosion),
    ("bombing", EventKind::Explosion),
    ("bombings", EventKind::Explosion),
    ("bombs", EventKind::Explosion),
    ("captured", EventKind::Raid),
    ("clash", EventKind::Attack),
    ("clashed", EventKind::Attack),
    ("clashes", EventKind::Attack),
    ("dead", EventKind::Attack),
    ("died", EventKind::Attack),
    ("exploded", EventKind::Explosion),
    ("explosion", EventKind::Explosion),
    ("explosions", EventKind::Explosion),
    ("fighting", EventKind::Attack),
    ("fired", EventKind::Attack),
    ("firing", EventKind::Attack),
    ("grenade", EventKind::Explosion),
    ("gunfight", EventKind::Attack),
    ("gunfire", EventKind::Attack),
    ("gunmen", EventKind::Attack),
    ("hijacked", EventKind::Abduction),
    ("hijacking", EventKind::Abduction),
    ("ied", EventKind::Explosion),
    ("injured", EventKind::Attack),
    ("kidnapped", EventKind::Abduction),
    ("killed", EventKind::Attack),
    ("killing", EventKind::Attack),
    ("martyred", EventKind::Attack),
    ("mortar", EventKind::Strike),
    ("offensive", EventKind::Raid),
    ("raid", EventKind::Raid),
    ("raided", EventKind::Raid),
    ("rocket", EventKind::Strike),
    ("rockets", EventKind::Strike),
    ("seized", EventKind::Raid),
    ("shelling", EventKind::Strike),
    ("shot", EventKind::Attack),
    ("stormed", EventKind::Raid),
    ("strike", EventKind::Strike),
    ("strikes", EventKind::Strike),
    ("striking", EventKind::Attack),
    ("struck", EventKind::Attack),
    ("suicide", EventKind::Explosion),
    ("torched", EventKind::Attack),
    ("wounded", EventKind::Attack),
];

const KILL: &[&str] = &["dead", "died", "killed", "lives", "martyred", "perished", "slain"];
const WOUND: &[&str] = &["hurt", "injured", "wounded"];
const KILL_ACTIVE: &[&str] = &["kill", "killed", "killing", "kills"];
const WOUND_ACTIVE: &[&str] = &["injuring", "wounding", "injured", "wounded"];
/// Nouns that make a number something other than people.
const NOT_PEOPLE: &[&str] = &[
    "am",
    "crore",
    "days",
    "decades",
    "feet",
    "hours",
    "kg",
    "kilometers",
    "kilometres",
    "km",
    "lakh",
    "metres",
    "miles",
    "minutes",
    "months",
    "percent",
    "pm",
    "rs",
    "rupees",
    "weeks",
    "years",
];

const MONTHS: &[(&str, u32)] = &[
    ("apr", 4),
    ("april", 4),
    ("aug", 8),
    ("august", 8),
    ("dec", 12),
    ("december", 12),
    ("feb", 2),
    ("february", 2),
    ("jan", 1),
    ("january", 1),
    ("jul", 7),
    ("july", 7),
    ("jun", 6),
    ("june", 6),
    ("mar", 3),
    ("march", 3),
    ("may", 5),
    ("nov", 11),
    ("november", 11),
    ("oct", 10),
    ("october", 10),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("friday", Weekday::Fri),
    ("monday", Weekday::Mon),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("thursday", Weekday::Thu),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
];

fn month(w: &str) -> Option<u32> {
    MONTHS.binary_search_by(|(k, _)| k.cmp(&w)).ok().map(|i| MONTHS[i].1)
}

/// A number written in digits or words; `None` for anything else.
pub fn number(w: &str) -> Option<u32> {
    if !w.is_empty() && w.len() <= 5 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(n) = WORDS.iter().position(|x| *x == w) {
        return Some(n as u32);
    }
    Some(match w {
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// Token range.
    pub tokens: (usize, usize),
    /// Byte range in the text.
    pub bytes: (usize, usize),
    /// The date, when a year is known (written, or from the publication date).
    pub date: Option<EventDate>,
}

fn day_date(y: i32, m: u32, d: u32) -> Option<EventDate> {
    Some(EventDate {
        start: NaiveDate::from_ymd_opt(y, m, d)?,
        end: None,
        precision: Precision::Day,
        ambiguous: false,
    })
}

/// The year for a month (and day) written without one: the publication's,
/// or the year before when that would be after publication.
fn year_for(published: Option<NaiveDate>, m: u32, d: u32) -> Option<i32> {
    let p = published?;
    let y = p.year();
    let this = NaiveDate::from_ymd_opt(y, m, d.max(1))?;
    Some(if this > p { y - 1 } else { y })
}

/// Finds the date expressions among tokens `[first, last)`.
pub fn dates(tokens: &[Token], first: usize, last: usize, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let w = |k: usize| if k < last { tokens[k].norm.as_str() } else { "" };
    let year_at = |k: usize| -> Option<i32> {
        let s = w(k);
        (s.len() == 4 && s.starts_with(['1', '2']))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    };
    let push = |out: &mut Vec<DateMention>, a: usize, b: usize, date: Option<EventDate>| {
        out.push(DateMention {
            tokens: (a, b),
            bytes: (tokens[a].start, tokens[b - 1].end),
            date,
        });
    };
    let mut i = first;
    while i < last {
        // ISO: 2025-03-16
        if let (Some(y), Some(m), Some(d)) = (year_at(i), number(w(i + 1)), number(w(i + 2))) {
            if tokens.get(i + 1).is_some_and(|t| t.gap == Gap::Hyphen) && (1..=12).contains(&m) {
                if let Some(date) = day_date(y, m, d) {
                    push(&mut out, i, i + 3, Some(date));
                    i += 3;
                    continue;
                }
            }
        }
        // Month day[-day][, year]: "March 16", "Feb. 2-5", "March 16, 2025"; "May" must be capitalised.
        if let Some(m) = month(w(i)).filter(|_| tokens[i].cap) {
            let day = number(w(i + 1)).filter(|d| (1..=31).contains(d) && tokens[i + 1].digit);
            if let Some(d) = day {
                let mut end = i + 2;
                let mut d2 = None;
                if let Some(x) = number(w(end)).filter(|x| *x > d && *x <= 31 && tokens[end].gap == Gap::Hyphen) {
                    d2 = Some(x);
                    end += 1;
                }
                let y = year_at(end);
                if y.is_some() {
                    end += 1;
                }
                let y = y.or_else(|| year_for(published, m, d));
                let date = y.and_then(|y| {
                    let mut e = day_date(y, m, d)?;
                    e.end = d2.and_then(|d2| NaiveDate::from_ymd_opt(y, m, d2));
                    Some(e)
                });
                push(&mut out, i, end, date);
                i = end;
                continue;
            }
            // "in May", "in May 2025", "May 2025": the month.
            let y = year_at(i + 1);
            let after_in = i > first && matches!(w(i - 1), "in" | "of" | "since" | "during" | "early" | "late" | "mid");
            if y.is_some() || (after_in && w(i) != "may") || (after_in && tokens[i].cap) {
                let end = if y.is_some() { i + 2 } else { i + 1 };
                let y = y.or_else(|| year_for(published, m, 1));
                let date = y.and_then(|y| {
                    Some(EventDate {
                        start: NaiveDate::from_ymd_opt(y, m, 1)?,
                        end: None,
                        precision: Precision::Month,
                        ambiguous: false,
                    })
                });
                push(&mut out, i, end, date);
                i = end;
                continue;
            }
        }
        // Day Month [Year]: "16 March", "2 May 2025".
        if let (Some(d), Some(m)) = (number(w(i)).filter(|_| tokens[i].digit), month(w(i + 1))) {
            if (1..=31).contains(&d) && tokens[i + 1].cap {
                let y = year_at(i + 2);
                let end = if y.is_some() { i + 3 } else { i + 2 };
                let y = y.or_else(|| year_for(published, m, d));
                push(&mut out, i, end, y.and_then(|y| day_date(y, m, d)));
                i = end;
                continue;
            }
        }
        // Relative to publication.
        let rel = match (w(i), w(i + 1)) {
            ("yesterday", _) => Some((1, 1, 0)),
            ("today", _) | ("tonight", _) => Some((1, 0, 0)),
            ("last", "night") => Some((2, 1, 0)),
            ("last", "week") => Some((2, 7, 6)),
            ("over", "the") if w(i + 2) == "weekend" => Some((3, 0, 0)),
            _ => None,
        };
        if let Some((len, back, span)) = rel {
            let date = published.map(|p| {
                if len == 3 {
                    // The last Saturday-Sunday before publication.
                    let mut sat = p - Duration::days(1);
                    while sat.weekday() != Weekday::Sat {
                        sat -= Duration::days(1);
                    }
                    EventDate {
                        start: sat,
                        end: Some(sat + Duration::days(1)),
                        precision: Precision::Day,
                        ambiguous: false,
                    }
                } else {
                    let start = p - Duration::days(back);
                    EventDate {
                        start,
                        end: (span > 0).then(|| start + Duration::days(span)),
                        precision: Precision::Day,
                        ambiguous: false,
                    }
                }
            });
            push(&mut out, i, i + len, date);
            i += len;
            continue;
        }
        // "on Monday": the last such day on or before publication.
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(k, _)| *k == w(i)) {
            if tokens[i].cap {
                let date = published.map(|p| {
                    let mut d = p;
                    while d.weekday() != wd {
                        d -= Duration::days(1);
                    }
                    EventDate {
                        start: d,
                        end: None,
                        precision: Precision::Day,
                        ambiguous: false,
                    }
                });
                push(&mut out, i, i + 1, date);
                i += 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Killed and wounded figures stated in a sentence, with what was counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Casualties {
    pub killed: Option<u32>,
    pub wounded: Option<u32>,
    /// "22 attackers + 13 soldiers killed; 5 wounded".
    pub detail: String,
}

/// Reads the casualty figures of tokens `[first, last)`.
pub fn casualties(tokens: &[Token], first: usize, last: usize) -> Casualties {
    let w = |k: usize| tokens[k].norm.as_str();
    let mut used = vec![false; last - first];
    let mut killed: Vec<(u32, String)> = Vec::new();
    let mut wounded: Vec<(u32, String)> = Vec::new();
    // A number at k (with "a dozen", "two dozen"); its value and the noun after it.
    let num_at = |k: usize| -> Option<(u32, String)> {
        let mut n = number(w(k))?;
        if w(k) == "dozen" {
            n = if k > first {
                number(w(k - 1)).filter(|x| *x < 12).map_or(12, |x| x * 12)
            } else {
                12
            };
        } else if k + 1 < last && w(k + 1) == "dozen" {
            return None;
        }
        if w(k) == "one" && k + 1 < last && w(k + 1) == "of" {
            return None;
        }
        let noun = if k + 1 < last { w(k + 1) } else { "" };
        if NOT_PEOPLE.contains(&noun) {
            return None;
        }
        // A year, a date ("March 16") or a clock time is not a count.
        if k > first && month(w(k - 1)).is_some() || (w(k).len() == 4 && n >= 1900) {
            return None;
        }
        let noun = if number(noun).is_some() || noun.is_empty() {
            String::new()
        } else {
            noun.to_string()
        };
        Some((n, noun))
    };
    for v in first..last {
        let verb = w(v);
        let is_kill = KILL.contains(&verb) && !(verb == "lives" && !(v > first && w(v - 1) == "their"));
        let is_wound = WOUND.contains(&verb);
        if is_kill || is_wound {
            // Back through the clause: numbers joined by "and", skipping "including ...".
            let mut found = Vec::new();
            let mut k = v;
            let mut steps = 0;
            while k > first && steps < 10 {
                k -= 1;
                steps += 1;
                let word = w(k);
                if KILL.contains(&word) || WOUND.contains(&word) || KILL_ACTIVE.contains(&word) {
                    break;
                }
                if matches!(word, "including" | "among") {
                    found.clear();
                    continue;
                }
                if used[k - first] {
                    continue;
                }
                if let Some((n, noun)) = num_at(k) {
                    found.push((k, n, noun));
                }
            }
            let mut got = false;
            found.reverse();
            for (k, n, noun) in found {
                used[k - first] = true;
                got = true;
                if is_kill {
                    killed.push((n, noun));
                } else {
                    wounded.push((n, noun));
                }
            }
            if got {
                continue;
            }
        }
        // Forward: "killing five", "killed 12 soldiers", "injuring 3", "toll rose to 18".
        let active_kill = KILL_ACTIVE.contains(&verb) || verb == "toll";
        let active_wound = WOUND_ACTIVE.contains(&verb);
        if active_kill || active_wound {
            for k in v + 1..(v + 5).min(last) {
                if KILL.contains(&w(k)) || WOUND.contains(&w(k)) || used[k - first] {
                    break;
                }
                if let Some((n, noun)) = num_at(k) {
                    used[k - first] = true;
                    if active_kill {
                        killed.push((n, noun));
                    } else {
                        wounded.push((n, noun));
                    }
                    break;
                }
            }
        }
    }
    let describe = |v: &[(u32, String)]| {
        v.iter()
            .map(|(n, noun)| {
                if noun.is_empty() {
                    n.to_string()
                } else {
                    format!("{n} {noun}")
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let mut detail = Vec::new();
    if !killed.is_empty() {
        detail.push(format!("{} killed", describe(&killed)));
    }
    if !wounded.is_empty() {
        detail.push(format!("{} wounded", describe(&wounded)));
    }
    Casualties {
        killed: (!killed.is_empty()).then(|| killed.iter().map(|x| x.0).sum()),
        wounded: (!wounded.is_empty()).then(|| wounded.iter().map(|x| x.0).sum()),
        detail: detail.join("; "),
    }
}

/// The attack words of tokens `[first, last)`, in order, each once, and the kind of event they describe.
pub fn attack_words(tokens: &[Token], first: usize, last: usize) -> (Vec<&str>, Option<EventKind>) {
    let mut out: Vec<&str> = Vec::new();
    let mut kind: Option<EventKind> = None;
    static INDEX: std::sync::OnceLock<crate::gazetteer::lexicon::WordIndex> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| crate::gazetteer::lexicon::WordIndex::new(ATTACK_WORDS.iter().map(|x| x.0)));
    for t in &tokens[first..last] {
        if let Some(i) = index.position(&t.norm) {
            kind = Some(kind.map_or(ATTACK_WORDS[i].1, |k| k.min(ATTACK_WORDS[i].1)));
            if !out.contains(&t.norm.as_str()) {
                out.push(&t.norm);
            }
        }
    }
    (out, kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn sentence(text: &str) -> Vec<Token> {
        tokenize(text).0
    }

    #[test]
    fn lists_are_sorted() {
        let w: Vec<&str> = ATTACK_WORDS.iter().map(|x| x.0).collect();
        let mut v = w.clone();
        v.sort();
        assert_eq!(v, w);
        let mut m: Vec<&str> = MONTHS.iter().map(|x| x.0).collect();
        m.sort();
        assert_eq!(m, MONTHS.iter().map(|x| x.0).collect::<Vec<_>>());
    }

    #[test]
    fn event_kind_from_the_most_specific_word() {
        let kind = |s: &str| {
            let t = sentence(s);
            attack_words(&t, 0, t.len()).1
        };
        assert_eq!(
            kind("Gunmen attacked a bus and a bomb exploded"),
            Some(EventKind::Explosion)
        );
        assert_eq!(
            kind("Militants stormed the town and kidnapped two"),
            Some(EventKind::Abduction)
        );
        assert_eq!(kind("Officials opened a school"), None);
        assert_eq!(kind("Gunmen attacked"), Some(EventKind::Attack));
    }

    #[test]
    fn casualty_figures() {
        let c = |s: &str| {
            let t = sentence(s);
            let c = casualties(&t, 0, t.len());
            (c.killed, c.wounded)
        };
        assert_eq!(c("22 attackers and 13 soldiers were killed"), (Some(35), None));
        assert_eq!(
            c("Militants attacked a convoy, killing five soldiers and injuring 12."),
            (Some(5), Some(12))
        );
        assert_eq!(
            c("At least 10 people, including three soldiers, were killed and 20 injured."),
            (Some(10), Some(20))
        );
        assert_eq!(c("The death toll rose to 18 on Sunday."), (Some(18), None));
        assert_eq!(c("A blast 20 km from Quetta on March 16 hurt nobody."), (None, None));
        assert_eq!(c("Two dozen passengers were wounded"), (None, Some(24)));
        assert_eq!(c("Five people lost their lives in 2024."), (Some(5), None));
    }

    #[test]
    fn dates_against_publication() {
        let published = NaiveDate::from_ymd_opt(2025, 3, 20);
        let d = |s: &str, p: Option<NaiveDate>| {
            let t = sentence(s);
            dates(&t, 0, t.len(), p)
                .into_iter()
                .map(|d| d.date.map(|e| (e.iso(), e.end_iso())))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            d("an assault in Noshki on March 16", published),
            [Some(("2025-03-16".into(), None))]
        );
        assert_eq!(d("an assault on March 16", None), [None]);
        assert_eq!(
            d("seized Manoghar on May 2 and Surab on May 31", published),
            [Some(("2024-05-02".into(), None)), Some(("2024-05-31".into(), None))]
        );
        assert_eq!(
            d("raids on Feb. 2-5", published),
            [Some(("2025-02-02".into(), Some("2025-02-05".into())))]
        );
        assert_eq!(
            d("over the weekend", published),
            [Some(("2025-03-15".into(), Some("2025-03-16".into())))]
        );
        assert_eq!(d("on Monday", published), [Some(("2025-03-17".into(), None))]);
        assert_eq!(d("in May 2023", published), [Some(("2023-05".into(), None))]);
        assert_eq!(d("on 11 March 2025", None), [Some(("2025-03-11".into(), None))]);
        assert_eq!(
            d("he may go", published),
            Vec::<Option<(String, Option<String>)>>::new()
        );
    }
}
