//! PDF: text through poppler's `pdftotext`, pages kept.
//!
//! `pdftotext -layout` ends every page with a form feed, which the layout stage reads as a
//! page break, so footnotes are found at the bottom of each page like in any
//! page-structured text. `-layout` is used because the default reading-order mode moves
//! footnote numbers away from their bodies (all markers of a page first, then all bodies);
//! its cost is that two-column pages come out side by side. `pdftotext` also sets a note's
//! raised number on a line of its own (`  1` / `      Body`); such a number line is joined
//! to the body below it by turning the line break into a space, which keeps every byte
//! offset of the `pdftotext` output (only line numbers change). The program is `pdftotext`
//! on `PATH`, or the one named by `CITEGRAPH_PDFTOTEXT`.

use super::{Converted, Format};
use crate::error::{Error, ErrorKind, Result};
use std::process::Command;

/// Converts a PDF file by running `pdftotext`.
pub(super) fn convert(path: &str) -> Result<Converted> {
    if path == "-" {
        return Err(Error::new(ErrorKind::NeedsFile, Some(path), "PDF must be read from a file, not standard input"));
    }
    let program = std::env::var("CITEGRAPH_PDFTOTEXT").unwrap_or_else(|_| "pdftotext".to_string());
    let out = Command::new(&program).args(["-layout", "-enc", "UTF-8", "-eol", "unix", "--", path, "-"]).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(
                ErrorKind::UnsupportedFormat,
                Some(path),
                format!(
                    "reading PDF needs `{program}` from poppler-utils, which was not found; install it \
                     (Debian/Ubuntu: apt-get install poppler-utils, macOS: brew install poppler) or set CITEGRAPH_PDFTOTEXT"
                ),
            )
        } else {
            Error::io(Some(path), format!("cannot run `{program}`"), e)
        }
    })?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let msg = msg.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(Error::new(
            ErrorKind::UnsupportedFormat,
            Some(path),
            format!("pdftotext could not read it ({}): {msg}", out.status),
        ));
    }
    let mut bytes = out.stdout;
    // NUL bytes are noise from broken fonts, not a sign of binary input here.
    for b in &mut bytes {
        if *b == 0 {
            *b = b' ';
        }
    }
    join_note_numbers(&mut bytes);
    let (source, diags) = crate::load::decode(path, bytes)?;
    Ok(Converted::plain(source, Format::Pdf, diags))
}

/// Joins a line holding only a note number (1-3 digits) to the next line when that line is
/// indented further (a hanging note body), by replacing the line break with a space.
fn join_note_numbers(bytes: &mut [u8]) {
    let mut starts: Vec<usize> = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    for w in starts.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let line = &bytes[a..b - 1];
        let next = &bytes[b..c.saturating_sub(1).max(b)];
        let indent = |l: &[u8]| l.iter().take_while(|&&x| x == b' ').count();
        let t = line.trim_ascii();
        let is_number = !t.is_empty() && t.len() <= 3 && t.iter().all(u8::is_ascii_digit) && !line.contains(&0x0c);
        let body = next.trim_ascii();
        if is_number
            && !body.is_empty()
            && indent(next) > indent(line)
            && body.first().is_some_and(|ch| !ch.is_ascii_digit())
        {
            bytes[b - 1] = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn note_numbers_join_their_bodies() {
        let mut t =
            b"Text.1 More\n\n  1\n      On trust see.\n  2\n      Counted.\n\n                 1\n\x0c".to_vec();
        super::join_note_numbers(&mut t);
        let s = String::from_utf8(t).unwrap();
        assert!(s.contains("  1       On trust see.\n  2       Counted."), "{s}");
        assert!(s.contains("   1\n\x0c"));
    }
}
