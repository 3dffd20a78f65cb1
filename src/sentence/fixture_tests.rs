//! Tests for [`split_sentences`]: fixture files, the real OCR'd seed
//! document, output invariants on every corpus text, and pathological inputs.
//!
//! Fixture format: see `tests/fixtures/sentences/README.md`.

use super::split_sentences;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sentences")
}

fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CITEGRAPH_SHARED_DIR"))
}

/// Collapses whitespace runs to one space.
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits and returns normalized sentences, checking the output invariants first.
fn sentences(text: &str) -> Vec<String> {
    let ranges = split_sentences(text);
    check_invariants(text, &ranges);
    ranges.into_iter().map(|r| normalize(&text[r])).collect()
}

/// The documented contract: ranges in order, non-empty, on char boundaries, trimmed, and
/// together covering every non-whitespace byte exactly once.
fn check_invariants(text: &str, ranges: &[Range<usize>]) {
    let mut prev_end = 0;
    for r in ranges {
        assert!(r.start < r.end, "empty range {r:?}");
        assert!(r.start >= prev_end, "range {r:?} overlaps or is out of order");
        assert!(r.end <= text.len(), "range {r:?} past end");
        let gap = text.get(prev_end..r.start).unwrap_or_else(|| panic!("range {r:?} not on a char boundary"));
        assert!(gap.trim().is_empty(), "non-whitespace {gap:?} not covered");
        let body = text.get(r.clone()).unwrap_or_else(|| panic!("range {r:?} not on a char boundary"));
        assert_eq!(body, body.trim(), "range {r:?} not trimmed");
        prev_end = r.end;
    }
    let rest = text.get(prev_end..).unwrap_or_default();
    assert!(rest.trim().is_empty(), "tail {rest:?} not covered");
}

/// One fixture case.
struct Case {
    file: String,
    line: usize,
    input: String,
    expected: Vec<String>,
}

fn parse_fixture(file: &str, content: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut input: Vec<&str> = Vec::new();
    let mut expected: Vec<String> = Vec::new();
    let mut in_expected = false;
    let mut start_line = 1;
    let mut finish = |input: &mut Vec<&str>, expected: &mut Vec<String>, line: usize| {
        if input.is_empty() && expected.is_empty() {
            return;
        }
        cases.push(Case { file: file.to_string(), line, input: input.join("\n"), expected: std::mem::take(expected) });
        input.clear();
    };
    for (idx, line) in content.lines().enumerate() {
        if line == "===" {
            assert!(in_expected, "{file}:{}: case without `---`", idx + 1);
            finish(&mut input, &mut expected, start_line);
            in_expected = false;
            start_line = idx + 2;
        } else if line == "---" {
            in_expected = true;
        } else if in_expected {
            if !line.trim().is_empty() {
                expected.push(normalize(line));
            }
        } else if !(input.is_empty() && line.starts_with('#')) {
            input.push(line);
        }
    }
    if !input.is_empty() || !expected.is_empty() {
        assert!(in_expected, "{file}: last case without `---`");
        finish(&mut input, &mut expected, start_line);
    }
    cases
}

fn load_fixtures() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| {
            let content = std::fs::read_to_string(p).expect("read fixture");
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            parse_fixture(&name, &content)
        })
        .collect()
}

#[test]
fn fixtures_match() {
    let cases = load_fixtures();
    assert!(cases.len() >= 40, "only {} fixture cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let got = sentences(&case.input);
        if got != case.expected {
            failures.push(format!(
                "{}:{}\n  input:    {:?}\n  expected: {:#?}\n  got:      {:#?}",
                case.file, case.line, case.input, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_parser_handles_comments_and_multiline_input() {
    let cases = parse_fixture("t", "# c\nA b.\n C d.\n---\nA b.\n\nC d.\n===\nX.\n---\nX.\n");
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].input, "A b.\n C d.");
    assert_eq!(cases[0].expected, ["A b.", "C d."]);
    assert_eq!(cases[1].line, 9);
}

/// Splits on blank lines (the caller's paragraphs) and returns sentences of all paragraphs.
fn paragraph_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut para_start = 0;
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        offset += line.len();
        let blank_next = lines.peek().is_none_or(|l| l.trim().is_empty());
        if blank_next {
            out.extend(sentences(&text[para_start..offset]));
            para_start = offset;
        }
    }
    out
}

fn seed_path() -> PathBuf {
    shared_dir().join("corpus/seed/000_4510d2f033457e83.txt")
}

/// Boundaries verified by reading the seed document.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the corpus); CI runs it")]
fn seed_document_boundaries() {
    let text = std::fs::read_to_string(seed_path()).expect("seed document");
    let whole = sentences(&text);
    let got = paragraph_sentences(&text);
    assert!(got.len() > 150, "suspiciously few sentences: {}", got.len());
    assert!(whole.len() > 150, "suspiciously few sentences: {}", whole.len());

    let find = |needle: &str| -> usize {
        got.iter().position(|s| s.contains(needle)).unwrap_or_else(|| panic!("no sentence contains {needle:?}"))
    };
    // Ends a sentence, although it starts with `etc. (` and contains `pp.`.
    let i = find("(Hill, 2013b, pp. 35-48 and 65-66; and 59 and 63, respectively).");
    assert!(got[i].ends_with("respectively)."), "{}", got[i]);
    assert!(got[i].contains("pricing in general, etc. (Hill,"), "{}", got[i]);
    assert!(got[i + 1].starts_with("Several of the pro- consumer"), "{}", got[i + 1]);
    // Initial.
    let i = find("Keith B. Alexander has argued");
    assert!(got[i].starts_with("Similarly, former CYBERCOM"), "{}", got[i]);
    // `et\nal.,` inside a parenthesis.
    let i = find("(Eisneberg et al., 1989) was still a topic of concern.");
    assert!(got[i].starts_with("When the WATTC was convened"), "{}", got[i]);
    // Footnote markers after the period.
    let i = find("confidentiality of information and communications.'");
    assert!(got[i].ends_with("communications.'"), "{}", got[i]);
    assert!(got[i + 1].starts_with("Both computer systems"), "{}", got[i + 1]);
    let i = find("offline?, so certain types of cyber attacks are surely illegal.");
    assert!(got[i].starts_with("It is generally agreed"), "{}", got[i]);
    let i = find("Article 42 of the ITU Convention.*");
    assert!(got[i].ends_with("Convention.*"), "{}", got[i]);
    assert!(got[i + 1].starts_with("In the author’s opinion"), "{}", got[i + 1]);
    let i = find("(Mueller, 2012; Hill, 2013b, pp. 41-42)°.");
    assert!(got[i].ends_with("pp. 41-42)°."), "{}", got[i]);
    assert!(got[i + 1].starts_with("The USA made it clear"), "{}", got[i + 1]);
    // Closing quote stays with its sentence.
    let i = find("to a more secure state.”");
    assert!(got[i].ends_with("secure state.”"), "{}", got[i]);
    assert!(got[i + 1].starts_with("As Schreier (2015, p. 14) puts"), "{}", got[i + 1]);
    let i = find("do we put into place?”");
    assert!(got[i].ends_with("place?”"), "{}", got[i]);
    assert!(got[i + 1].starts_with("The East West Institute"), "{}", got[i + 1]);
    // Ellipsis inside a quotation.
    find("parallel institution for Internet governance. ... Further, since routing");
    // Parenthetical locators.
    let i = find("(Hill, 2013b, p. 8).");
    assert!(got[i].ends_with("(Hill, 2013b, p. 8)."), "{}", got[i]);
    assert!(got[i + 1].starts_with("This is possibly the first treaty"), "{}", got[i + 1]);
    let i = find("(Hill, 2014, pp. 24 and 32).");
    assert!(got[i].ends_with("pp. 24 and 32)."), "{}", got[i]);
    assert!(got[i + 1].starts_with("As Robert Khan"), "{}", got[i + 1]);
    find("WGIG, 2005, para. 17-18; Deibert, 2013;");
    // Quoted enumerator.
    find("And “7. Member States should endeavour");
    // Questions.
    let i = find("against a determined cyber attack?");
    assert!(got[i].starts_with("How many military forces"), "{}", got[i]);
    assert!(got[i + 1].starts_with("And how many could"), "{}", got[i + 1]);
    find("(electrical power distribution, roads, manufacturing, etc.) is severely disrupted");
}

/// Every corpus text present satisfies the output invariants and looks plausible.
#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the corpus); CI runs it")]
fn corpus_invariants() {
    let mut checked = 0;
    for dir in ["seed", "layout", "articles"] {
        let Ok(entries) = std::fs::read_dir(shared_dir().join("corpus").join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let whole = sentences(&text);
            let paras = paragraph_sentences(&text);
            let words = text.split_whitespace().count();
            assert!(!paras.is_empty() || words == 0, "{}", path.display());
            // Average sentence length should be in a sane range for prose.
            if words > 1000 {
                let avg = words / whole.len().max(1);
                assert!((5..=80).contains(&avg), "{}: avg {avg} words", path.display());
            }
            checked += 1;
        }
    }
    eprintln!("corpus_invariants: checked {checked} files");
}

#[test]
fn empty_and_whitespace_only() {
    assert!(split_sentences("").is_empty());
    assert!(split_sentences("   \n\n\t  ").is_empty());
    assert_eq!(sentences("  \n One.\n "), ["One."]);
}

#[test]
fn ranges_point_into_original_text() {
    let text = "  First one\n is here.  Second (Smith et\n al., 2001) too.\n";
    let ranges = split_sentences(text);
    assert_eq!(ranges, [2..21, 23..56]);
    assert_eq!(&text[ranges[0].clone()], "First one\n is here.");
    assert_eq!(&text[ranges[1].clone()], "Second (Smith et\n al., 2001) too.");
}

#[test]
fn huge_single_line_without_spaces() {
    let text = "a".repeat(1 << 20);
    let ranges = split_sentences(&text);
    assert_eq!(ranges, vec![0..text.len()]);
    let dotted = "a.".repeat(1 << 19);
    assert_eq!(split_sentences(&dotted).len(), 1);
    let dots = ".".repeat(1 << 20);
    assert_eq!(split_sentences(&dots).len(), 1);
}

#[test]
fn huge_line_of_short_sentences() {
    let text = "It is. ".repeat(150_000);
    let start = Instant::now();
    let ranges = split_sentences(&text);
    assert_eq!(ranges.len(), 150_000);
    check_invariants(&text, &ranges);
    // Generous bound: catches quadratic behaviour, not slow machines.
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

#[test]
fn deep_and_unbalanced_brackets() {
    let nested = format!("{}inside. Still{} out. Done.", "(".repeat(10_000), ")".repeat(10_000));
    let got = sentences(&nested);
    assert_eq!(got.len(), 2, "{:?}", got.iter().map(String::len).collect::<Vec<_>>());
    let opens = format!("{} x. Y. Z.", "(".repeat(10_000));
    check_invariants(&opens, &split_sentences(&opens));
    let closes = format!("A{} bee. Cee. Dee.", ")".repeat(10_000));
    assert_eq!(sentences(&closes).len(), 3);
    // An unclosed parenthesis must not swallow a long paragraph.
    let long = format!("Start (unclosed. {}", "Another sentence here. ".repeat(2_000));
    assert!(sentences(&long).len() > 1_900);
}

#[test]
fn many_quotes_and_ellipses() {
    let text = "“a… “b... ”c. D. ".repeat(50_000);
    let start = Instant::now();
    check_invariants(&text, &split_sentences(&text));
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
}

/// Pseudo-random texts over an alphabet of tricky characters never panic and keep the
/// invariants.
#[test]
fn random_texts_keep_invariants() {
    const PIECES: &[&str] = &[
        ".", "?", "!", "…", "...", " ", "  ", "\n", "\n\n", "(", ")", "[", "]", "\"", "“", "”", "’", "'", "*", "°",
        "²", "A", "b", "É", "ç", "7", "2013", "et", "al", "pp", "e.g", "U.S", "No", "etc", "mRNA", "\u{a0}",
        "\u{2009}", ",", ":", "-", "B", "p", "…”", "ⅰ", "😀",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3_000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        check_invariants(&text, &split_sentences(&text));
    }
}

/// Run with `cargo test --release --lib sentence::fixture_tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run manually in release mode"]
fn throughput() {
    let base = if seed_path().is_file() {
        std::fs::read_to_string(seed_path()).expect("seed")
    } else {
        "The Internet was initially deployed to connect a handful of large computers \
         (Hill, 2014, pp. 24 and 32). Security was not a major design goal, e.g. for \
         Dr. Smith et al. (2013). It is worse. "
            .repeat(100)
    };
    // A few MB that stay in cache, split repeatedly.
    let text = base.repeat((4 << 20) / base.len() + 1);
    let rounds = 16;
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += split_sentences(std::hint::black_box(&text)).len();
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!("{n} sentences, {mb:.0} MB in {secs:.3} s = {:.0} MB/s", mb / secs);
}
