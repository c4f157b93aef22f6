//! Property tests: no input makes the normaliser or the geocoder panic, and
//! every resolution keeps the output contract's invariants.

use std::sync::OnceLock;

use incident_mapper::gazetteer::normalize::{normalize, skeleton, translit_key};
use incident_mapper::gazetteer::Gazetteer;
use incident_mapper::geocode::Geocoder;
use incident_mapper::model::Method;
use proptest::prelude::*;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::embedded)
}

/// Phrases built from real names, filler words and noise, plus arbitrary text.
fn phrase() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Quetta",
        "Noshki",
        "Naushki",
        "Turbat",
        "district",
        "area",
        "of",
        "near",
        "Killa",
        "Qila",
        "Abdullah",
        "'s",
        "Kech",
        "Gwadar",
        "road",
        "highway",
        "-",
        ",",
        "e",
        "Balochistan",
        "province",
        "town",
        "Mustang",
        "Hub",
        "Karachi",
        "division",
        "Makran",
        "neighbourhood",
        "Quétta",
        "’s",
        "  ",
        "x",
    ]);
    prop_oneof![
        prop::collection::vec(words, 0..8).prop_map(|w| w.join(" ")),
        any::<String>(),
        "[a-zA-Z '’,.-]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn normalising_is_idempotent_and_never_panics(s in any::<String>()) {
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
        let _ = skeleton(&translit_key(&n));
    }

    #[test]
    fn resolutions_keep_the_contract(loc in phrase(), a2 in prop::option::of(phrase()), a1 in prop::option::of(phrase())) {
        let mut g = Geocoder::new(gaz());
        let r = g.resolve(&loc, a2.as_deref(), a1.as_deref());
        prop_assert!((0.0..=1.0).contains(&r.score), "score {}", r.score);
        match r.method {
            Method::Unresolved => {
                prop_assert!(r.place.is_none() && r.lat.is_none() && r.precision.is_none());
                prop_assert!(r.reason.is_some());
            }
            _ => {
                let (lat, lon) = (r.lat.unwrap(), r.lon.unwrap());
                prop_assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0);
                prop_assert!(r.precision.is_some());
                prop_assert!(r.place.is_some());
            }
        }
        if r.method == Method::District {
            prop_assert_eq!(r.precision.map(|p| p.code()), Some(2));
            prop_assert!(r.district.is_some());
        }
        // The same input gives the same answer (the cache is transparent).
        let again = g.resolve(&loc, a2.as_deref(), a1.as_deref());
        prop_assert_eq!(again, r);
    }
}
