//! The HTML report: one self-contained page to read the document with its support.
//!
//! A reviewer wants to see the problems *in* the text, so the page shows the whole
//! document with every citation and footnote marker highlighted and linked to its source
//! or body, unsupported claims marked (their reasons in a tooltip), a filterable table of
//! problems linking into the text, the source list with how often and where each source is
//! cited, and the graph picture when the caller could render one. The page loads nothing
//! (no fonts, scripts or styles from the network; a Content-Security-Policy forbids it),
//! and every piece of document text is escaped.

use super::{Audit, UNSUPPORTED};
use crate::diagnostic::{Code, Severity};
use crate::model::ClaimStatus;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--fg:#1d1d1f;--muted:#666;--line:#ddd;--bad:#c62828;--badbg:#fdecea;--warn:#b26a00;--ok:#2e7d32;--cite:#e3f0ff;--citebad:#fff0d9;--fn:#f3e8ff}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0;background:#fafafa}
header{background:#263238;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#cfd8dc}
main{max-width:1180px;margin:0 auto;padding:8px 24px 40px}
section.doc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 20px 20px;margin:18px 0}
h2{font-size:18px;word-break:break-all}
h3{font-size:16px;margin-top:28px;border-bottom:1px solid var(--line);padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:110px}
.card b{display:block;font-size:20px}
.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}
nav a{margin-right:14px}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}
.filters input[type=search]{padding:4px 8px;min-width:260px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f4}
td.num{text-align:right;white-space:nowrap}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--muted)}
code{font-size:13px}
.text{white-space:pre-wrap;font:14px/1.6 Georgia,serif;border:1px solid var(--line);border-radius:6px;padding:12px 16px;max-height:70vh;overflow:auto;background:#fffdf8}
.claim.unsupported{background:var(--badbg);border-bottom:2px solid var(--bad)}
.claim.supported{}
a.cite{background:var(--cite);border-radius:3px;text-decoration:none;color:#0b57d0}
a.cite.unresolved{background:var(--citebad);color:#8a4b00;border-bottom:1px dashed #e69138}
a.fnref{background:var(--fn);border-radius:3px;text-decoration:none;color:#6a1b9a;font-weight:600}
:target{outline:3px solid #ffb300;outline-offset:1px}
.legend span{margin-right:14px}
.graph svg{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
.muted{color:var(--muted)}
"#;

const SCRIPT: &str = r#"
document.querySelectorAll('.filters').forEach(function(box){
  var table=document.getElementById(box.getAttribute('data-table'));
  if(!table){return;}
  var q=box.querySelector('input[type=search]'), code=box.querySelector('select'), count=box.querySelector('.shown');
  var sev=box.querySelectorAll('input[type=checkbox]');
  function apply(){
    var text=(q.value||'').toLowerCase(), want=code.value, on={}, n=0;
    sev.forEach(function(c){on[c.value]=c.checked;});
    table.querySelectorAll('tbody tr').forEach(function(tr){
      var ok=(!want||tr.getAttribute('data-code')===want)&&on[tr.getAttribute('data-severity')]!==false&&tr.textContent.toLowerCase().indexOf(text)>=0;
      tr.hidden=!ok; if(ok){n++;}
    });
    if(count){count.textContent=n+' shown';}
  }
  q.addEventListener('input',apply); code.addEventListener('change',apply);
  sev.forEach(function(c){c.addEventListener('change',apply);});
  apply();
});
"#;

/// Writes the page for several audits. `pictures[k]` is the SVG of document `k`'s graph,
/// when the caller could render one (it is embedded inline; anything before `<svg` is dropped).
pub fn write(out: &mut impl Write, audits: &[Audit], pictures: &[Option<String>]) -> io::Result<()> {
    let title = match audits {
        [one] => format!("Citation audit of {}", one.doc.path),
        _ => format!("Citation audit of {} documents", audits.len()),
    };
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>", escape(&title))?;
    writeln!(
        out,
        "<header><h1>{}</h1><p>{}</p></header>\n<main>",
        escape(&title),
        escape(&super::total(audits).line())
    )?;
    for (k, a) in audits.iter().enumerate() {
        write_doc(out, a, k + 1, pictures.get(k).and_then(|p| p.as_deref()))?;
    }
    writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>")
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn write_doc(out: &mut impl Write, a: &Audit, d: usize, picture: Option<&str>) -> io::Result<()> {
    let s = &a.summary;
    writeln!(out, "<section class=\"doc\" id=\"d{d}\">\n<h2>{}</h2>", escape(&a.doc.path))?;
    writeln!(out, "<div class=\"cards\">")?;
    let cards = [
        ("claims", s.claims, ""),
        ("supported", s.supported, "ok"),
        ("unsupported", s.unsupported, if s.unsupported > 0 { "bad" } else { "ok" }),
        ("citations", s.citations, ""),
        ("unresolved", s.unresolved, if s.unresolved > 0 { "bad" } else { "ok" }),
        ("footnotes", s.footnotes, ""),
        ("references", s.references, ""),
    ];
    for (label, n, class) in cards {
        writeln!(out, "<div class=\"card {class}\"><b>{n}</b>{label}</div>")?;
    }
    writeln!(out, "</div>")?;
    writeln!(
        out,
        "<nav><a href=\"#d{d}-problems\">Problems</a><a href=\"#d{d}-text\">Text</a><a href=\"#d{d}-sources\">Sources</a>{}</nav>",
        if picture.is_some() { format!("<a href=\"#d{d}-graph\">Graph</a>") } else { String::new() }
    )?;
    write_problems(out, a, d)?;
    write_text(out, a, d)?;
    write_sources(out, a, d)?;
    if let Some(svg) = picture.and_then(clean_svg) {
        writeln!(out, "<h3 id=\"d{d}-graph\">Graph of the sources</h3>\n<div class=\"graph\">{svg}</div>")?;
    }
    writeln!(out, "</section>")
}

/// The SVG element of `dot -Tsvg` output, without its XML prolog; `None` when it holds no
/// `<svg` or holds script.
fn clean_svg(svg: &str) -> Option<&str> {
    let start = svg.find("<svg")?;
    let lower = svg.to_ascii_lowercase();
    if lower.contains("<script") || lower.contains("javascript:") {
        return None;
    }
    Some(&svg[start..])
}

fn write_problems(out: &mut impl Write, a: &Audit, d: usize) -> io::Result<()> {
    writeln!(out, "<h3 id=\"d{d}-problems\">Problems ({})</h3>", a.problems.len())?;
    if a.problems.is_empty() {
        return writeln!(out, "<p class=\"muted\">No problems found.</p>");
    }
    let codes: BTreeSet<Code> = a.problems.iter().map(|p| p.code).collect();
    writeln!(out, "<div class=\"filters\" data-table=\"d{d}-pt\">")?;
    writeln!(out, "<input type=\"search\" placeholder=\"Filter problems by text\" aria-label=\"Filter problems\">")?;
    writeln!(out, "<select aria-label=\"Problem kind\"><option value=\"\">all kinds</option>")?;
    for c in &codes {
        let n = a.problems.iter().filter(|p| p.code == *c).count();
        writeln!(out, "<option value=\"{0}\">{0} ({n})</option>", escape(c.as_str()))?;
    }
    writeln!(out, "</select>")?;
    for sev in ["error", "warning", "info"] {
        writeln!(out, "<label><input type=\"checkbox\" value=\"{sev}\" checked> {sev}</label>")?;
    }
    writeln!(out, "<span class=\"shown muted\"></span></div>")?;
    writeln!(
        out,
        "<table class=\"problems\" id=\"d{d}-pt\"><thead><tr><th>Line</th><th>Severity</th><th>Kind</th><th>Problem</th><th>Suggestion</th></tr></thead><tbody>"
    )?;
    for p in &a.problems {
        let sev = severity_word(p.severity);
        let target = match (&p.claim, p.line) {
            (Some(c), _) => format!("#d{d}-{}", escape(c)),
            (None, Some(l)) if p.file.is_none() => format!("#d{d}-L{l}"),
            _ => String::new(),
        };
        let line = match (&p.file, p.line) {
            // A problem in a .bib database is not in the text shown: its file and line, unlinked.
            (Some(f), Some(l)) => format!("{}:{l}", escape(f)),
            (Some(f), None) => escape(f),
            (None, Some(l)) if !target.is_empty() => format!("<a href=\"{target}\">{l}</a>"),
            (None, Some(l)) => l.to_string(),
            (None, None) => String::new(),
        };
        let detail = match &p.text {
            Some(t) if p.code == UNSUPPORTED => format!(
                "{}<br><q>{}</q><br><span class=\"muted\">{}</span>",
                escape(&p.message),
                escape(t),
                escape(&p.reasons.join("; "))
            ),
            _ => escape(&p.message),
        };
        writeln!(
            out,
            "<tr data-code=\"{code}\" data-severity=\"{sev}\"><td class=\"num\">{line}</td><td class=\"sev-{sev}\">{sev}</td><td><code>{code}</code></td><td>{detail}</td><td>{}</td></tr>",
            escape(p.suggestion.as_deref().unwrap_or("")),
            code = escape(p.code.as_str()),
        )?;
    }
    writeln!(out, "</tbody></table>")
}

/// One piece of markup to insert into the document text.
struct Mark {
    start: usize,
    end: usize,
    /// 0 for claims (outermost), 1 for citations and footnote markers, 2 for empty anchors.
    depth: u8,
    open: String,
    close: &'static str,
}

fn write_text(out: &mut impl Write, a: &Audit, d: usize) -> io::Result<()> {
    let text = a.source.text.as_str();
    let ok = |s: usize, e: usize| s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e);
    let mut marks: Vec<Mark> = Vec::new();
    let claims: Vec<_> = a.doc.claims.iter().filter(|c| ok(c.span.start, c.span.end)).collect();
    for c in &claims {
        let class = match c.status {
            ClaimStatus::Supported => "supported",
            ClaimStatus::Unsupported => "unsupported",
            ClaimStatus::NoClaim => "no-claim",
        };
        let title = format!("{} ({class}, need for a source {:.2})\n{}", c.id, c.score, c.reasons.join("\n"));
        marks.push(Mark {
            start: c.span.start,
            end: c.span.end,
            depth: 0,
            open: format!("<span class=\"claim {class}\" id=\"d{d}-{}\" title=\"{}\">", escape(&c.id), escape(&title)),
            close: "</span>",
        });
    }
    // Inline marks must not cross a claim boundary or each other.
    let inside_one = |s: usize, e: usize| {
        claims.iter().any(|c| c.span.start <= s && e <= c.span.end)
            || claims.iter().all(|c| e <= c.span.start || s >= c.span.end)
    };
    let mut inline: Vec<Mark> = Vec::new();
    for c in &a.doc.citations {
        let (s, e) = (c.span.start, c.span.end);
        if !ok(s, e) || !inside_one(s, e) {
            continue;
        }
        let (href, class, label) =
            match c.reference.as_ref().and_then(|id| a.doc.references.iter().find(|r| &r.id == id)) {
                Some(r) => (format!("#d{d}-{}", escape(&r.id)), "cite", r.raw.clone()),
                None => (format!("#d{d}-sources"), "cite unresolved", "not in the reference list".to_string()),
            };
        inline.push(Mark {
            start: s,
            end: e,
            depth: 1,
            open: format!(
                "<a class=\"{class}\" id=\"d{d}-{}\" href=\"{href}\" title=\"{}\">",
                escape(&c.id),
                escape(&label)
            ),
            close: "</a>",
        });
    }
    for f in &a.doc.footnotes {
        if let Some(sp) = f.anchor_span.filter(|sp| ok(sp.start, sp.end) && inside_one(sp.start, sp.end)) {
            inline.push(Mark {
                start: sp.start,
                end: sp.end,
                depth: 1,
                open: format!(
                    "<a class=\"fnref\" id=\"d{d}-fnref{0}\" href=\"#d{d}-fn{0}\" title=\"footnote {0}: {1}\">",
                    f.number,
                    escape(&f.text)
                ),
                close: "</a>",
            });
        }
    }
    inline.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut last_end = 0;
    for m in inline {
        if m.start >= last_end && m.end > m.start {
            last_end = m.end;
            marks.push(m);
        }
    }
    // Empty targets: footnote bodies, reference entries, line starts. They are spans, not
    // `<a>`: a line start can fall inside a citation link, and an `<a>` inside an `<a>`
    // makes the HTML parser close the link there, cutting it at the line break.
    let mut anchor = |at: usize, id: String| {
        if ok(at, at) {
            marks.push(Mark { start: at, end: at, depth: 2, open: format!("<span id=\"{id}\"></span>"), close: "" });
        }
    };
    for f in &a.doc.footnotes {
        anchor(f.body_span.start, format!("d{d}-fn{}", f.number));
    }
    for r in &a.doc.references {
        if let Some(sp) = r.span {
            anchor(sp.start, format!("d{d}-{}-text", escape(&r.id)));
        }
    }
    for (i, &start) in a.source.line_starts.iter().enumerate() {
        anchor(start, format!("d{d}-L{}", i + 1));
    }
    // Events: (position, order, index, is_open). At one position closes come first
    // (inner before outer), then empty anchors, then opens (outer before inner).
    let mut events: Vec<(usize, u8, usize, bool)> = Vec::with_capacity(marks.len() * 2);
    for (i, m) in marks.iter().enumerate() {
        if m.depth == 2 {
            events.push((m.start, 3, i, true));
        } else {
            events.push((m.start, 4 + m.depth, i, true));
            events.push((m.end, 2 - m.depth, i, false));
        }
    }
    events.sort();
    writeln!(out, "<h3 id=\"d{d}-text\">Text</h3>")?;
    writeln!(
        out,
        "<p class=\"legend\"><span class=\"claim unsupported\">unsupported claim</span><a class=\"cite\">citation</a> <a class=\"cite unresolved\">unresolved citation</a> <a class=\"fnref\">footnote marker</a> <span class=\"muted\">Hover a sentence for its reasons.</span></p>"
    )?;
    write!(out, "<div class=\"text\">")?;
    let mut at = 0;
    for (pos, _, i, open) in events {
        if pos > at {
            write!(out, "{}", escape(&text[at..pos]))?;
            at = pos;
        }
        let m = &marks[i];
        if open {
            write!(out, "{}", m.open)?;
        } else {
            write!(out, "{}", m.close)?;
        }
    }
    write!(out, "{}", escape(&text[at..]))?;
    writeln!(out, "</div>")
}

fn write_sources(out: &mut impl Write, a: &Audit, d: usize) -> io::Result<()> {
    writeln!(out, "<h3 id=\"d{d}-sources\">Sources ({})</h3>", a.sources.len())?;
    if a.sources.is_empty() {
        return writeln!(out, "<p class=\"muted\">The document cites no sources.</p>");
    }
    writeln!(
        out,
        "<table class=\"sources\"><thead><tr><th>Source</th><th>Cited</th><th>Where</th><th>Reference entry</th></tr></thead><tbody>"
    )?;
    for u in &a.sources {
        let id = u.reference.as_ref().map(|r| format!(" id=\"d{d}-{}\"", escape(r))).unwrap_or_default();
        let places: Vec<String> =
            u.citations.iter().zip(&u.lines).map(|(c, l)| format!("<a href=\"#d{d}-{}\">{l}</a>", escape(c))).collect();
        let entry = match (&u.raw, &u.reference) {
            (Some(raw), Some(r)) => format!("<a href=\"#d{d}-{}-text\">{}</a>", escape(r), escape(raw)),
            _ => "<span class=\"sev-warning\">not in the reference list</span>".to_string(),
        };
        writeln!(
            out,
            "<tr{id}><td>{}</td><td class=\"num\">{}</td><td>line {}</td><td>{entry}</td></tr>",
            escape(&u.label),
            u.count,
            places.join(", ")
        )?;
    }
    writeln!(out, "</tbody></table>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn svg_prolog_is_dropped_and_script_refused() {
        assert_eq!(clean_svg("<?xml version=\"1.0\"?>\n<svg></svg>"), Some("<svg></svg>"));
        assert_eq!(clean_svg("<svg><script>x</script></svg>"), None);
    }
}
