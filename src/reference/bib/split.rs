//! Splitting a `.bib` text into its top-level `@type{...}` items in one linear pass, and
//! masking lone `$` signs the `biblatex` crate would read as math.

use super::*;

// ---------------------------------------------------------------------------------------
// Splitting the text into top-level items.

/// What a top-level `@...` item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    Entry,
    Strings,
    Preamble,
    Comment,
}

/// Why an item could not be delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Broken {
    /// `@` not followed by an entry type.
    NoType,
    /// `@type` not followed by `{` or `(`.
    NoBrace,
    /// The item is not closed before the next entry header (at this offset) or EOF.
    Unterminated(Option<usize>),
}

/// One top-level item: `[start, end)` covers `@` through the closing delimiter.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) kind: ItemKind,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Offset of the opening delimiter.
    pub(super) open: usize,
    pub(super) broken: Option<Broken>,
    /// Deepest brace nesting inside the item.
    pub(super) depth: usize,
}

pub(super) fn is_id_continue(c: char) -> bool {
    !matches!(c, '@' | '{' | '}' | '"' | '#' | '\'' | '(' | ')' | ',' | '=' | '%' | '\\' | '~')
        && !c.is_control()
        && !c.is_whitespace()
}

pub(super) fn is_id_start(c: char) -> bool {
    !matches!(c, ':' | '<' | '-' | '>') && is_id_continue(c)
}

/// End (exclusive) of the identifier starting at `at`; `at` when there is none.
pub(super) fn ident_end(text: &str, at: usize) -> usize {
    let mut end = at;
    for (k, c) in text[at..].char_indices() {
        let ok = if k == 0 { is_id_start(c) } else { is_id_continue(c) };
        if !ok {
            break;
        }
        end = at + k + c.len_utf8();
    }
    end
}

pub(super) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// True when a line starting at `pos` holds an item header: `@type{key,` for entries,
/// `@string{`, `@preamble{` or `@comment{` (spaces allowed before the `@`). Used to stop
/// an unterminated entry from swallowing the next one.
pub(super) fn header_at(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    let mut i = pos;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    if i >= b.len() || b[i] != b'@' {
        return false;
    }
    let t = i + 1;
    let te = ident_end(text, t);
    if te == t {
        return false;
    }
    let j = skip_ws(b, te);
    if j >= b.len() || (b[j] != b'{' && b[j] != b'(') {
        return false;
    }
    let kind = &text[t..te];
    if ["string", "preamble", "comment"].iter().any(|k| kind.eq_ignore_ascii_case(k)) {
        return true;
    }
    // An entry header: a key (possibly empty) and a comma on the same line.
    let mut k = j + 1;
    while k < b.len() && b[k] != b',' && b[k] != b'\n' && b[k] != b'}' && b[k] != b'{' {
        k += 1;
    }
    k < b.len() && b[k] == b','
}

/// Splits `text` into top-level items in one pass.
///
/// Stray `@`s not followed by a type are kept up to [`MAX_SAME_DIAGNOSTICS`]; the rest are
/// only counted (the second value), so `@` repeated does not cost an item per byte.
pub(super) fn split_items(text: &str) -> (Vec<Item>, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let mut items = Vec::new();
    let (mut stray, mut stray_left_out) = (0usize, 0usize);
    let mut i = 0;
    while i < n {
        match b[i] {
            // The crate treats `%` outside entries as a line comment.
            b'%' => i = memchr::memchr(b'\n', &b[i..]).map_or(n, |k| i + k + 1),
            b'@' => {
                // `name@example.org` in free text between entries is not an entry.
                if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.') {
                    i += 1;
                    continue;
                }
                let (item, next) = scan_item(text, i);
                if item.broken == Some(Broken::NoType) {
                    stray += 1;
                    if stray > MAX_SAME_DIAGNOSTICS {
                        stray_left_out += 1;
                        i = next.max(i + 1);
                        continue;
                    }
                }
                items.push(item);
                i = next.max(i + 1);
            }
            _ => i += 1,
        }
    }
    (items, stray_left_out)
}

/// Scans one item starting at the `@` at `at`; returns it and where scanning resumes.
pub(super) fn scan_item(text: &str, at: usize) -> (Item, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let t = at + 1;
    let te = ident_end(text, t);
    let mut item = Item { kind: ItemKind::Entry, start: at, end: te, open: te, broken: None, depth: 0 };
    if te == t {
        item.broken = Some(Broken::NoType);
        return (item, t);
    }
    let kind = &text[t..te];
    item.kind = if kind.eq_ignore_ascii_case("string") {
        ItemKind::Strings
    } else if kind.eq_ignore_ascii_case("preamble") {
        ItemKind::Preamble
    } else if kind.eq_ignore_ascii_case("comment") {
        ItemKind::Comment
    } else {
        ItemKind::Entry
    };
    let j = skip_ws(b, te);
    if j >= n || (b[j] != b'{' && b[j] != b'(') {
        item.broken = Some(Broken::NoBrace);
        item.end = j.min(n);
        return (item, j);
    }
    item.open = j;
    let paren = b[j] == b'(';
    if item.kind == ItemKind::Comment {
        // Like the crate: a comment ends at the first closing delimiter.
        let close = if paren { b')' } else { b'}' };
        match memchr::memchr(close, &b[j + 1..]) {
            Some(k) => {
                item.end = j + 1 + k + 1;
                let next = item.end;
                return (item, next);
            }
            None => {
                item.broken = Some(Broken::Unterminated(None));
                item.end = n;
                return (item, n);
            }
        }
    }
    let mut depth = 0usize;
    let mut expect_value = false;
    let mut in_quote = false;
    let mut quote_depth = 0usize;
    let mut k = j + 1;
    while k < n {
        let c = b[k];
        if c == b'\n' {
            if header_at(text, k + 1) {
                let next = k + 1 + (skip_ws(b, k + 1) - (k + 1));
                item.broken = Some(Broken::Unterminated(Some(next)));
                item.end = k;
                return (item, next);
            }
            k += 1;
            continue;
        }
        if in_quote {
            // Braces nest inside a quoted value, and a `"` inside them is a character
            // (`"Journal {"}J{"}"`), as BibTeX and biber read it.
            match c {
                b'\\' => k += 2,
                b'{' => {
                    quote_depth += 1;
                    k += 1;
                }
                b'}' => {
                    quote_depth = quote_depth.saturating_sub(1);
                    k += 1;
                }
                b'"' if quote_depth == 0 => {
                    in_quote = false;
                    k += 1;
                }
                _ => k += 1,
            }
            continue;
        }
        match c {
            b'\\' => {
                // An escaped character never counts as a delimiter; keep newlines visible.
                k += if k + 1 < n && b[k + 1] == b'\n' { 1 } else { 2 };
                continue;
            }
            b'{' => {
                depth += 1;
                item.depth = item.depth.max(depth);
                expect_value = false;
            }
            b'}' => {
                if depth == 0 {
                    if !paren {
                        item.end = k + 1;
                        return (item, k + 1);
                    }
                } else {
                    depth -= 1;
                }
            }
            b')' if paren && depth == 0 => {
                item.end = k + 1;
                return (item, k + 1);
            }
            b'"' if depth == 0 && expect_value => {
                in_quote = true;
                quote_depth = 0;
            }
            b'%' if depth == 0 => {
                k = memchr::memchr(b'\n', &b[k..]).map_or(n, |m| k + m);
                continue;
            }
            b'=' | b'#' if depth == 0 => expect_value = true,
            c if c.is_ascii_whitespace() => {}
            _ if depth == 0 => expect_value = false,
            _ => {}
        }
        k += 1;
    }
    item.broken = Some(Broken::Unterminated(None));
    item.end = n;
    (item, n)
}

/// Stands in for a `$` that opens no math (see [`value_edits`]); same length, so offsets hold.
pub(super) const LONE_DOLLAR: u8 = 0x1A;

/// Same-length edits that let the `biblatex` crate read what BibTeX and biber read:
///
/// * a quoted value becomes a braced one (`"Journal {"}J{"}"` → `{Journal {"}J{"}}`): the
///   crate ends a quoted value at the first `"`, even inside braces, and loses the rest of
///   the entry; braced and quoted values mean the same in BibTeX;
/// * in a value with an odd number of unescaped `$` (`{Price $5 only}`), each `$` becomes
///   [`LONE_DOLLAR`]: biber takes it as text, the crate would drop the field as unclosed
///   math. [`unmask_dollars`] turns them back into `$` in the loaded fields.
pub(super) fn value_edits(text: &str, it: &Item) -> Vec<(usize, u8)> {
    let b = text.as_bytes();
    let end = it.end.min(b.len()).saturating_sub(1);
    let mut edits = Vec::new();
    let mut dollars: Vec<usize> = Vec::new();
    let flush = |dollars: &mut Vec<usize>, edits: &mut Vec<(usize, u8)>| {
        if !dollars.len().is_multiple_of(2) {
            edits.extend(dollars.iter().map(|&d| (d, LONE_DOLLAR)));
        }
        dollars.clear();
    };
    let (mut depth, mut quote_depth, mut in_quote) = (0usize, 0usize, false);
    let mut k = it.open + 1;
    while k < end {
        let c = b[k];
        if c == b'\\' {
            k += 2;
            continue;
        }
        if in_quote {
            match c {
                b'{' => quote_depth += 1,
                b'}' => quote_depth = quote_depth.saturating_sub(1),
                b'"' if quote_depth == 0 => {
                    in_quote = false;
                    edits.push((k, b'}'));
                }
                b'$' => dollars.push(k),
                _ => {}
            }
        } else {
            match c {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 0 => {
                    in_quote = true;
                    quote_depth = 0;
                    edits.push((k, b'{'));
                }
                b',' if depth == 0 => flush(&mut dollars, &mut edits),
                b'%' if depth == 0 => {
                    k = memchr::memchr(b'\n', &b[k..end]).map_or(end, |m| k + m);
                    continue;
                }
                b'$' if depth > 0 => dollars.push(k),
                _ => {}
            }
        }
        k += 1;
    }
    if in_quote {
        // An unclosed quote: leave the item as written, the crate reports it.
        return Vec::new();
    }
    flush(&mut dollars, &mut edits);
    edits
}

/// Turns [`LONE_DOLLAR`] back into `$` in every text field of a loaded reference.
pub(super) fn unmask_dollars(r: &mut Reference) {
    let fix = |s: &mut String| {
        if s.contains(LONE_DOLLAR as char) {
            *s = s.replace(LONE_DOLLAR as char, "$");
        }
    };
    for f in [
        &mut r.title,
        &mut r.container,
        &mut r.volume,
        &mut r.issue,
        &mut r.pages,
        &mut r.edition,
        &mut r.publisher,
        &mut r.place,
        &mut r.year,
    ]
    .into_iter()
    .flatten()
    {
        fix(f);
    }
    for p in r.authors.iter_mut().chain(r.editors.iter_mut()) {
        for f in [&mut p.family, &mut p.given, &mut p.literal, &mut p.suffix].into_iter().flatten() {
            fix(f);
        }
    }
}
