//! The terminal report: one diagnostic per problem, laid out like a compiler's.
//!
//! People already know how to read `warning[code]: message` / `--> file:line:col` / a
//! source excerpt with carets, so the audit uses the same shape. The sentence is shown
//! joined and wrapped, with the words that made it need a source underlined. Colour is
//! a parameter; the CLI decides it (`--color`, TTY detection). Everything taken from the
//! document (messages quoting it, sentences, paths) goes through
//! [`crate::terminal::escape_line`], so an ESC in the input cannot act on the terminal.

use super::{Audit, Problem, Summary};
use crate::diagnostic::Severity;
use crate::terminal::escape_line as safe;
use std::io::{self, Write};
use std::ops::Range;

/// Width at which the quoted sentence is wrapped.
const WRAP: usize = 100;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
    fn severity(&self, sev: Severity) -> &'static str {
        match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Writes the report of several audits, each followed by its summary line, then a total
/// line when there is more than one.
pub fn write(out: &mut impl Write, audits: &[Audit], color: bool) -> io::Result<()> {
    let st = Style { color };
    for a in audits {
        for p in &a.problems {
            write_problem(out, &st, &a.doc.path, p)?;
        }
        write_summary(out, &st, &safe(&a.doc.path), &a.summary)?;
    }
    if audits.len() > 1 {
        write_summary(out, &st, "total", &super::total(audits))?;
    }
    Ok(())
}

fn write_summary(out: &mut impl Write, st: &Style, what: &str, s: &Summary) -> io::Result<()> {
    writeln!(out, "{}: {}: {}", st.paint("1", "summary"), what, s.line())
}

fn write_problem(out: &mut impl Write, st: &Style, path: &str, p: &Problem) -> io::Result<()> {
    let sev = severity_word(p.severity);
    writeln!(
        out,
        "{}: {}",
        st.paint(st.severity(p.severity), &format!("{sev}[{}]", p.code)),
        st.paint("1", &safe(&p.message))
    )?;
    // A problem in a .bib database is placed in that file.
    let path = safe(p.file.as_deref().unwrap_or(path));
    let place = match (p.line, p.column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        _ => path.to_string(),
    };
    let gutter = p.line.map(|l| l.to_string().len()).unwrap_or(1);
    let pad = " ".repeat(gutter);
    writeln!(out, "{pad}{} {place}", st.paint("1;34", "-->"))?;
    if let Some(text) = &p.text {
        writeln!(out, "{pad} {}", st.paint("1;34", "|"))?;
        for (k, seg) in wrap(text, WRAP).into_iter().enumerate() {
            let label = if k == 0 { p.line.map(|l| l.to_string()).unwrap_or_default() } else { String::new() };
            let label = format!("{label:>gutter$}");
            writeln!(out, "{} {} {}", st.paint("1;34", &label), st.paint("1;34", "|"), safe(&text[seg.clone()]))?;
            let marks = carets(text, &seg, &p.underline);
            if !marks.trim().is_empty() {
                writeln!(
                    out,
                    "{pad} {} {}",
                    st.paint("1;34", "|"),
                    st.paint(st.severity(p.severity), marks.trim_end())
                )?;
            }
        }
        writeln!(out, "{pad} {}", st.paint("1;34", "|"))?;
    }
    if !p.reasons.is_empty() {
        let score = p.score.map(|s| format!(" need for a source {s:.2}, because")).unwrap_or_default();
        writeln!(out, "{pad} {} {}{}", st.paint("1;34", "="), st.paint("1", "note:"), score)?;
        for r in &p.reasons {
            writeln!(out, "{pad}     {}", safe(r))?;
        }
    }
    if let Some(s) = &p.suggestion {
        writeln!(out, "{pad} {} {} {}", st.paint("1;34", "="), st.paint("1", "help:"), safe(s))?;
    }
    writeln!(out)
}

/// Splits `text` into byte ranges of at most `width` characters, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        if rest.chars().count() <= width {
            out.push(start..text.len());
            break;
        }
        let limit = rest.char_indices().nth(width).map(|(i, _)| i).unwrap_or(rest.len());
        let cut = if rest[limit..].starts_with(' ') {
            limit
        } else {
            rest[..limit].rfind(' ').filter(|&i| i > 0).unwrap_or(limit)
        };
        out.push(start..start + cut);
        start += cut;
        while text[start..].starts_with(' ') {
            start += 1;
        }
    }
    out
}

/// The caret line for one wrapped segment: `^` under every character of `underline` inside `seg`.
fn carets(text: &str, seg: &Range<usize>, underline: &[Range<usize>]) -> String {
    text[seg.clone()]
        .char_indices()
        .map(|(i, _)| {
            let at = seg.start + i;
            if underline.iter().any(|u| u.start <= at && at < u.end) { '^' } else { ' ' }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_everything() {
        let t = "one two three four five six";
        let parts = wrap(t, 10);
        let joined: Vec<&str> = parts.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(joined, vec!["one two", "three four", "five six"]);
    }

    #[test]
    fn carets_follow_characters_not_bytes() {
        let t = "“Quoted” words";
        let marks = carets(t, &(0..t.len()), std::slice::from_ref(&(0..t.find(' ').unwrap_or(0))));
        assert_eq!(marks, "^^^^^^^^      ");
    }
}
