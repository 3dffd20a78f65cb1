//! Reference-string parsing: hand-checked fixtures, and a score on AnyStyle's `core.xml`
//! when the shared corpus sits beside the checkout.

use citegraph::{parse_reference, parse_references as parse_lines};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/references")
}

#[test]
fn fixtures_match_expected_fields() {
    let text = std::fs::read_to_string(fixtures().join("entries.txt")).expect("fixture entries");
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).expect("fixture expected"))
            .expect("expected.json is JSON");
    let (refs, _) = parse_lines(&text);
    let got: Vec<Value> = refs.iter().map(|r| serde_json::to_value(r).expect("serialisable")).collect();
    let mut failures = Vec::new();
    for exp in &expected {
        let line = exp["line"].as_u64().expect("line") as usize;
        let Some(g) = got.iter().find(|g| g["line"].as_u64() == Some(line as u64)) else {
            failures.push(format!("line {line}: no output"));
            continue;
        };
        for (k, v) in exp.as_object().expect("object") {
            let actual = match k.as_str() {
                "authors" | "editors" => Value::Array(
                    g[k.as_str()]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|p| p.get("family").or_else(|| p.get("literal")).cloned().unwrap_or(Value::Null))
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
                _ => g.get(k.as_str()).cloned().unwrap_or(Value::Null),
            };
            if &actual != v {
                failures.push(format!("line {line}: {k}: expected {v}, got {actual}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} field mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn raw_is_trimmed_and_collapsed_and_parse_never_fails() {
    let (r, _) = parse_reference("  Smith, J.   (2001).\n  A   title.  ");
    assert_eq!(r.raw, "Smith, J. (2001). A title.");
    for s in ["", "((((", "”", "[1]", "10.1000/", "et al. (n.d.)", "In: (Eds.), pp.", "\u{feff}Ω ≠ 2001:"] {
        let (r, _) = parse_reference(s);
        assert_eq!(r.raw, s.split_whitespace().collect::<Vec<_>>().join(" "));
    }
}

#[test]
fn blank_lines_are_skipped_and_lines_kept() {
    let (refs, _) = parse_lines("Smith, J. (2001). A.\n\n   \nLee, K. (2002). B.\n");
    assert_eq!(refs.len(), 2);
    assert_eq!((refs[0].line, refs[1].line), (1, 4));
    assert_eq!((refs[0].id.as_str(), refs[1].id.as_str()), ("r1", "r2"));
}

/// Scores `core.xml` with the project's scorer (ignored without `../shared` or `python3`).
#[test]
#[cfg_attr(not(all(has_shared, has_python3)), ignore = "needs ../shared and python3; CI runs it")]
fn anystyle_core_score() {
    let shared = Path::new(env!("CITEGRAPH_SHARED_DIR"));
    let xml = shared.join("corpus/refstrings/anystyle/core.xml");
    let scorer = shared.join("tools/score_refs.py");
    let lines = std::process::Command::new("python3").arg(&scorer).arg("lines").arg(&xml).output();
    let lines = match lines {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        other => panic!("cannot run python3 {}: {other:?}", scorer.display()),
    };
    let (refs, _) = parse_lines(&lines);
    let out = std::env::temp_dir().join(format!("citegraph-core-{}.json", std::process::id()));
    std::fs::write(&out, serde_json::to_string(&refs).expect("serialisable")).expect("write temp json");
    let res = std::process::Command::new("python3")
        .arg(&scorer)
        .arg("score")
        .arg(&xml)
        .arg(&out)
        .args(["--min", "0.897", "--quiet"])
        .output()
        .expect("python3 ran before");
    let _ = std::fs::remove_file(&out);
    let report = String::from_utf8_lossy(&res.stdout);
    eprintln!("{report}");
    assert!(res.status.success(), "core.xml field accuracy below the floor:\n{report}");
}
