//! Formatted reference lists (`citegraph bib --style`): snapshots of the example document
//! in APA and Chicago author-date as text, Markdown and HTML, hostile field values in each
//! format, unknown styles, incomplete works, every bundled style, and the command line.

use citegraph::export::{
    Flavour, StyleError, TextFormat, find_style, style_help, style_names, write_bib, write_formatted,
};
use citegraph::{Document, EntryType, Person, Reference, Source};
use citegraph::{Options, extract};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/example.txt")
}

fn fixture_doc() -> Document {
    let text = std::fs::read_to_string(fixture_path()).expect("fixture");
    extract(&Source::new("example.txt", text), &Options::default())
}

fn render(docs: &[Document], style: &str, format: TextFormat) -> String {
    let mut out = Vec::new();
    write_formatted(docs, style, format, &mut out).unwrap_or_else(|e| panic!("{style} {format:?}: {e}"));
    String::from_utf8(out).expect("utf8")
}

const FORMATS: [(TextFormat, &str); 3] =
    [(TextFormat::Text, "text"), (TextFormat::Markdown, "markdown"), (TextFormat::Html, "html")];

#[test]
fn snapshots_of_the_example() {
    let doc = fixture_doc();
    for style in ["apa", "chicago-author-date"] {
        for (format, name) in FORMATS {
            insta::assert_snapshot!(
                format!("example_{style}_{name}"),
                render(std::slice::from_ref(&doc), style, format)
            );
        }
    }
    // A numeric style numbers the works in the order the text first cites them.
    insta::assert_snapshot!("example_ieee_text", render(&[doc], "ieee", TextFormat::Text));
}

/// The visible text of a Markdown rendering, through a CommonMark parser.
fn markdown_text(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut paragraphs = Vec::new();
    let mut cur = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Paragraph) => cur.clear(),
            Event::End(TagEnd::Paragraph) => paragraphs.push(std::mem::take(&mut cur)),
            Event::Text(t) | Event::Code(t) => cur.push_str(&t),
            Event::SoftBreak | Event::HardBreak => cur.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in Markdown: {h}\n{md}"),
            Event::Start(Tag::List(_) | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                panic!("an entry became a block: {ev:?}\n{md}")
            }
            _ => {}
        }
    }
    paragraphs
}

/// The visible text of each `csl-entry` of an HTML rendering, through an XML parser
/// (the fragment is well-formed XHTML).
fn html_text(html: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(html);
    let mut entries = Vec::new();
    let mut depth_in_entry = 0usize;
    let mut cur = String::new();
    loop {
        match r.read_event().unwrap_or_else(|e| panic!("HTML is not well-formed: {e}\n{html}")) {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                assert!(
                    ["div", "em", "strong", "span", "a", "sup", "sub"].contains(&name.as_str()),
                    "unexpected element <{name}>\n{html}"
                );
                let class =
                    e.try_get_attribute("class").ok().flatten().map(|a| a.value.into_owned()).unwrap_or_default();
                if depth_in_entry > 0 {
                    depth_in_entry += 1;
                    if class == "csl-right-inline" {
                        cur.push(' ');
                    }
                } else if class.split(' ').any(|c| c == "csl-entry") {
                    depth_in_entry = 1;
                    cur.clear();
                }
            }
            Event::End(_) if depth_in_entry > 0 => {
                depth_in_entry -= 1;
                if depth_in_entry == 0 {
                    entries.push(cur.trim().to_string());
                }
            }
            Event::Text(t) if depth_in_entry > 0 => cur.push_str(&t.xml10_content()),
            Event::GeneralRef(g) if depth_in_entry > 0 => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => match g.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        other => panic!("unexpected entity &{other};"),
                    },
                };
                cur.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[test]
fn formats_agree_on_the_text() {
    let doc = fixture_doc();
    for style in ["apa", "chicago-author-date", "ieee", "mla", "nature"] {
        let docs = std::slice::from_ref(&doc);
        let text: Vec<String> = render(docs, style, TextFormat::Text).lines().map(str::to_string).collect();
        assert_eq!(text.len(), 7, "{style}: one line per cited work");
        assert_eq!(markdown_text(&render(docs, style, TextFormat::Markdown)), text, "{style} markdown");
        assert_eq!(html_text(&render(docs, style, TextFormat::Html)), text, "{style} html");
    }
}

const HOSTILE: &str = "Say \"hi\" {unbalanced \\ back\\slash} </script><script>alert('x')</script> 100% & &amp; $5 #1 \
     a_b_c *star* **bold** [link](javascript:x) `code` ~ ^ | pipe\nnew line";

fn hostile_doc() -> Document {
    let text = "Intro\n\nCats purr loudly (Hill, 2013). Dogs bark at night (Lee, 2001).\n\nRefs\n\n";
    let mut doc = extract(&Source::new("t.txt", text.into()), &Options::default());
    for c in &mut doc.citations {
        if c.authors == ["Hill"] {
            c.reference = Some("r1".into());
        } else {
            // The incomplete work's marker quotes the citation as written.
            c.text = HOSTILE.into();
        }
    }
    doc.references.push(Reference {
        id: "r1".into(),
        key: "hill2013".into(),
        kind: EntryType::Article,
        authors: vec![Person::name("Hill", Some("R.".into()))],
        year: Some("2013".into()),
        title: Some(HOSTILE.into()),
        container: Some(format!("Journal {HOSTILE}")),
        volume: Some("4".into()),
        pages: Some("1-2".into()),
        doi: Some("10.1/\"><script>x</script>".into()),
        url: Some("javascript:alert(1)".into()),
        raw: HOSTILE.into(),
        ..Reference::default()
    });
    doc
}

#[test]
fn hostile_values_survive_every_format() {
    let doc = hostile_doc();
    let one_line = HOSTILE.split_whitespace().collect::<Vec<_>>().join(" ");
    let docs = std::slice::from_ref(&doc);
    for style in ["apa", "chicago-author-date", "ieee"] {
        let text = render(docs, style, TextFormat::Text);
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 2, "{style}: two works, one line each\n{text}");
        if style == "apa" {
            // APA keeps titles as written: the whole value is there, character for character.
            assert!(text.contains(&one_line), "{style} text lost the title:\n{text}");
        }
        assert!(text.contains("[incomplete: known only from the in-text citation"), "{text}");

        let md = render(docs, style, TextFormat::Markdown);
        assert_eq!(markdown_text(&md), lines, "{style}: Markdown shows exactly the text\n{md}");
        assert!(md.contains("a\\_b\\_c \\*star\\* \\*\\*bold\\*\\* \\[link\\](javascript:x)"), "{md}");

        let html = render(docs, style, TextFormat::Html);
        assert_eq!(html_text(&html), lines, "{style}: HTML shows exactly the text\n{html}");
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script") && !lower.contains("</script"), "{style}: script tag in\n{html}");
        assert!(!lower.contains("href=\"javascript"), "{style}: javascript link in\n{html}");
        assert!(html.contains("&lt;/script&gt;") && html.contains("&amp;amp;"), "{html}");
    }
}

#[test]
fn unknown_style_is_an_error_listing_names() {
    let mut out = Vec::new();
    let err = write_formatted(&[fixture_doc()], "chicago-autor-date", TextFormat::Text, &mut out).unwrap_err();
    assert!(out.is_empty(), "nothing written on error");
    match &err {
        StyleError::UnknownStyle { name, suggestions } => {
            assert_eq!(name, "chicago-autor-date");
            assert_eq!(suggestions.first(), Some(&"chicago-author-date"));
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    for name in ["did you mean `chicago-author-date`", "apa", "ieee", "modern-language-association", "--style help"] {
        assert!(msg.contains(name), "error names `{name}`: {msg}");
    }
    assert!(find_style("").is_err());
}

#[test]
fn common_names_and_aliases_resolve() {
    for name in [
        "apa",
        "APA",
        "chicago-author-date",
        "chicago",
        "chicago-notes",
        "mla",
        "ieee",
        "harvard",
        "vancouver",
        "nature",
        "american-psychological-association",
    ] {
        assert!(find_style(name).is_ok(), "{name}");
    }
    let help = style_help();
    for name in ["american-psychological-association", "apa", "ieee", "harvard", "APA Style 7th edition"] {
        assert!(help.contains(name), "--style help lists {name}");
    }
    assert!(style_names().len() > 50);
}

#[test]
fn incomplete_works_are_present_and_marked() {
    let doc = fixture_doc();
    let docs = std::slice::from_ref(&doc);
    for style in ["apa", "chicago-author-date", "ieee", "vancouver"] {
        for (format, name) in FORMATS {
            let out = render(docs, style, format);
            for (who, cited) in [("Lee", "Lee, 2015"), ("Tanaka", "Tanaka (2016)")] {
                let line = out
                    .lines()
                    .find(|l| l.contains(who) && l.contains("incomplete"))
                    .unwrap_or_else(|| panic!("{style} {name}: {who} missing or unmarked\n{out}"));
                assert!(line.contains("Title unknown") && line.contains("incomplete: known only from"), "{line}");
                let quoted =
                    if format == TextFormat::Html { format!("&quot;{cited}&quot;") } else { format!("\"{cited}\"") };
                assert!(line.contains(&quoted), "{style} {name}: {line}");
            }
            if format == TextFormat::Html {
                assert_eq!(out.matches("class=\"csl-entry citegraph-incomplete\"").count(), 2, "{out}");
            }
        }
    }
}

#[test]
fn every_bundled_style_renders_or_says_why() {
    let doc = fixture_doc();
    let mut rendered = 0;
    for s in style_names() {
        let mut out = Vec::new();
        match write_formatted(std::slice::from_ref(&doc), s.name, TextFormat::Html, &mut out) {
            Ok(()) => {
                let html = String::from_utf8(out).expect("utf8");
                assert_eq!(html_text(&html).len(), 7, "{}: one entry per work\n{html}", s.name);
                rendered += 1;
            }
            Err(StyleError::NoBibliography(_)) => {}
            Err(e) => panic!("{}: {e}", s.name),
        }
    }
    assert!(rendered > 50, "{rendered}");
}

#[test]
fn no_documents_no_entries() {
    assert_eq!(render(&[], "apa", TextFormat::Text), "");
    assert_eq!(render(&[], "apa", TextFormat::Html), "<div class=\"csl-bib-body\">\n</div>\n");
}

// ---------------------------------------------------------------------------------------
// Command line.

fn citegraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citegraph")).args(args).output().expect("run citegraph")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bib_style_option_matches_the_library_rendering() {
    let f = fixture_path();
    let f = f.to_str().expect("path");
    let doc = fixture_doc();
    let docs = std::slice::from_ref(&doc);

    // --style alone writes text; --format picks Markdown or HTML.
    let o = citegraph(&["bib", f, "--style", "apa"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), render(docs, "apa", TextFormat::Text));
    for (format, name) in FORMATS {
        let o = citegraph(&["bib", f, "--style", "chicago-author-date", "--format", name]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), render(docs, "chicago-author-date", format), "{name}");
    }

    // -o writes the file.
    let dir = std::env::temp_dir().join(format!("citegraph-style-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("refs.html");
    let o = citegraph(&["bib", f, "--style", "ieee", "--format", "html", "-o", out.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).expect("output file"), render(docs, "ieee", TextFormat::Html));
    let _ = std::fs::remove_dir_all(&dir);

    // Without --style nothing changed: BibLaTeX by default, the other formats as before.
    let mut bib = Vec::new();
    write_bib(docs, Flavour::Biblatex, &mut bib).expect("bib");
    let o = citegraph(&["bib", f]);
    assert!(o.status.success());
    assert_eq!(o.stdout, bib);
    for fmt in ["biblatex", "bibtex", "csl-json"] {
        let o = citegraph(&["bib", f, "--format", fmt]);
        assert!(o.status.success(), "{fmt}: {}", stderr(&o));
    }

    // --style help lists the styles, with or without a FILE.
    for args in [&["bib", "--style", "help"][..], &["bib", f, "--style", "help"]] {
        let o = citegraph(args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("american-psychological-association") && stdout(&o).contains("apa"));
    }

    // Usage errors: exit 2, a message, nothing on standard output.
    for (args, says) in [
        (&["bib", f, "--style", "no-such-style"][..], "unknown style `no-such-style`"),
        (&["bib", f, "--format", "markdown"], "needs --style"),
        (&["bib", f, "--style", "apa", "--format", "bibtex"], "not bibtex"),
        (&["bib", "--style", "apa"], "FILE"),
    ] {
        let o = citegraph(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }

    // Documented in --help.
    let help = stdout(&citegraph(&["bib", "--help"]));
    assert!(help.contains("--style") && help.contains("--style apa") && help.contains("markdown"), "{help}");
}

/// A small independent CSL style: author, year and title.
const MINI_CSL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Mini</title><id>http://example.org/mini</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><names variable="author"><name form="short"/></names></layout></citation>
  <bibliography>
    <sort><key variable="author"/></sort>
    <layout suffix=".">
      <group delimiter=" | ">
        <names variable="author"><name name-as-sort-order="all" initialize-with="."/></names>
        <date variable="issued"><date-part name="year"/></date>
        <text variable="title" text-case="uppercase"/>
        <text term="editor" form="short"/>
      </group>
    </layout>
  </bibliography>
</style>
"#;

#[test]
fn style_files_and_locales() {
    let dir = std::env::temp_dir().join(format!("citegraph-style-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let csl = dir.join("mini.csl");
    std::fs::write(&csl, MINI_CSL).expect("write");
    let f = fixture_path();
    let f = f.to_str().expect("path");
    let o = citegraph(&["bib", f, "--style", csl.to_str().expect("path")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Hill, R., Okafor, N. | 2013 | STREET DESIGN AND INJURY: A META-ANALYSIS | ed."), "{text}");
    // The locale changes the terms: "ed." in English, "Hrsg." in German.
    let o = citegraph(&["bib", f, "--style", csl.to_str().expect("path"), "--locale", "de-DE"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("| Hrsg."), "{}", stdout(&o));
    let o = citegraph(&["bib", f, "--style", "apa", "--locale", "de"]);
    assert!(stdout(&o).contains("(Hrsg.)") && stdout(&o).contains("S. 100–120"), "{}", stdout(&o));
    // The shared copies of the styles pandoc uses load too (CI always has them).
    let shared = Path::new(env!("CITEGRAPH_SHARED_DIR")).join("csl");
    if cfg!(has_shared) {
        for s in ["apa.csl", "chicago-author-date.csl", "harvard-cite-them-right.csl"] {
            let o = citegraph(&["bib", f, "--style", shared.join(s).to_str().expect("path")]);
            assert!(o.status.success(), "{s}: {}", stderr(&o));
            assert!(stdout(&o).contains("Hill"), "{s}: {}", stdout(&o));
        }
    }
    // Usage errors: exit 2 before anything is read.
    let broken = dir.join("broken.csl");
    std::fs::write(&broken, "<style xmlns=\"http://purl.org/net/xbiblio/csl\"><info>").expect("write");
    for (args, says) in [
        (vec!["bib", f, "--style", broken.to_str().expect("path")], "not a valid CSL style"),
        (vec!["bib", f, "--style", "no/such/style.csl"], "style file no/such/style.csl"),
        (vec!["bib", f, "--style", "apa", "--locale", "xx-YY"], "unknown locale `xx-YY`"),
        (vec!["bib", f, "--locale", "de-DE"], "--style"),
    ] {
        let o = citegraph(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
