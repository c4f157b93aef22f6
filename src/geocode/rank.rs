//! Choosing one place among the candidates of a phrase.
//!
//! The rule, in words: take the most specific place that is consistent with
//! every larger unit the row or the phrase names; among same-named places,
//! prefer the one the context supports, then the seat of an administrative
//! unit, then the unit itself, then the larger population.
//!
//! * **Row context** — the row's district/province columns — filters
//!   candidates (softly: if nothing is consistent, the best is kept and
//!   flagged `context_mismatch`).
//! * **Violations** — another span that could contain the candidate (it has a
//!   candidate of a coarser kind) but none of whose candidates is compatible
//!   with it. "Hazarganji" villages in Khuzdar violate "Quetta's Hazarganji".
//! * **Support** — other spans that do contain it: Suntsar is supported by
//!   "Gwadar district".
//! * **Role** — a name after "of"/"in" is more likely the container; a name
//!   that is part of a road's or river's name is used only as a last resort.
//! * Among namesakes, Pakistani places come first (the embedded gazetteer is
//!   Pakistan's; a foreign namesake needs context such as "Zabul"), then a
//!   place's own name before a transliteration variant before a fuzzy match.

use std::cmp::Ordering;

use super::phrase::{Cand, Quality, Role, Span};
use crate::gazetteer::{haversine_km, Gazetteer};
use crate::model::{Place, PlaceKind, Seat};

/// The row's own administrative context, already resolved to canonical names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowContext {
    pub district: Option<String>,
    pub province: Option<String>,
}

/// How close (km) two towns, villages or localities must be to describe one
/// location ("Nasirabad neighbourhood of Turbat").
pub const SAME_PLACE_KM: f64 = 25.0;

/// Whether two places can describe the same location: one administrative
/// unit inside the other (with the district crosswalk), a place inside a
/// unit, or two places within [`SAME_PLACE_KM`] of each other.
pub fn compatible(gaz: &Gazetteer, a: &Place, b: &Place) -> bool {
    if !a.kind.is_admin() && !b.kind.is_admin() {
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM;
    }
    if a.country != b.country {
        return false;
    }
    if a.kind == PlaceKind::Country || b.kind == PlaceKind::Country {
        return true;
    }
    if a.kind == PlaceKind::Province || b.kind == PlaceKind::Province {
        return a.province.is_some() && a.province == b.province;
    }
    match (&a.district, &b.district) {
        (Some(x), Some(y)) => gaz.districts.compatible(x, y),
        _ => a.province.is_some() && a.province == b.province,
    }
}

/// Whether `p` is consistent with the row's district/province columns.
pub fn fits_row(gaz: &Gazetteer, p: &Place, ctx: &RowContext) -> bool {
    if let Some(prov) = &ctx.province {
        if p.kind == PlaceKind::Country {
            return false;
        }
        if p.province.as_deref() != Some(prov.as_str()) {
            return false;
        }
    }
    if let Some(d) = &ctx.district {
        if p.kind <= PlaceKind::District {
            return p.district.as_deref().is_some_and(|pd| gaz.districts.compatible(pd, d));
        }
    }
    true
}

/// How prominent a place is among its namesakes (lower is more prominent):
/// the seat of an administrative unit, then the unit itself, then towns,
/// then everything else.
fn prominence(p: &Place) -> u8 {
    match (p.seat, p.kind) {
        (Seat::Country | Seat::Province, _) => 0,
        (Seat::District, _) => 1,
        (_, k) if k.is_admin() => 2,
        (_, PlaceKind::Town) => 3,
        _ => 4,
    }
}

/// Whether anything is known of a place beyond a village's name and point:
/// a population, or a kind above village. Among namesakes of one rank, a
/// place that sources describe (New Sariab, a neighbourhood of Quetta) is
/// likelier meant than a bare village record (a Sariab in Kech, as a full
/// GeoNames file adds thousands). Alternate names do not count: a village
/// matched by one has one, which would make the test circular.
fn documented(p: &Place) -> bool {
    p.kind != PlaceKind::Village || p.population.is_some()
}

/// A candidate with the facts the ranking uses.
#[derive(Debug, Clone)]
pub struct Scored {
    pub span: usize,
    pub cand: Cand,
    pub fits_row: bool,
    /// In the row's district itself, not only one it was carved from or into.
    pub in_row_district: bool,
    pub violations: usize,
    pub support: usize,
    /// Of `support`, the units whose district is the candidate's own, not only one
    /// it was carved from or into (the district crosswalk).
    pub support_same: usize,
}

fn evaluate(gaz: &Gazetteer, spans: &[Span], ctx: &RowContext) -> Vec<Scored> {
    let mut out = Vec::new();
    for (si, s) in spans.iter().enumerate() {
        for c in &s.cands {
            let p = gaz.place(c.place as usize);
            let mut violations = 0;
            let mut support = 0;
            let mut support_same = 0;
            for (oi, o) in spans.iter().enumerate() {
                // Feature names ("Hub River Road") are not containers of anything.
                if oi == si || matches!(o.role, Role::Feature | Role::Reference) {
                    continue;
                }
                // `o` names a larger unit if every reading of it is coarser, or if
                // the grammar says so ("X area of Y district") and it can be as large.
                // (Readings as written only, where it has them: "Zabul" is Afghanistan's
                // province, whatever Iran's town Zābol is spelt like.)
                let top = o.cands.iter().map(|x| tier(x.quality)).max().unwrap_or(0);
                let container = o
                    .cands
                    .iter()
                    .filter(|x| tier(x.quality) == top)
                    .all(|x| gaz.place(x.place as usize).kind > p.kind)
                    || (o.role == Role::Container
                        && s.role != Role::Container
                        && o.cands.iter().any(|x| gaz.place(x.place as usize).kind >= p.kind));
                let compat = o.cands.iter().any(|x| compatible(gaz, p, gaz.place(x.place as usize)));
                let contains = o.cands.iter().any(|x| {
                    let q = gaz.place(x.place as usize);
                    q.kind > p.kind && compatible(gaz, p, q)
                });
                // A district does not lie in a town: "Nasirabad area of Turbat" is no district
                // Nasirabad, whatever the grammar says of the rest.
                let too_small = o.role == Role::Container
                    && s.role != Role::Container
                    && p.kind == PlaceKind::District
                    && o.cands
                        .iter()
                        .all(|x| gaz.place(x.place as usize).kind < PlaceKind::District);
                if container && !compat || too_small {
                    violations += 1;
                }
                if contains {
                    support += 1;
                    let same = o.cands.iter().any(|x| {
                        let q = gaz.place(x.place as usize);
                        q.kind > p.kind
                            && q.kind <= PlaceKind::District
                            && q.district.is_some()
                            && q.district == p.district
                    });
                    if same {
                        support_same += 1;
                    }
                }
            }
            out.push(Scored {
                span: si,
                cand: *c,
                fits_row: fits_row(gaz, p, ctx),
                in_row_district: ctx.district.is_some() && p.district == ctx.district,
                violations,
                support,
                support_same,
            });
        }
    }
    out
}

/// How a name matched, coarsely: a place's own (alternate) name beats a
/// transliteration variant, which beats a fuzzy match.
fn tier(q: Quality) -> u8 {
    match q {
        Quality::Exact | Quality::AltName => 2,
        Quality::Translit => 1,
        Quality::Fuzzy(_) => 0,
    }
}

/// Two misspellings: where a slip is exactly as near a place of the province
/// the tool covers as one elsewhere ("Kalate": Kalat, or one of
/// Karachi's foreign spellings), the data this tool reads is likelier about the former.
fn equally_close_slips(pa: &Place, qa: Quality, pb: &Place, qb: Quality) -> Ordering {
    let focus = |p: &Place| p.province.as_deref() == Some(super::phrase::FOCUS_PROVINCE);
    match (qa, qb) {
        (Quality::Fuzzy(x), Quality::Fuzzy(y)) if x == y => focus(pb).cmp(&focus(pa)),
        _ => Ordering::Equal,
    }
}

/// How far a reading is in the country the tool's data is about, and so preferred to a
/// namesake abroad ("Kalat", "Qalat": Balochistan's, not Zabul's): a well-known place or a
/// town as written (3) over a city abroad as written (2) over a village as written (1) —
/// a minor place reached only by a spelling variant or a slip counts for nothing: "Kabul"
/// is Afghanistan's capital, not a village Qabul.
fn home(p: &Place, q: Quality) -> u8 {
    let pk = p.country == "PK";
    if pk && (super::evidence::prominent(p) || p.kind >= PlaceKind::Town && tier(q) == 2) {
        3
    } else if !pk && tier(q) == 2 && p.kind == PlaceKind::Town && p.population.unwrap_or(0) >= MAJOR_ABROAD {
        // A city of 100,000 abroad, named as written, over a village of its name here
        // ("Ghazni", "Jalalabad"); not over a town here, nor where the row's other names decide.
        2
    } else if pk && tier(q) == 2 {
        1
    } else {
        0
    }
}

/// The population from which a city abroad named as written outranks a village of its name here.
const MAJOR_ABROAD: u64 = 100_000;

/// Orders namesakes within one span: context first, then prominence.
fn within_span(gaz: &Gazetteer, a: &Scored, b: &Scored) -> Ordering {
    let (pa, pb) = (gaz.place(a.cand.place as usize), gaz.place(b.cand.place as usize));
    b.fits_row
        .cmp(&a.fits_row)
        .then(a.violations.cmp(&b.violations))
        .then(b.support.cmp(&a.support))
        .then(b.support_same.cmp(&a.support_same))
        .then(b.in_row_district.cmp(&a.in_row_district))
        .then(home(pb, b.cand.quality).cmp(&home(pa, a.cand.quality)))
        .then(tier(b.cand.quality).cmp(&tier(a.cand.quality)))
        .then(equally_close_slips(pa, a.cand.quality, pb, b.cand.quality))
        .then(prominence(pa).cmp(&prominence(pb)))
        .then(documented(pb).cmp(&documented(pa)))
        .then(b.cand.quality.score().total_cmp(&a.cand.quality.score()))
        .then(pb.population.unwrap_or(0).cmp(&pa.population.unwrap_or(0)))
        .then(a.cand.place.cmp(&b.cand.place))
}

/// The number of words a span covers.
fn words(s: &Span) -> usize {
    s.end - s.start
}

/// Orders the spans' best candidates: the most specific consistent place first.
fn across_spans(gaz: &Gazetteer, spans: &[Span], a: &Scored, b: &Scored) -> Ordering {
    let (pa, pb) = (gaz.place(a.cand.place as usize), gaz.place(b.cand.place as usize));
    // A town's market ("Wadh bazaar") that another name of the phrase holds in its
    // own district ("Khuzdar's Wadh bazaar") is in that town: as specific as any target.
    // A road, chowk or hotel named after a town lies anywhere ("Surab road, Kalat").
    let role = |x: &Scored| match spans[x.span].role {
        Role::Feature if spans[x.span].market && x.support_same > 0 => Role::Target,
        r => r,
    };
    b.fits_row
        .cmp(&a.fits_row)
        .then(a.violations.cmp(&b.violations))
        .then(role(a).cmp(&role(b)))
        .then(pa.kind.cmp(&pb.kind))
        .then(b.support.cmp(&a.support))
        .then(tier(b.cand.quality).cmp(&tier(a.cand.quality)))
        // Of two unrelated places named side by side with nothing between (no list: "X and
        // Y" keeps its first), the one of more words: a longer name is less often met by
        // chance ("Band Khushdil Khan": Khushdil Khan, not a village Band).
        .then_with(|| {
            let (x, y) = (&spans[a.span], &spans[b.span]);
            if x.end == y.start || y.end == x.start {
                words(y).cmp(&words(x))
            } else {
                Ordering::Equal
            }
        })
        .then(spans[a.span].start.cmp(&spans[b.span].start))
}

/// The outcome of ranking.
#[derive(Debug, Clone)]
pub struct Ranked {
    /// The chosen candidate.
    pub best: Scored,
    /// How the choice among namesakes was made.
    pub decided_by: Decision,
    /// Every candidate weighed, best first (the chosen one included).
    pub all: Vec<Scored>,
    /// More than one unrelated place of the chosen kind was named.
    pub multiple_places: bool,
}

/// What separated the chosen place from its runner-up namesake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It was the only candidate for its name.
    Unique,
    /// Row or phrase context.
    Context,
    /// Prominence or population alone.
    Prominence,
}

/// Ranks all candidates of all spans. `None` when there are none.
pub fn rank(gaz: &Gazetteer, spans: &[Span], ctx: &RowContext) -> Option<Ranked> {
    let mut all = evaluate(gaz, spans, ctx);
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| within_span(gaz, a, b)));
    // The best of each span.
    let mut bests: Vec<Scored> = Vec::new();
    for s in &all {
        if bests.last().is_none_or(|b| b.span != s.span) {
            bests.push(s.clone());
        }
    }
    bests.sort_by(|a, b| across_spans(gaz, spans, a, b));
    let best = bests[0].clone();
    // (What a distance is measured from, or a road's namesake, is no second place of the event.)
    let multiple_places = bests.get(1).is_some_and(|o| {
        let (p, q) = (gaz.place(best.cand.place as usize), gaz.place(o.cand.place as usize));
        !matches!(spans[o.span].role, Role::Reference | Role::Feature)
            && o.violations == best.violations
            && q.kind == p.kind
            && !compatible(gaz, p, q)
    });
    let same_span: Vec<&Scored> = all.iter().filter(|s| s.span == best.span).collect();
    // Namesakes that are compatible with the chosen place (Nushki the
    // district and Nushki its seat town) do not make the name ambiguous.
    let best_place = gaz.place(best.cand.place as usize);
    let rivals: Vec<&&Scored> = same_span
        .iter()
        .filter(|s| !compatible(gaz, best_place, gaz.place(s.cand.place as usize)))
        .collect();
    let decided_by = match rivals.first() {
        None => Decision::Unique,
        // A namesake reached only by a spelling variant or a slip is no namesake of a name
        // as written ("Zabul": Afghanistan's province, not Iran's Zābol).
        Some(r) if tier(r.cand.quality) < tier(best.cand.quality) => Decision::Context,
        Some(r)
            if r.fits_row != best.fits_row
                || r.violations != best.violations
                || r.support != best.support
                || r.support_same != best.support_same
                || r.in_row_district != best.in_row_district =>
        {
            Decision::Context
        }
        Some(_) => Decision::Prominence,
    };
    all.sort_by(|a, b| {
        (a.span != best.span)
            .cmp(&(b.span != best.span))
            .then_with(|| within_span(gaz, a, b))
    });
    Some(Ranked {
        best,
        decided_by,
        all,
        multiple_places,
    })
}
