//! Parses reference strings, one per line, from a file or `-` (stdin) and prints a JSON array.
//!
//! Used to measure the reference parser against tagged corpora:
//! `cargo run --release --example refs -- refs.txt > out.json`.

use std::io::Read;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "-".to_string());
    let mut text = String::new();
    let res = if arg == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read(&arg).map(|b| text = String::from_utf8_lossy(&b).into_owned())
    };
    if let Err(e) = res {
        eprintln!("refs: cannot read {arg}: {e}");
        std::process::exit(2);
    }
    let start = std::time::Instant::now();
    let (refs, _diags) = citegraph::parse_references(&text);
    let mut took = start.elapsed();
    if std::env::var_os("REFS_TIMING").is_some() {
        // Second, warm run: the first pays for compiling the regexes once.
        let again = std::time::Instant::now();
        let _ = citegraph::parse_references(&text);
        took = again.elapsed();
    }
    if std::env::var_os("REFS_TIMING").is_some() {
        eprintln!(
            "{} references in {:?} ({:.0}/s)",
            refs.len(),
            took,
            refs.len() as f64 / took.as_secs_f64().max(1e-9)
        );
    }
    match serde_json::to_string_pretty(&refs) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("refs: {e}");
            std::process::exit(1);
        }
    }
}
