//! The Markdown report: a review to paste into an issue or a letter to the authors.
//!
//! Reviewers write prose, so the report reads as one: the counts, then the claims that
//! need a source (quoted, with the words that made them need one in bold and the
//! reasons), then the citation problems as a table, then the sources and where they are
//! cited. Everything taken from the document is escaped so it cannot break the Markdown.

use super::{Audit, UNSUPPORTED};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Escapes text for Markdown prose and table cells.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// Writes the review of several audits.
pub fn write(out: &mut impl Write, audits: &[Audit]) -> io::Result<()> {
    for (k, a) in audits.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        write_one(out, a)?;
    }
    if audits.len() > 1 {
        writeln!(out, "\n---\n\n**Total:** {}", super::total(audits).line())?;
    }
    Ok(())
}

fn write_one(out: &mut impl Write, a: &Audit) -> io::Result<()> {
    let s = &a.summary;
    writeln!(out, "# Citation audit of `{}`\n", a.doc.path.replace('`', "'"))?;
    writeln!(out, "{}.\n", s.line())?;
    let claims: Vec<_> = a.problems.iter().filter(|p| p.code == UNSUPPORTED).collect();
    let others: Vec<_> = a.problems.iter().filter(|p| p.code != UNSUPPORTED).collect();

    writeln!(out, "## Claims that need a source ({})\n", claims.len())?;
    if claims.is_empty() {
        writeln!(out, "Every claim that needs a source has one.\n")?;
    }
    for (k, p) in claims.iter().enumerate() {
        let text = p.text.as_deref().unwrap_or("");
        writeln!(
            out,
            "{}. **Line {}** ({}, need for a source {:.2})\n",
            k + 1,
            p.line.unwrap_or(0),
            p.claim.as_deref().unwrap_or("?"),
            p.score.unwrap_or(0.0)
        )?;
        writeln!(out, "   > {}\n", emphasise(text, &p.underline))?;
        if !p.reasons.is_empty() {
            writeln!(out, "   Why: {}.\n", p.reasons.iter().map(|r| escape(r)).collect::<Vec<_>>().join("; "))?;
        }
        if let Some(sug) = &p.suggestion {
            writeln!(out, "   Suggestion: {}.\n", escape(sug))?;
        }
    }

    writeln!(out, "## Citation and reference problems ({})\n", others.len())?;
    if others.is_empty() {
        writeln!(out, "None found.\n")?;
    } else {
        writeln!(out, "| Line | Severity | Problem | Code | Suggestion |")?;
        writeln!(out, "| ---: | --- | --- | --- | --- |")?;
        for p in &others {
            let sev = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            writeln!(
                out,
                "| {} | {} | {} | `{}` | {} |",
                match (&p.file, p.line) {
                    // A problem in a .bib database: its file and line there.
                    (Some(f), Some(l)) => format!("{}:{l}", escape(f)),
                    (Some(f), None) => escape(f),
                    (None, l) => l.map(|l| l.to_string()).unwrap_or_default(),
                },
                sev,
                escape(&p.message),
                p.code,
                escape(p.suggestion.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Sources ({})\n", a.sources.len())?;
    if a.sources.is_empty() {
        writeln!(out, "The document cites no sources.")?;
        return Ok(());
    }
    writeln!(out, "| Source | Citations | Lines | In the reference list |")?;
    writeln!(out, "| --- | ---: | --- | --- |")?;
    for u in &a.sources {
        let lines: Vec<String> = u.lines.iter().map(|l| l.to_string()).collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&u.label),
            u.count,
            lines.join(", "),
            if u.reference.is_some() { "yes" } else { "**no**" }
        )?;
    }
    Ok(())
}

/// The sentence with the underlined byte ranges in bold, escaped.
fn emphasise(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&escape(&text[at..r.start]));
        if r.start == 0 && r.end == text.len() {
            out.push_str(&escape(&text[r.clone()]));
        } else {
            out.push_str(&format!("**{}**", escape(text[r.clone()].trim())));
            // Keep the spaces the trim removed outside the bold markers.
            if text[r.clone()].ends_with(' ') {
                out.push(' ');
            }
        }
        at = r.end;
    }
    out.push_str(&escape(&text[at.min(text.len())..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("a|b *c* <d>"), "a\\|b \\*c\\* \\<d\\>");
    }

    #[test]
    fn emphasis_marks_ranges() {
        assert_eq!(
            emphasise("It is well known that x.", std::slice::from_ref(&(0..16))),
            "**It is well known** that x."
        );
    }
}
