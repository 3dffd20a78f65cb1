//! Hunts for super-linear behaviour: runs every fuzz target on pathological inputs of
//! doubling size and prints the time and the growth exponent (1.0 = linear, 2.0 = quadratic).
//!
//! `cargo run --release --example scaling -- [START_BYTES] [DOUBLINGS] [FAMILY_FILTER]`

use std::time::{Duration, Instant};

fn rep(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len().max(1) + 1)
}

/// Pathological input families: name → input of about `n` bytes.
fn families() -> Vec<(&'static str, fn(usize) -> String)> {
    vec![
        ("open_parens", |n| rep("(", n)),
        ("nested_parens", |n| format!("{}Smith, 2001{}", rep("(", n / 2), rep(")", n / 2))),
        ("open_paren_words", |n| rep("(Smith ", n)),
        ("no_spaces", |n| rep("abcdefghij", n)),
        ("no_spaces_dots", |n| rep("a.b,c;d(e)f", n)),
        ("et_al_years", |n| format!("(Smith{})", rep(" et al., 1999,", n))),
        ("et_al_years_bare", |n| rep("et al., 1999, ", n)),
        ("smith_and", |n| format!("{}Jones (2001)", rep("Smith and ", n))),
        ("smith_and_paren", |n| format!("({}Jones, 2001)", rep("Smith and ", n))),
        ("capital_words", |n| format!("{}2001", rep("Smith ", n))),
        ("capital_words_paren", |n| format!("({}2001)", rep("Smith ", n))),
        ("years", |n| rep("1999 ", n)),
        ("paren_years", |n| format!("(Smith, {})", rep("1999, ", n))),
        ("year_groups", |n| rep("(Smith, 2001; ", n)),
        ("semicolons", |n| format!("(Smith, 2001{})", rep("; Jones", n))),
        ("initials", |n| rep("A. ", n)),
        ("dots", |n| rep(". ", n)),
        ("abbrevs", |n| rep("e.g. pp. et al. U.S. ", n)),
        ("quotes", |n| rep("“", n)),
        ("quote_pairs", |n| rep("“a” ", n)),
        ("question_marks", |n| rep("? ", n)),
        ("digits", |n| rep("1234567890", n)),
        ("locators", |n| format!("(Smith, 2001, pp. {})", rep("1-2, ", n))),
        ("newlines", |n| rep("\n", n)),
        ("pages_blank_runs", |n| rep("Some text here.\n\n\n\n", n)),
        ("pages_form_feed", |n| rep("Some text here.\n\x0c", n)),
        ("footnote_pages", |n| rep("Running text of the page.'\n\n' A footnote body here.\n\n\n\n", n)),
        ("footnotes_many", |n| format!("Running text.\n\n{}", rep("1 A footnote body here.\n\n", n))),
        ("headings", |n| rep("1. INTRODUCTION\n\nText.\n\n", n)),
        ("short_lines", |n| rep("Word\n", n)),
        ("one_para_lines", |n| rep("a claim (Smith, 2001) is made here\n", n)),
        ("hyphen_lines", |n| rep("inter-\n", n)),
        ("ref_heading_body", |n| format!("Text.\n\nReferences\n\n{}", rep("Smith, J. (2001). Title. Journal, 3, 4-5.\n", n))),
        ("refs_one_line", |n| rep("Smith, J., ", n) + "(2001). Title."),
        ("refs_dots", |n| rep("A. B. ", n) + "2001."),
        ("refs_commas", |n| rep(", ", n)),
        ("bib_open_braces", |n| format!("@article{{k, title = {}", rep("{", n))),
        ("bib_entries", |n| rep("@article{k, author = {Smith, John}, title = {T}, year = 2001}\n", n)),
        ("bib_dup_keys", |n| rep("@article{k, title = {T}, year = 2001}\n", n)),
        ("bib_unterminated", |n| rep("@article{k,\n", n)),
        ("bib_string_concat", |n| format!("@string{{a = \"x\"}}\n@string{{b = {}a}}\n", rep("a # ", n))),
        ("bib_authors", |n| format!("@article{{k, author = {{{}Smith}}, year = 2001}}", rep("Smith, J. and ", n))),
        ("bib_crossref_chain", |n| {
            let k = n / 40;
            (0..k).map(|i| format!("@book{{k{i}, crossref = {{k{}}}, year = 2001}}\n", i + 1)).collect()
        }),
        ("bib_at_signs", |n| rep("@", n)),
        ("mixed_unicode", |n| rep("é (Müller, 2001) ß… “x” ’ ", n)),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(16 * 1024);
    let doublings: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(4);
    let filter = args.get(2).cloned().unwrap_or_default();
    let budget = Duration::from_secs(3);
    println!("{:<22} {:<16} {:>10} {:>12} {:>8}", "family", "target", "bytes", "time", "exp");
    for (fam, make) in families() {
        if !fam.contains(&filter) {
            continue;
        }
        for (tname, f) in citegraph_fuzz::TARGETS {
            let mut prev: Option<f64> = None;
            let mut worst_exp = 0.0f64;
            let mut line = String::new();
            for k in 0..=doublings {
                let input = make(start << k);
                let t = Instant::now();
                f(input.as_bytes());
                let el = t.elapsed();
                let secs = el.as_secs_f64().max(1e-6);
                if let Some(p) = prev {
                    let exp = (secs / p).log2();
                    if p > 2e-3 {
                        worst_exp = worst_exp.max(exp);
                    }
                }
                line = format!("{:<22} {:<16} {:>10} {:>12.3?} {:>8.2}", fam, tname, input.len(), el, worst_exp);
                prev = Some(secs);
                if el > budget {
                    line.push_str("  (stopped: over budget)");
                    break;
                }
            }
            let flag = if worst_exp > 1.4 { "  <-- SUPERLINEAR" } else { "" };
            println!("{line}{flag}");
        }
    }
}
