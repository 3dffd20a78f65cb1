//! Loading CSL-YAML bibliographies and pandoc Markdown's inline `references:` metadata.
//!
//! Why this exists: pandoc users keep their references as CSL-YAML (a `.yaml` file, or the
//! `references:` field of a Markdown document's YAML metadata block) as often as BibTeX.
//! CSL-YAML is CSL-JSON written as YAML, so each item goes through the CSL-JSON reader
//! ([`super::csljson`]): the same fields, the same `{literal: others}` for "et al.", and
//! the same placement (each reference's `line`/`span` is its `id` in the file).
//!
//! A broken file does not lose its good items: when the YAML as a whole does not parse,
//! the `references:` list is cut at its top-level `- ` items and each item is read on its
//! own; every item that does not parse is one `csl-yaml-invalid` error with its line.

use super::csljson::{items_to_references, line_at};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Reference;
use serde_json::Value;

/// Reads a CSL-YAML file: a list of items, or a mapping whose `references:` is that list,
/// optionally between `---` and `---`/`...` (the first YAML document of the file).
///
/// ```
/// let yaml = "---\nreferences:\n- id: hill2013\n  type: article-journal\n  author:\n  - family: Hill\n    given: R.\n  issued: 2013\n  title: Cats\n...\n";
/// let (refs, diags) = citegraph::bib::load_bib_str(yaml, "lib.yaml");
/// assert!(diags.is_empty(), "{diags:?}");
/// assert_eq!((refs[0].key.as_str(), refs[0].line), ("hill2013", 3));
/// assert_eq!(refs[0].year.as_deref(), Some("2013"));
/// ```
pub fn load_csl_yaml_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    let (start, end) = first_document(text);
    let (refs, mut diags, found) = block_references(text, start, end, path, false);
    if !found && diags.is_empty() {
        let line = line_at(text, start);
        diags.push(
            Diagnostic::error(
                Code::CslYamlInvalid,
                format!("{path}:{line}: not CSL-YAML: neither a list of items nor a `references:` list"),
            )
            .with_line(line),
        );
    }
    (refs, diags)
}

/// Reads the `references:` of every YAML metadata block of a pandoc Markdown text (blocks
/// opened and closed by `---`, or closed by `...`, as pandoc reads them). A Markdown file
/// with no such block gives no references and no diagnostic; see [`load_markdown_str`]
/// for a Markdown file given as a bibliography.
pub fn markdown_references(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>, bool) {
    let mut refs = Vec::new();
    let mut diags = Vec::new();
    let mut found = false;
    for (start, end) in metadata_blocks(text) {
        let (r, d, f) = block_references(text, start, end, path, true);
        refs.extend(r);
        diags.extend(d);
        found |= f;
    }
    renumber(&mut refs);
    (refs, diags, found)
}

/// Reads a Markdown file given as a bibliography: the `references:` of its metadata; an
/// error when it has none.
pub fn load_markdown_str(text: &str, path: &str) -> (Vec<Reference>, Vec<Diagnostic>) {
    let (refs, mut diags, found) = markdown_references(text, path);
    if !found && diags.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::CslYamlInvalid,
                format!("{path}:1: no YAML metadata block with `references:` in this Markdown file"),
            )
            .with_line(1),
        );
    }
    (refs, diags)
}

/// True when `text` looks like YAML: its first line that is not blank or a `#` comment is
/// `---`, `references:` or opens a list item with `id:`.
pub fn looks_like_yaml(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    first.is_some_and(|l| l == "---" || l.starts_with("references:") || l.starts_with("- id:"))
}

/// Gives references read from several blocks the ids `b1..` in order.
fn renumber(refs: &mut [Reference]) {
    for (i, r) in refs.iter_mut().enumerate() {
        r.id = format!("b{}", i + 1);
    }
}

/// Byte offsets of the lines of `text` from `start` to `end`: (line start, line end without
/// its line break).
fn lines_in(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let nl = memchr::memchr(b'\n', &text.as_bytes()[at..end]).map_or(end, |i| at + i);
        let stop = if nl > at && text.as_bytes()[nl - 1] == b'\r' { nl - 1 } else { nl };
        out.push((at, stop));
        at = nl + 1;
    }
    out
}

/// The first YAML document of a file: after a leading `---` line, up to the next `---` or
/// `...` line (or the end).
fn first_document(text: &str) -> (usize, usize) {
    let lines = lines_in(text, 0, text.len());
    let mut start = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let mut i = 0;
    while i < lines.len() && (text[lines[i].0..lines[i].1].trim().is_empty() || text[lines[i].0..].starts_with('#')) {
        i += 1;
    }
    if i < lines.len() && text[lines[i].0..lines[i].1].trim_start_matches('\u{FEFF}').trim_end() == "---" {
        start = lines.get(i + 1).map_or(text.len(), |l| l.0);
        i += 1;
    }
    for &(s, e) in &lines[i.min(lines.len())..] {
        let l = text[s..e].trim_end();
        if l == "---" || l == "..." {
            return (start, s);
        }
    }
    (start, text.len())
}

/// The YAML metadata blocks of a Markdown text (contents only, delimiters excluded): a
/// `---` line at the start of the text or after a blank line, not followed by a blank
/// line, up to the next `---` or `...` line. Fenced code blocks are skipped.
fn metadata_blocks(text: &str) -> Vec<(usize, usize)> {
    let lines = lines_in(text, 0, text.len());
    let line = |i: usize| text[lines[i].0..lines[i].1].trim_start_matches('\u{FEFF}');
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let l = line(i);
        let t = l.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            i += 1;
            continue;
        }
        let opens = l.trim_end() == "---"
            && (i == 0 || line(i - 1).trim().is_empty())
            && i + 1 < lines.len()
            && !line(i + 1).trim().is_empty();
        if opens && let Some(close) = (i + 1..lines.len()).find(|&j| matches!(line(j).trim_end(), "---" | "...")) {
            out.push((lines[i + 1].0, lines[close].0));
            i = close + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// The message of a YAML error without its own "at line ... column ..." (which counts in
/// the piece parsed, not in the file).
fn yaml_message(e: &serde_yaml::Error) -> String {
    let m = e.to_string();
    match m.find(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m,
    }
}

/// The line (in the whole text) of a YAML error in the piece starting at byte `start`.
fn error_line(text: &str, start: usize, e: &serde_yaml::Error) -> usize {
    line_at(text, start) + e.location().map_or(0, |l| l.line().saturating_sub(1))
}

/// Reads the items of the YAML in `text[start..end]`; the flag is false when it holds no
/// list of items (a mapping without `references:`, a scalar). In a Markdown document
/// (`markdown`), a block that is no valid YAML and has no `references:` is not reported:
/// it may be text between two horizontal rules.
fn block_references(
    text: &str,
    start: usize,
    end: usize,
    path: &str,
    markdown: bool,
) -> (Vec<Reference>, Vec<Diagnostic>, bool) {
    let block = &text[start..end];
    match serde_yaml::from_str::<Value>(block) {
        Ok(v) => {
            let list = match &v {
                Value::Array(a) => Some(a),
                Value::Object(m) => m.get("references").and_then(Value::as_array),
                _ => None,
            };
            match list {
                Some(a) => {
                    let items: Vec<&Value> = a.iter().collect();
                    let (refs, diags) = items_to_references(&items, text, start, path);
                    (refs, diags, true)
                }
                None => (Vec::new(), Vec::new(), false),
            }
        }
        Err(e) => {
            let (refs, mut diags, found) = recover(text, start, end, path);
            if diags.is_empty() && (found || !markdown) {
                // The items are fine; the problem is elsewhere in the block.
                let line = error_line(text, start, &e);
                diags.push(
                    Diagnostic::error(
                        Code::CslYamlInvalid,
                        format!("{path}:{line}: not valid YAML: {}", yaml_message(&e)),
                    )
                    .with_line(line),
                );
            }
            (refs, diags, found)
        }
    }
}

/// Reads the items of a block that does not parse as a whole one by one: the top-level
/// `- ` items of its `references:` list (or of the block, when it is a list).
fn recover(text: &str, start: usize, end: usize, path: &str) -> (Vec<Reference>, Vec<Diagnostic>, bool) {
    let lines = lines_in(text, start, end);
    let line = |i: usize| &text[lines[i].0..lines[i].1];
    let content = |l: &str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    // The list: after a top-level `references:` line, or the block itself.
    let mut i = match (0..lines.len()).find(|&i| line(i).starts_with("references:")) {
        Some(r) => r + 1,
        None => 0,
    };
    while i < lines.len() && !content(line(i)) {
        i += 1;
    }
    let Some(first) = (i < lines.len()).then(|| line(i)) else { return (Vec::new(), Vec::new(), false) };
    let indent = first.len() - first.trim_start_matches(' ').len();
    if !first[indent..].starts_with('-') {
        return (Vec::new(), Vec::new(), false);
    }
    let is_item = |l: &str| {
        l.len() > indent && l[..indent].bytes().all(|b| b == b' ') && {
            let rest = &l[indent..];
            rest == "-" || rest.starts_with("- ")
        }
    };
    // Item starts, up to the first line that leaves the list.
    let mut starts = Vec::new();
    let mut stop = lines.len();
    for j in i..lines.len() {
        let l = line(j);
        if is_item(l) {
            starts.push(j);
        } else if content(l)
            && l.len() - l.trim_start_matches(' ').len() <= indent
            && !l[indent.min(l.len())..].starts_with('-')
        {
            stop = j;
            break;
        }
    }
    let mut refs = Vec::new();
    let mut diags = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(stop);
        let from = lines[s].0;
        let to = lines.get(e).map_or(end, |l| l.0);
        // Dedented, so that the item is a list of one at the top level.
        let piece: String = text[from..to].lines().map(|l| format!("{}\n", l.get(indent..).unwrap_or(""))).collect();
        match serde_yaml::from_str::<Value>(&piece) {
            Ok(Value::Array(items)) => {
                let items: Vec<&Value> = items.iter().collect();
                let (r, d) = items_to_references(&items, text, from, path);
                refs.extend(r);
                diags.extend(d);
            }
            Ok(_) => {}
            Err(err) => {
                let l = error_line(text, from, &err);
                diags.push(
                    Diagnostic::error(
                        Code::CslYamlInvalid,
                        format!("{path}:{l}: not valid CSL-YAML: {}; this item was skipped", yaml_message(&err)),
                    )
                    .with_line(l),
                );
            }
        }
    }
    renumber(&mut refs);
    (refs, diags, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_lists_and_documents() {
        let (refs, diags) = load_csl_yaml_str(
            "- id: a1\n  author:\n    - literal: World Bank\n  issued:\n    date-parts: [[2019, 5]]\n  title: Debt\n- id: b2\n  title: Other\n  issued: '2004'\n",
            "x.yaml",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].authors[0].literal.as_deref(), Some("World Bank"));
        assert_eq!(refs[0].year.as_deref(), Some("2019"));
        assert_eq!((refs[1].id.as_str(), refs[1].line, refs[1].year.as_deref()), ("b2", 7, Some("2004")));
        assert_eq!(refs[0].file.as_deref(), Some("x.yaml"));
        let (none, bad) = load_csl_yaml_str("title: just a mapping\n", "y.yaml");
        assert!(none.is_empty() && bad[0].code == Code::CslYamlInvalid && bad[0].message.starts_with("y.yaml:1: "));
    }

    #[test]
    fn a_broken_item_loses_only_itself() {
        let yaml = "---\nreferences:\n- id: good1\n  title: One\n- id: bad\n  title: [unclosed\n  issued: 2001\n- id: good2\n  title: Two\n---\n";
        let (refs, diags) = load_csl_yaml_str(yaml, "lib.yaml");
        assert_eq!(refs.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["good1", "good2"]);
        assert_eq!(refs[1].id, "b2");
        assert_eq!(refs[1].line, 8);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let line = diags[0].line.expect("line");
        assert!((5..=8).contains(&line), "{diags:?}");
        assert!(diags[0].message.starts_with(&format!("lib.yaml:{line}: ")), "{diags:?}");
    }

    #[test]
    fn markdown_metadata_blocks() {
        let md = "---\ntitle: Paper\nreferences:\n- id: hill2013\n  author:\n  - family: Hill\n  issued: 2013\n---\n\n# Intro\n\n```\n---\nreferences:\n- id: fake\n---\n```\n\nText [@hill2013].\n\n---\nreferences:\n- id: lee2001\n...\n";
        let (refs, diags, found) = markdown_references(md, "p.md");
        assert!(found && diags.is_empty(), "{diags:?}");
        assert_eq!(
            refs.iter().map(|r| (r.key.as_str(), r.line)).collect::<Vec<_>>(),
            [("hill2013", 4), ("lee2001", 23)]
        );
        assert_eq!(refs[1].id, "b2");
        let (none, diags) = load_markdown_str("# Just text\n", "q.md");
        assert!(none.is_empty() && diags[0].code == Code::CslYamlInvalid);
        assert!(looks_like_yaml("# c\n---\n") && looks_like_yaml("- id: x\n") && !looks_like_yaml("@book{x,"));
    }
}
