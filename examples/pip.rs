//! Times point-in-polygon alone: reads a boundary file and a CSV of points
//! (`longitude`/`latitude` or `lon`/`lat` columns), locates every point, and
//! prints per-district counts and the time of each phase. Used by
//! `bench/pip_run.sh` beside geopandas' `sjoin`.
//!
//! ```text
//! cargo run --release --example pip -- DISTRICTS.geojson POINTS.csv [--verify N]
//! ```
//! `--verify N` also checks the first N points against geo's plain
//! `Contains`/`Intersects` over every polygon and reports disagreements.

use std::time::Instant;

use incident_mapper::boundaries::Boundaries;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(bpath), Some(ppath)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: pip DISTRICTS POINTS.csv [--verify N]");
    };
    let verify: usize = match args.iter().position(|a| a == "--verify") {
        Some(i) => args.get(i + 1).map_or(Ok(1000), |v| v.parse())?,
        None => 0,
    };
    let t = Instant::now();
    let b = Boundaries::from_file(bpath.as_ref(), None)?;
    let t_load = t.elapsed();
    for w in b.warnings() {
        eprintln!("warning: {w}");
    }

    let t = Instant::now();
    let mut rdr = csv::Reader::from_path(ppath)?;
    let h = rdr.headers()?.clone();
    let col = |names: &[&str]| h.iter().position(|x| names.contains(&x));
    let (Some(xi), Some(yi)) = (col(&["longitude", "lon"]), col(&["latitude", "lat"])) else {
        anyhow::bail!("{ppath}: no longitude/latitude columns");
    };
    let mut pts = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut rec)? {
        let f = |i: usize| {
            std::str::from_utf8(&rec[i])
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok())
        };
        if let (Some(x), Some(y)) = (f(xi), f(yi)) {
            pts.push((x, y));
        }
    }
    let t_read = t.elapsed();

    let t = Instant::now();
    let mut counts = vec![0u64; b.regions.len() + 1];
    let mut scratch = Vec::new();
    for &(x, y) in &pts {
        let k = b.locate_with(x, y, &mut scratch).unwrap_or(b.regions.len());
        counts[k] += 1;
    }
    let t_pip = t.elapsed();

    let mut differ = 0;
    for &(x, y) in pts.iter().take(verify) {
        let (fast, slow) = (b.locate(x, y), b.locate_exhaustive(x, y));
        if fast != slow {
            differ += 1;
            eprintln!("differs at ({x}, {y}): index {fast:?}, exhaustive {slow:?}");
        }
    }

    println!("district,points");
    for (i, r) in b.regions.iter().enumerate() {
        println!("{},{}", r.name, counts[i]);
    }
    println!("(outside),{}", counts[b.regions.len()]);
    eprintln!(
        "{} polygons; load+validate+index {:.3} s; read {} points {:.3} s; point-in-polygon {:.3} s ({:.0} ns/point){}",
        b.regions.len(),
        t_load.as_secs_f64(),
        pts.len(),
        t_read.as_secs_f64(),
        t_pip.as_secs_f64(),
        t_pip.as_nanos() as f64 / pts.len().max(1) as f64,
        if verify > 0 {
            format!("; verified {} against geo: {differ} differ", verify.min(pts.len()))
        } else {
            String::new()
        }
    );
    Ok(())
}
