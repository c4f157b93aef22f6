//! The district table: Balochistan's 34 districts of the 2023 census, their
//! spelling variants, the post-census units folded into them and the older
//! districts they were carved from.
//!
//! District names differ between vintages (Chaman was part of Killa Abdullah
//! until 2021, Surab of Kalat until 2022), so an incident "in Killa Abdullah
//! district" may well be in today's Chaman. [`DistrictTable::compatible`]
//! answers that question.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind, Result};
use crate::gazetteer::normalize::{normalize, translit_key};

/// One row of `gazetteer/districts.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub name: String,
    pub division: String,
    pub province: String,
    pub population_2023: Option<u64>,
    pub aliases: Vec<String>,
    pub folded_units: Vec<String>,
    pub split_from: Vec<String>,
    pub seat: Option<String>,
    pub source: String,
}

/// The districts with a name index over their names and aliases.
#[derive(Debug, Clone, Default)]
pub struct DistrictTable {
    pub districts: Vec<District>,
    by_key: HashMap<String, usize>,
    /// Each division's transliteration key and a district of it, made on first use.
    division_keys: std::sync::OnceLock<Vec<(String, usize)>>,
}

/// The embedded table (from `gazetteer/districts.csv`).
pub const EMBEDDED_DISTRICTS: &str = include_str!("../../gazetteer/districts.csv");

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl DistrictTable {
    /// The table compiled into the binary.
    pub fn embedded() -> Self {
        Self::from_csv(EMBEDDED_DISTRICTS.as_bytes(), "gazetteer/districts.csv")
            .expect("embedded districts.csv is valid")
    }

    /// Reads a table in the `districts.csv` layout.
    pub fn from_csv(data: &[u8], label: &str) -> Result<Self> {
        let mut rdr = csv::Reader::from_reader(data);
        let headers = rdr
            .headers()
            .map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: {e}")))?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                Error::new(
                    ErrorKind::Gazetteer,
                    format!(
                        "{label}: no column '{name}' (found: {})",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                )
            })
        };
        let (c_name, c_prov) = (need("district")?, need("province")?);
        let get = |r: &csv::StringRecord, c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").trim().to_string();
        let mut table = DistrictTable::default();
        for (i, rec) in rdr.records().enumerate() {
            let r = rec.map_err(|e| Error::new(ErrorKind::Gazetteer, format!("{label}: line {}: {e}", i + 2)))?;
            table.districts.push(District {
                name: get(&r, Some(c_name)),
                division: get(&r, col("division")),
                province: get(&r, Some(c_prov)),
                population_2023: get(&r, col("population_2023")).parse().ok(),
                aliases: split_list(&get(&r, col("aliases"))),
                folded_units: split_list(&get(&r, col("folded_units"))),
                split_from: split_list(&get(&r, col("split_from"))),
                seat: Some(get(&r, col("seat"))).filter(|s| !s.is_empty()),
                source: get(&r, col("source")),
            });
        }
        for (i, d) in table.districts.iter().enumerate() {
            for n in std::iter::once(&d.name).chain(&d.aliases).chain(&d.folded_units) {
                table.by_key.entry(translit_key(&normalize(n))).or_insert(i);
            }
        }
        // A district's own name wins over another district's alias.
        for (i, d) in table.districts.iter().enumerate() {
            table.by_key.insert(translit_key(&normalize(&d.name)), i);
        }
        Ok(table)
    }

    /// Adds a crosswalk: a CSV with the columns `name,district` saying that
    /// `name` (a spelling, an older or newer unit) means `district`, which
    /// must be in the table. Later rows override earlier names. Returns the
    /// number of names added.
    ///
    /// ```
    /// use incident_mapper::gazetteer::districts::DistrictTable;
    /// let mut t = DistrictTable::embedded();
    /// t.add_crosswalk(b"name,district\nOld Kech,Kech\n", "cw.csv").unwrap();
    /// assert_eq!(t.get("Old Kech").unwrap().name, "Kech");
    /// assert!(t.add_crosswalk(b"name,district\nX,Atlantis\n", "cw.csv").is_err());
    /// ```
    pub fn add_crosswalk(&mut self, data: &[u8], label: &str) -> Result<usize> {
        let mut rdr = csv::Reader::from_reader(data);
        let err = |m: String| Error::new(ErrorKind::Gazetteer, format!("{label}: {m}"));
        let headers = rdr.headers().map_err(|e| err(e.to_string()))?.clone();
        let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
        let (Some(cn), Some(cd)) = (col("name"), col("district")) else {
            return Err(err(format!(
                "a crosswalk needs the columns name,district (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            )));
        };
        let mut n = 0;
        for rec in rdr.records() {
            let r = rec.map_err(|e| err(e.to_string()))?;
            let line = r.position().map_or(0, |p| p.line());
            let (name, district) = (r.get(cn).unwrap_or("").trim(), r.get(cd).unwrap_or("").trim());
            let Some(i) = self
                .districts
                .iter()
                .position(|d| Some(&d.name) == self.get(district).map(|x| &x.name))
            else {
                return Err(err(format!(
                    "line {line}: field 'district': '{district}' is not a district of the table"
                )));
            };
            if !name.is_empty() {
                self.by_key.insert(translit_key(&normalize(name)), i);
                n += 1;
            }
        }
        Ok(n)
    }

    /// The district a name (or alias, or folded unit) refers to.
    ///
    /// ```
    /// use incident_mapper::gazetteer::districts::DistrictTable;
    /// let t = DistrictTable::embedded();
    /// assert_eq!(t.get("Qila Abdullah").unwrap().name, "Killa Abdullah");
    /// assert_eq!(t.get("Bolan").unwrap().name, "Kachhi");
    /// assert_eq!(t.get("Hub").unwrap().name, "Lasbela");
    /// ```
    pub fn get(&self, name: &str) -> Option<&District> {
        // Most calls pass a district's own name (from a place's `district`).
        if let Some(d) = self.districts.iter().find(|d| d.name == name) {
            return Some(d);
        }
        let n = normalize(name);
        let n = n
            .strip_suffix(" district")
            .or_else(|| n.strip_prefix("district "))
            .unwrap_or(&n);
        self.by_key.get(&translit_key(n)).map(|&i| &self.districts[i])
    }

    /// The province of a division named `name` ("Makran", "Mekran", "Nasirabad"),
    /// matched on transliteration keys with one edit allowed in names of six letters or more.
    ///
    /// ```
    /// use incident_mapper::gazetteer::districts::DistrictTable;
    /// let t = DistrictTable::embedded();
    /// assert_eq!(t.division_province("Makran"), Some("Balochistan"));
    /// assert_eq!(t.division_province("Kalat"), Some("Balochistan"));
    /// assert_eq!(t.division_province("Kalan"), None); // "big", as in "Kot Kalan"
    /// assert_eq!(t.division_province("Lahore"), None);
    /// ```
    pub fn division_province(&self, name: &str) -> Option<&str> {
        self.division_province_of_key(&translit_key(&normalize(name)))
    }

    /// The name of the division `name` reads as (one slip allowed in a long name), as
    /// [`division_province`](Self::division_province) finds it.
    ///
    /// ```
    /// use incident_mapper::gazetteer::districts::DistrictTable;
    /// let t = DistrictTable::embedded();
    /// assert_eq!(t.division_name("Makran"), Some("Mekran"));
    /// assert_eq!(t.division_name("Loralai"), Some("Loralai"));
    /// ```
    pub fn division_name(&self, name: &str) -> Option<&str> {
        self.division_index_of_key(&translit_key(&normalize(name)))
            .map(|i| self.districts[i].division.as_str())
    }

    /// [`division_province`](Self::division_province) of a transliteration key.
    pub fn division_province_of_key(&self, k: &str) -> Option<&str> {
        self.division_index_of_key(k)
            .map(|i| self.districts[i].province.as_str())
    }

    /// A district of the division a transliteration key reads as.
    fn division_index_of_key(&self, k: &str) -> Option<usize> {
        if k.len() < 4 {
            return None;
        }
        // The divisions' keys, made once (this runs for every word of every distinct phrase).
        let keys = self.division_keys.get_or_init(|| {
            let mut v: Vec<(String, usize)> = Vec::new();
            for (i, d) in self.districts.iter().enumerate() {
                let dk = translit_key(&normalize(&d.division));
                if !v.iter().any(|x| x.0 == dk) {
                    v.push((dk, i));
                }
            }
            v
        });
        // One slip only in a long name ("Mekran"/"Makran", "Rakhshan"): within one edit of a
        // five-letter key lie common words of other names ("Kalan" is one from "Kalat").
        keys.iter()
            .find(|(dk, _)| dk == k || (dk.len() >= 6 && super::fuzzy::within_one_edit(dk, k)))
            .map(|(_, i)| *i)
    }

    /// Whether an incident placed in district `a` is consistent with a report
    /// that names district `b`: the same district, or one carved out of the
    /// other (at any depth).
    ///
    /// ```
    /// use incident_mapper::gazetteer::districts::DistrictTable;
    /// let t = DistrictTable::embedded();
    /// assert!(t.compatible("Chaman", "Killa Abdullah"));
    /// assert!(t.compatible("Killa Abdullah", "Chaman"));
    /// assert!(!t.compatible("Kech", "Gwadar"));
    /// ```
    pub fn compatible(&self, a: &str, b: &str) -> bool {
        if a.eq_ignore_ascii_case(b) {
            return true;
        }
        let (Some(da), Some(db)) = (self.get(a), self.get(b)) else {
            return false;
        };
        da.name == db.name || self.descends(&da.name, &db.name, 4) || self.descends(&db.name, &da.name, 4)
    }

    /// True if `child` was carved out of `parent`, directly or through others.
    fn descends(&self, child: &str, parent: &str, depth: u8) -> bool {
        if depth == 0 {
            return false;
        }
        let Some(c) = self.districts.iter().find(|d| d.name == child) else {
            return false;
        };
        c.split_from
            .iter()
            .any(|p| p == parent || self.descends(p, parent, depth - 1))
    }
}
