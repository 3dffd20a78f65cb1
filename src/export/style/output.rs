//! Runs written out as plain text, Markdown or an HTML fragment, one entry each, with the
//! `[incomplete: ...]` marker of a work no reference entry describes.
//!
//! Why this is a module of its own: hayagriva's own HTML does not escape text, and
//! Markdown needs its inline syntax escaped and emphasis kept against the words it marks;
//! writing every format here makes each safe where it ends up (only web links become
//! links, and no entry starts a Markdown heading or list).

use super::tidy::Run;
use crate::export::{Work, one_line};
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};

/// The marker text of a work no reference entry describes.
pub(super) fn incomplete_note(w: &Work<'_>) -> Option<String> {
    if w.reference.is_some() {
        return None;
    }
    Some(match w.first() {
        Some(c) => format!("[incomplete: known only from the in-text citation \"{}\"]", one_line(&c.text)),
        None => "[incomplete: no reference entry describes it]".to_string(),
    })
}

fn join_parts(first: Option<String>, body: String, incomplete: Option<String>) -> String {
    let mut s = String::new();
    if let Some(f) = first.filter(|f| !f.trim().is_empty()) {
        s.push_str(f.trim_end());
        s.push(' ');
    }
    s.push_str(body.trim());
    if let Some(i) = incomplete {
        s.push(' ');
        s.push_str(&i);
    }
    s
}

pub(super) fn text_entry(first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let plain = |rs: &[Run]| rs.iter().map(|r| r.text.as_str()).collect::<String>();
    join_parts(first.map(plain), plain(body), incomplete.map(str::to_string))
}

/// Escapes Markdown's inline syntax (CommonMark backslash escapes).
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let entity_start = c == '&' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric() || *n == '#');
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '|') || entity_start {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn md_runs(rs: &[Run]) -> String {
    let mut out = String::new();
    for r in rs {
        let marker = match (r.formatting.font_style == FontStyle::Italic, r.formatting.font_weight == FontWeight::Bold)
        {
            (true, true) => "***",
            (true, false) => "*",
            (false, true) => "**",
            (false, false) => "",
        };
        let inner = match &r.url {
            Some(u) if safe_url(u) && r.text == *u && !u.contains(['<', '>', ' ']) => format!("<{u}>"),
            Some(u) if safe_url(u) => {
                format!("[{}]({})", md_escape(&r.text), u.replace('(', "%28").replace(')', "%29"))
            }
            _ => md_escape(&r.text),
        };
        // Emphasis markers must touch text: keep the surrounding spaces outside them.
        let trimmed = inner.trim();
        if marker.is_empty() || trimmed.is_empty() {
            out.push_str(&inner);
            continue;
        }
        let lead = &inner[..inner.len() - inner.trim_start().len()];
        let trail = &inner[inner.trim_end().len()..];
        out.push_str(lead);
        out.push_str(marker);
        out.push_str(trimmed);
        out.push_str(marker);
        out.push_str(trail);
    }
    out
}

pub(super) fn markdown_entry(first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let mut s = join_parts(first.map(md_runs), md_runs(body), incomplete.map(md_escape));
    // Keep an entry from starting a heading, list or thematic break.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(s[digits..].chars().next(), Some('.' | ')')) {
        s.insert(digits, '\\');
    } else if s.starts_with(['#', '-', '+', '=']) {
        s.insert(0, '\\');
    }
    s
}

/// Escapes text for HTML content and attribute values.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Only web links become `href`s (never `javascript:` or `data:`).
fn safe_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

fn html_runs(rs: &[Run]) -> String {
    let mut out = String::new();
    for r in rs {
        let f = r.formatting;
        let mut open = String::new();
        let mut close = Vec::new();
        let mut tag = |o: &str, c: &'static str| {
            open.push_str(o);
            close.push(c);
        };
        if let Some(u) = r.url.as_deref().filter(|u| safe_url(u)) {
            tag(&format!("<a href=\"{}\">", html_escape(u)), "</a>");
        }
        if f.font_style == FontStyle::Italic {
            tag("<em>", "</em>");
        }
        match f.font_weight {
            FontWeight::Bold => tag("<strong>", "</strong>"),
            FontWeight::Light => tag("<span style=\"font-weight:lighter\">", "</span>"),
            FontWeight::Normal => {}
        }
        if f.font_variant == FontVariant::SmallCaps {
            tag("<span style=\"font-variant:small-caps\">", "</span>");
        }
        if f.text_decoration == TextDecoration::Underline {
            tag("<span style=\"text-decoration:underline\">", "</span>");
        }
        match f.vertical_align {
            VerticalAlign::Sup => tag("<sup>", "</sup>"),
            VerticalAlign::Sub => tag("<sub>", "</sub>"),
            VerticalAlign::None | VerticalAlign::Baseline => {}
        }
        out.push_str(&open);
        out.push_str(&html_escape(&r.text));
        for c in close.iter().rev() {
            out.push_str(c);
        }
    }
    out
}

pub(super) fn html_entry(key: &str, first: Option<&[Run]>, body: &[Run], incomplete: Option<&str>) -> String {
    let class = if incomplete.is_some() { "csl-entry citegraph-incomplete" } else { "csl-entry" };
    let mut s = format!("  <div class=\"{class}\" id=\"ref-{}\">", html_escape(key));
    let first = first.map(html_runs).filter(|f| !f.trim().is_empty());
    if let Some(f) = &first {
        s.push_str(&format!("<div class=\"csl-left-margin\">{}</div><div class=\"csl-right-inline\">", f.trim()));
    }
    s.push_str(html_runs(body).trim());
    if let Some(i) = incomplete {
        s.push_str(&format!(" <span class=\"citegraph-incomplete\">{}</span>", html_escape(i)));
    }
    if first.is_some() {
        s.push_str("</div>");
    }
    s.push_str("</div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::Formatting;

    #[test]
    fn escapes() {
        assert_eq!(md_escape("a*b_c [x] <y> & &amp; \\"), "a\\*b\\_c \\[x\\] \\<y\\> & \\&amp; \\\\");
        assert_eq!(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert!(!safe_url("javascript:alert(1)"));
        assert!(safe_url("https://doi.org/10.1/x"));
    }

    #[test]
    fn markdown_entries_do_not_start_blocks() {
        let run = |t: &str| vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
        assert_eq!(markdown_entry(None, &run("1. Hill"), None), "1\\. Hill");
        assert_eq!(markdown_entry(None, &run("# x"), None), "\\# x");
    }
}
