//! `citegraph audit`: report snapshots, exit codes, support propagation, the seed's
//! report, and the HTML page in a real headless browser.

use citegraph::Source;
use citegraph::{ClaimStatus, Document};
use citegraph::{Options, extract};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = "tests/fixtures/audit/example.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn citegraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citegraph"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run citegraph")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn doc(text: &str) -> Document {
    extract(&Source::new("test.txt", text.to_string()), &Options::default())
}

fn status_of(d: &Document, starts: &str) -> ClaimStatus {
    d.claims
        .iter()
        .find(|c| c.text.starts_with(starts))
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("no claim starting with {starts:?}: {:#?}", d.claims))
}

// ---- snapshots -------------------------------------------------------------------------

#[test]
fn text_report() {
    let o = citegraph(&["audit", EXAMPLE, "--color", "never"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("audit_text", stdout(&o));
}

#[test]
fn text_report_in_colour() {
    let o = citegraph(&["audit", EXAMPLE, "--color", "always"]);
    let s = stdout(&o);
    assert!(s.contains("\x1b[1;33mwarning[unsupported-claim]"), "{s}");
    // Not a terminal: `auto` means no colour.
    let plain = stdout(&citegraph(&["audit", EXAMPLE]));
    assert!(!plain.contains('\x1b'));
}

#[test]
fn markdown_report() {
    let o = citegraph(&["audit", EXAMPLE, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("audit_markdown", stdout(&o));
}

#[test]
fn json_report() {
    let o = citegraph(&["audit", EXAMPLE, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
    assert_eq!(v["documents"][0]["summary"]["unsupported"], 2);
    insta::assert_snapshot!("audit_json", s);
}

#[test]
fn report_goes_to_a_file() {
    let dir = tempdir("out");
    let out = dir.join("report.md");
    let o = citegraph(&["audit", EXAMPLE, "--format", "markdown", "-o", out.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(written.starts_with("# Citation audit of `tests/fixtures/audit/example.txt`"), "{written}");
}

// ---- exit codes ------------------------------------------------------------------------

#[test]
fn exit_codes() {
    let code = |args: &[&str]| {
        let mut all = vec!["audit", EXAMPLE, "--format", "json"];
        all.extend_from_slice(args);
        citegraph(&all).status.code()
    };
    assert_eq!(code(&[]), Some(0), "no condition: pass");
    assert_eq!(code(&["--fail-on", "unsupported"]), Some(1));
    assert_eq!(code(&["--fail-on", "unresolved"]), Some(1));
    assert_eq!(code(&["--fail-on", "ambiguous"]), Some(0), "the example has no ambiguous citation");
    assert_eq!(code(&["--fail-on", "ambiguous,suffix-problem"]), Some(1));
    assert_eq!(code(&["--fail-on", "ambiguous", "--fail-on", "warnings"]), Some(1));
    assert_eq!(code(&["--fail-on", "errors"]), Some(0));
    assert_eq!(code(&["--max-unsupported", "2"]), Some(0));
    assert_eq!(code(&["--max-unsupported", "1"]), Some(1));
    assert_eq!(code(&["--fail-on", "Nonsense!"]), Some(2), "usage error");
    assert_eq!(citegraph(&["audit", "tests/fixtures/audit/missing.txt"]).status.code(), Some(1));
    let o = citegraph(&["audit", EXAMPLE, "--fail-on", "unsupported"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("audit failed: unsupported claims"));
}

// ---- which claims need support, and how far support carries ----------------------------

#[test]
fn author_opinion_needs_no_source() {
    let d = doc("This paper argues that treaties matter more than codes of conduct.\n\nIn the author’s view, the \
                 real motivation appears to be a desire to keep options open.\n");
    assert!(d.claims.iter().all(|c| c.status == ClaimStatus::NoClaim), "{:#?}", d.claims);
}

#[test]
fn appeals_to_others_need_a_source() {
    // The same sentence scores higher with the appeal than without it, and the reasons name
    // the appeal with a positive learned weight.
    let score = |t: &str| {
        let d = doc(t);
        let c = d.claims.first().cloned().unwrap_or_else(|| panic!("no claim in {t:?}"));
        (c.score, c.reasons)
    };
    for (with, without, reason) in [
        (
            "It is well known that most outages are caused by ship anchors in shallow water.",
            "Most outages are caused by ship anchors in shallow water.",
            "appeals to what is known",
        ),
        (
            "Reportedly, several operators share a single repair ship in the region.",
            "Several operators share a single repair ship in the region.",
            "reports what others say",
        ),
    ] {
        let (a, reasons) = score(with);
        let (b, _) = score(without);
        assert!(a > b, "{with}: {a} <= {b}");
        assert!(reasons.iter().any(|r| r.starts_with('+') && r.contains(reason)), "{reasons:?}");
    }
}

#[test]
fn quotation_attributed_in_the_next_sentence() {
    let d = doc("As one operator put it: “A cable is only as strong as the ship that can mend it.” The remark was \
                 made at an industry meeting (Okafor, 2020).\n\nOkafor, N. (2020). Repair ships. Marine Policy, 4, \
                 5-6.\n");
    let q = d.claims.iter().find(|c| c.text.starts_with("As one operator")).expect("quote claim");
    assert_eq!(q.status, ClaimStatus::Supported);
    assert!(q.reasons[0].contains("the quotation is attributed in s2"), "{:?}", q.reasons);
}

#[test]
fn quotation_without_attribution_needs_a_source() {
    let d = doc("As one operator put it: “A cable is only as strong as the ship that can mend it, and the ship is \
                 only as good as its crew.”\n");
    let q = d.claims.iter().find(|c| c.text.starts_with("As one operator")).expect("quote claim");
    assert_ne!(q.status, ClaimStatus::Supported);
    assert!(q.reasons.iter().any(|r| r.starts_with('+') && r.contains("quotes someone")), "{:?}", q.reasons);
}

#[test]
fn paragraph_opening_with_a_reported_author() {
    let d = doc("Hill (2013b) describes the treaty negotiations in detail. He shows that the security provisions \
                 were drafted by a small group of states in 2012. The drafts circulated for months before the \
                 conference. However, we think that the outcome is better than its reputation.\n\nIt is well \
                 known that the drafts were leaked in 2012.\n");
    assert_eq!(status_of(&d, "He shows"), ClaimStatus::Supported);
    assert_eq!(status_of(&d, "The drafts circulated"), ClaimStatus::Supported);
    // The writer's voice ends the account, and support never crosses a paragraph.
    assert_eq!(status_of(&d, "However, we think"), ClaimStatus::NoClaim);
    assert_ne!(status_of(&d, "It is well known"), ClaimStatus::Supported);
}

#[test]
fn a_parenthetical_citation_does_not_carry_to_the_next_sentence() {
    let d = doc("Cables carry most traffic (Carter, 2019). Reportedly, several operators share a single repair \
                 ship.\n");
    assert_ne!(status_of(&d, "Reportedly"), ClaimStatus::Supported);
}

// ---- the seed document -------------------------------------------------------------------

fn shared() -> PathBuf {
    PathBuf::from(env!("CITEGRAPH_SHARED_DIR"))
}

#[test]
#[cfg_attr(not(has_shared), ignore = "needs ../shared (the corpus); CI runs it")]
fn seed_report_leaves_author_opinion_out() {
    let path = shared().join("corpus/seed/000_4510d2f033457e83.txt");
    let o = citegraph(&["audit", path.to_str().unwrap_or_default(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let claims = v["documents"][0]["claims"].as_array().cloned().unwrap_or_default();
    let flagged: Vec<&str> =
        claims.iter().filter(|c| c["status"] == "unsupported").filter_map(|c| c["text"].as_str()).collect();
    for t in &flagged {
        let lower = t.to_lowercase();
        assert!(
            !lower.contains("paper argues") && !lower.contains("article argues") && !lower.contains("author’s"),
            "author-opinion sentence flagged: {t}"
        );
    }
    // Every flagged sentence was read by hand (see docs/audit.md); the count guards drift.
    // With the learned model 28 sentences are flagged; each was read by hand (docs/audit.md).
    // The bound guards drift: a retrained model that flags many more needs reading again.
    assert!(flagged.len() <= 32, "{flagged:#?}");
    assert!(flagged.iter().any(|t| t.contains("allegedly")), "{flagged:#?}");
}

// ---- the HTML page in a real browser ---------------------------------------------------

fn tempdir(name: &str) -> PathBuf {
    let d = root().join("target").join("audit-tests").join(name);
    let _ = std::fs::create_dir_all(&d);
    d
}

/// The browser build.rs found on PATH (the first of these names that runs).
fn chromium() -> &'static str {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
        .expect("build.rs found a chromium on PATH, but none runs")
}

fn headless(browser: &str, profile: &Path, extra: &[&str], url: &str) -> Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium")
}

/// Writes the example's HTML report into `target/audit-tests/NAME`; returns the folder and page.
fn html_report(name: &str) -> (PathBuf, PathBuf) {
    let dir = tempdir(name);
    let page = dir.join("example.html");
    let o = citegraph(&["audit", EXAMPLE, "--format", "html", "-o", page.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    for remote in ["src=\"http", "href=\"http", "url(http", "@import", "src=\"//", "href=\"//"] {
        assert!(!html.contains(remote), "the page must not reach the network: {remote}");
    }
    assert!(html.contains("&lt;") || !html.contains("<REFERENCES"), "document text is escaped");
    (dir, page)
}

#[test]
fn html_report_is_self_contained() {
    html_report("html-static");
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium; CI runs it")]
fn html_report_in_a_headless_browser() {
    let (dir, page) = html_report("html");
    let browser = chromium();
    let url = format!("file://{}", page.display());
    let dom = headless(browser, &dir.join("profile-dom"), &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(dom.contains("class=\"claim unsupported\""), "unsupported claims are marked");
    assert!(dom.contains("class=\"cite\" id=\"d1-c1\" href=\"#d1-r1\""), "citations link to their source");
    assert!(dom.contains("class=\"cite unresolved\""), "unresolved citations are marked");
    // The filter script counts the problem rows: as many as the JSON report lists.
    let report: serde_json::Value =
        serde_json::from_slice(&citegraph(&["audit", EXAMPLE, "--format", "json"]).stdout).expect("valid JSON");
    let rows = report["documents"][0]["problems"].as_array().map_or(0, Vec::len);
    assert!(rows > 0, "the example has problems to show");
    assert!(dom.contains(&format!("{rows} shown")), "the filter script ran and counted the {rows} problem rows");
    assert!(dom.contains("Hill 2013b"), "the source list names the sources");
    let shot = dir.join("example.png");
    let _ = std::fs::remove_file(&shot);
    headless(
        browser,
        &dir.join("profile-shot"),
        &["--window-size=1280,2400", &format!("--screenshot={}", shot.display())],
        &url,
    );
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "screenshot {} is missing or empty", shot.display());
    eprintln!("screenshot of the HTML report: {}", shot.display());
}

// ---------------------------------------------------------------------------------------
// Named sources: a sentence that names the document it rests on.
// ---------------------------------------------------------------------------------------

const NAMED: &str = "1. Introduction\n\n\
States have long been urged to cooperate against attacks on networks. It is well known that \
Resolution 45 of the Plenipotentiary Conference calls on states to cooperate against spam. \
Earlier studies have reported that most attacks cross borders. Keywords follow RFC 2119 \
as usual (Hill, 2013).\n\n\
References\n\n\
Hill, R. (2013). Norms for networks. Journal of Internet Law, 4, 1-20.\n";

#[test]
fn a_claim_that_names_its_source_is_supported_and_noted() {
    let d = doc(NAMED);
    let kinds: Vec<(&str, &str)> = d.named_sources.iter().map(|n| (n.kind.name(), n.name.as_str())).collect();
    assert_eq!(kinds, [("resolution", "Resolution 45"), ("rfc", "RFC 2119")]);
    let named = d.claims.iter().find(|c| c.text.starts_with("It is well known")).unwrap();
    assert_eq!(named.status, ClaimStatus::Supported);
    assert_eq!(named.reasons[0], "names its source: Resolution 45 (no reference given)");
    assert_eq!(d.named_sources[0].claim.as_deref(), Some(named.id.as_str()));
    // The sentence after it names nothing and is still unsupported.
    assert_eq!(status_of(&d, "Earlier studies"), ClaimStatus::Unsupported);
    // A sentence that cites keeps its own support first.
    let cited = d.claims.iter().find(|c| c.text.starts_with("Keywords")).unwrap();
    assert!(cited.reasons[0].starts_with("supported: cites"), "{:?}", cited.reasons);

    let dir = std::env::temp_dir().join(format!("citegraph-named-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("named.txt");
    std::fs::write(&file, NAMED).unwrap();
    let f = file.to_str().unwrap();
    let out = stdout(&citegraph(&["audit", f, "--color", "never"]));
    assert!(
        out.contains("info[named-source-without-reference]: names its source but gives no reference: Resolution 45"),
        "{out}"
    );
    assert!(!out.contains("RFC 2119 (no"), "a citing sentence gets no note: {out}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&citegraph(&["extract", f, "--format", "json"]))).unwrap();
    assert_eq!(json["named_sources"][0]["kind"], "resolution");
    assert_eq!(json["named_sources"][0]["line"], 3);
    let sources = stdout(&citegraph(&["sources", f, "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&sources).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["named"] == "resolution").expect("named row");
    assert_eq!((row["label"].as_str(), row["resting"].as_array().map(Vec::len)), (Some("Resolution 45"), Some(1)));
    let dot = stdout(&citegraph(&["graph", f, "--view", "claims"]));
    assert!(dot.contains("shape=\"tab\"") && dot.contains("Resolution 45"), "{dot}");
}
