//! LaTeX: the source is rendered to text by a small reader of the commands that matter.
//!
//! Not a TeX engine: it follows the structure authors write. Comments are dropped;
//! `\section` and friends become `#` headings; `\footnote{}` becomes an anchor plus a note
//! body; the natbib/biblatex citation commands become key citations with pre- and
//! post-notes; `\input`/`\include`/`\subfile` are followed (relative to the main file, with
//! a depth limit and a cycle guard); `\bibliography{}`/`\addbibresource{}` name the `.bib`
//! files to load. Math, verbatim and non-text arguments (`\label`, `\includegraphics`, ...)
//! are dropped; other commands are dropped and their braced arguments rendered.

use super::builder::{NoteBody, TextBuilder, pending};
use super::{Converted, Format};
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Form;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Deepest `\input` nesting followed.
const MAX_DEPTH: usize = 16;
/// Most files read through `\input`/`\include` for one document (the main file excluded).
const MAX_INCLUDED_FILES: usize = 1_000;
/// Most bytes read through `\input`/`\include` for one document (the main file excluded):
/// a file included from many places is read each time, so without a total a small tree of
/// files could render to gigabytes.
const MAX_INCLUDED_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting of rendered arguments (`\footnote{\footnote{…}}`, headings, accents)
/// followed; deeper groups are skipped, so hostile nesting cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// Converts a LaTeX file, following its `\input`s; `outside` lets them leave the folder tree
/// of the main file.
pub(super) fn convert(path: &str, outside: bool) -> Result<Converted> {
    if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Error::io(Some(path), "cannot read standard input", e))?;
        return Ok(convert_str_with(path, &s, outside));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), "cannot read file", e))?;
    Ok(convert_str_with(path, &String::from_utf8_lossy(&bytes), outside))
}

/// Converts LaTeX source text; `\input` paths are relative to `path`'s folder and must stay
/// inside it.
pub(super) fn convert_str(path: &str, text: &str) -> Converted {
    convert_str_with(path, text, false)
}

/// Converts LaTeX source text; `outside` lets `\input` leave `path`'s folder tree.
fn convert_str_with(path: &str, text: &str, outside: bool) -> Converted {
    let base = Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default();
    let chapters = text.contains("\\chapter");
    // Includes are compared by canonical path (`../one/self` and `../one/../one/self` are one
    // file) and must stay under the main file's canonical folder.
    let dir = if base.as_os_str().is_empty() { Path::new(".") } else { base.as_path() };
    let root = std::fs::canonicalize(dir).ok();
    let main = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    let mut r = Renderer {
        base,
        chapters,
        b: TextBuilder::new(),
        notes: Vec::new(),
        bibs: Vec::new(),
        diags: Vec::new(),
        stack: vec![main],
        root: if outside { None } else { root },
        included_files: 0,
        included_bytes: 0,
        nesting: 0,
        braces: Vec::new(),
    };
    // The preamble is scanned for bibliography resources only.
    let body = match text.find("\\begin{document}") {
        Some(k) => {
            r.scan_preamble(&text[..k]);
            let rest = &text[k + "\\begin{document}".len()..];
            rest.find("\\end{document}").map(|e| &rest[..e]).unwrap_or(rest)
        }
        None => text,
    };
    let mut b = std::mem::take(&mut r.b);
    r.braces.push(Braces::new(body));
    r.render(body, &mut b, 0, false);
    r.b = b;
    let notes = std::mem::take(&mut r.notes);
    let (source, sections, native, keys) = r.b.finish(path, notes);
    Converted {
        source,
        format: Format::Latex,
        notes: Some(native),
        sections: Some(sections),
        key_citations: keys,
        references: Vec::new(),
        bib_files: r.bibs,
        diagnostics: r.diags,
    }
}

struct Renderer {
    base: PathBuf,
    chapters: bool,
    b: TextBuilder,
    notes: Vec<NoteBody>,
    bibs: Vec<PathBuf>,
    diags: Vec<Diagnostic>,
    /// Canonical paths of the files being read, outermost first (the cycle guard).
    stack: Vec<PathBuf>,
    /// Canonical folder includes must stay under; `None` when any place is allowed.
    root: Option<PathBuf>,
    /// Files and bytes read through includes so far.
    included_files: usize,
    included_bytes: u64,
    /// Depth of rendered arguments (see [`MAX_NESTING`]).
    nesting: usize,
    /// Brace matches of the texts being rendered, innermost last (see [`Braces`]).
    braces: Vec<Braces>,
}

/// Commands whose arguments are not text: the command and all its arguments are dropped.
const DROP: &[&str] = &[
    "label",
    "ref",
    "eqref",
    "cref",
    "Cref",
    "autoref",
    "pageref",
    "includegraphics",
    "vspace",
    "hspace",
    "usepackage",
    "documentclass",
    "newcommand",
    "renewcommand",
    "providecommand",
    "setlength",
    "addtolength",
    "setcounter",
    "pagestyle",
    "thispagestyle",
    "bibliographystyle",
    "graphicspath",
    "hypersetup",
    "input@path",
    "nocite",
    "newenvironment",
    "DeclareMathOperator",
    "def",
    "let",
    "color",
    "definecolor",
    "geometry",
    "index",
];
/// Environments whose content is not running text.
const SKIP_ENVS: &[&str] = &[
    "equation",
    "equation*",
    "align",
    "align*",
    "gather",
    "gather*",
    "multline",
    "multline*",
    "displaymath",
    "math",
    "verbatim",
    "Verbatim",
    "lstlisting",
    "minted",
    "comment",
    "tikzpicture",
    "filecontents",
    "filecontents*",
];
const CITES: &[&str] = &[
    "cite",
    "citep",
    "citet",
    "citealp",
    "citealt",
    "parencite",
    "Parencite",
    "textcite",
    "Textcite",
    "autocite",
    "Autocite",
    "footcite",
    "smartcite",
    "Smartcite",
    "supercite",
    "Cite",
    "Citep",
    "Citet",
    "citeauthor",
    "citeyear",
    "footcitetext",
];

impl Renderer {
    fn scan_preamble(&mut self, pre: &str) {
        let pre = strip_comments(pre);
        let tables = [Braces::new(&pre)];
        for cmd in ["\\addbibresource", "\\bibliography"] {
            let mut rest = pre.as_str();
            while let Some(k) = rest.find(cmd) {
                rest = &rest[k + cmd.len()..];
                let mut i = 0;
                skip_opt(rest, &mut i);
                if let Some(arg) = group_in(&tables, rest, &mut i) {
                    self.add_bibs(arg, cmd == "\\bibliography");
                }
            }
        }
    }

    fn add_bibs(&mut self, arg: &str, add_ext: bool) {
        for f in arg.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            let mut p = self.base.join(f);
            if add_ext && p.extension().is_none() {
                p.set_extension("bib");
            }
            if !self.bibs.contains(&p) {
                self.bibs.push(p);
            }
        }
    }

    fn heading_level(&self, cmd: &str) -> Option<u8> {
        let shift = u8::from(self.chapters);
        Some(match cmd {
            "part" | "chapter" => 1,
            "section" => 1 + shift,
            "subsection" => 2 + shift,
            "subsubsection" => 3 + shift,
            "paragraph" => 4 + shift,
            _ => return None,
        })
    }

    /// Reads one `{...}` at `*j` (after spaces) through the brace tables of the texts being
    /// rendered: one lookup instead of a scan, which an unclosed `{` would make run to the end.
    fn group<'a>(&self, s: &'a str, j: &mut usize) -> Option<&'a str> {
        group_in(&self.braces, s, j)
    }

    /// Renders `src` into `b`. In a note, paragraph breaks become spaces. Nested arguments
    /// deeper than [`MAX_NESTING`] are skipped with one diagnostic.
    fn render(&mut self, src: &str, b: &mut TextBuilder, depth: usize, in_note: bool) {
        if self.nesting >= MAX_NESTING {
            if !self.diags.iter().any(|d| d.code == Code::LatexNestingLimit) {
                self.diags.push(Diagnostic::warning(
                    Code::LatexNestingLimit,
                    format!("arguments nested more than {MAX_NESTING} deep are skipped"),
                ));
            }
            return;
        }
        self.nesting += 1;
        self.render_text(src, b, depth, in_note);
        self.nesting -= 1;
    }

    fn render_text(&mut self, src: &str, b: &mut TextBuilder, depth: usize, in_note: bool) {
        let s = src;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'%' => {
                    // Comment: to the end of the line, and the next line's indentation.
                    i = s[i..].find('\n').map(|k| i + k + 1).unwrap_or(s.len());
                    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                        i += 1;
                    }
                }
                b'\n' => {
                    // A blank line ends a paragraph.
                    let mut j = i + 1;
                    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                        j += 1;
                    }
                    if j < bytes.len() && bytes[j] == b'\n' {
                        if in_note {
                            b.text(" ");
                        } else {
                            b.end_paragraph();
                        }
                        i = j + 1;
                    } else {
                        b.text(" ");
                        i += 1;
                    }
                }
                b'{' | b'}' => i += 1,
                b'~' => {
                    b.text(" ");
                    i += 1;
                }
                b'$' => {
                    // Inline or display math: skipped.
                    let dbl = s[i..].starts_with("$$");
                    let open = if dbl { 2 } else { 1 };
                    let close = if dbl { "$$" } else { "$" };
                    i = s[i + open..].find(close).map(|k| i + open + k + open).unwrap_or(s.len());
                }
                b'`' if s[i..].starts_with("``") => {
                    b.text("“");
                    i += 2;
                }
                b'\'' if s[i..].starts_with("''") => {
                    b.text("”");
                    i += 2;
                }
                b'-' if s[i..].starts_with("---") => {
                    b.text("—");
                    i += 3;
                }
                b'-' if s[i..].starts_with("--") => {
                    b.text("–");
                    i += 2;
                }
                b'\\' => i = self.command(s, i, b, depth, in_note),
                _ => {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    b.text(ch.encode_utf8(&mut [0u8; 4]));
                    i += ch.len_utf8();
                }
            }
        }
    }

    /// Handles the command at `s[i] == '\\'`; returns where reading goes on.
    fn command(&mut self, s: &str, i: usize, b: &mut TextBuilder, depth: usize, in_note: bool) -> usize {
        let rest = &s[i + 1..];
        let Some(first) = rest.chars().next() else { return s.len() };
        if !first.is_ascii_alphabetic() {
            // Control symbols.
            let mut j = i + 1 + first.len_utf8();
            match first {
                '\\' | ',' | ' ' | ';' | ':' | '!' | '/' => b.text(" "),
                '&' | '%' | '$' | '#' | '_' | '{' | '}' => b.text(first.encode_utf8(&mut [0u8; 4])),
                '(' => j = s[j..].find("\\)").map(|k| j + k + 2).unwrap_or(s.len()),
                '[' => j = s[j..].find("\\]").map(|k| j + k + 2).unwrap_or(s.len()),
                '\'' | '`' | '^' | '"' | '~' | '=' | '.' => {
                    let (ch, end) = accent(first, s, j, &self.braces);
                    b.text(&ch);
                    j = end;
                }
                _ => {}
            }
            return j;
        }
        let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let name = &rest[..name_len];
        let mut j = i + 1 + name_len;
        let star = s[j..].starts_with('*');
        if star {
            j += 1;
        }
        let after = j;
        // Spaces after a control word are swallowed.
        let skip_space = |j: &mut usize| {
            while *j < s.len() && matches!(s.as_bytes()[*j], b' ' | b'\t') {
                *j += 1;
            }
        };
        if let Some(level) = self.heading_level(name) {
            skip_opt(s, &mut j);
            skip_space(&mut j);
            if let Some(title) = self.group(s, &mut j) {
                let mut t = TextBuilder::new();
                self.render(title, &mut t, depth, true);
                t.end_paragraph();
                if in_note {
                    b.text(t.text.trim());
                } else {
                    b.heading(level, t.text.trim());
                }
            }
            return j;
        }
        if CITES.contains(&name) {
            let mut opts = Vec::new();
            skip_space(&mut j);
            while let Some(o) = opt(s, &mut j) {
                opts.push(o.to_string());
                skip_space(&mut j);
            }
            let Some(keys) = self.group(s, &mut j) else { return j };
            let written = &s[i..j];
            // Where the keys start in `s`: the group ends with `}` at `j - 1`.
            let keys_at = j - 1 - keys.len();
            let form = if name.to_lowercase().starts_with("textcite") || matches!(name, "citet" | "Citet" | "citealt") {
                Form::Narrative
            } else {
                Form::Parenthetical
            };
            let (pre, post) = match opts.len() {
                0 => (None, None),
                1 => (None, Some(opts[0].clone())),
                _ => (Some(opts[0].clone()), Some(opts[1].clone())),
            };
            let clean = |o: Option<String>| {
                o.map(|x| x.replace('~', " ").replace("\\,", " ").split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|x| !x.is_empty())
            };
            let (pre, post) = (clean(pre), clean(post));
            let footnote = name == "footcite" || name == "footcitetext";
            let mut target = TextBuilder::new();
            let tb: &mut TextBuilder = if footnote { &mut target } else { b };
            let group_no = tb.next_group();
            // Each key with its offset in `s`.
            let mut keyed: Vec<(usize, &str)> = Vec::new();
            let mut at = keys_at;
            for part in keys.split(',') {
                let key = part.trim();
                if !key.is_empty() {
                    keyed.push((at + (part.len() - part.trim_start().len()), key));
                }
                at += part.len() + 1;
            }
            let keys: Vec<&str> = keyed.iter().map(|&(_, k)| k).collect();
            let n = keys.len();
            let cites = keys
                .iter()
                .enumerate()
                .map(|(k, key)| {
                    let mut c = pending(key, group_no, form);
                    if k == 0 {
                        c.prefix = pre.clone();
                    }
                    if k + 1 == n
                        && let Some(p) = &post
                    {
                        {
                            if p.starts_with(|ch: char| ch.is_ascii_digit()) || p.contains("p.") || p.contains('§') {
                                c.locator = Some(p.clone());
                            } else {
                                c.suffix = Some(p.clone());
                            }
                        }
                    }
                    c
                })
                .collect();
            if n > 1 {
                // One piece per key: from the key to the next one (the first from the command).
                let pieces: Vec<&str> = (0..n)
                    .map(|k| {
                        let from = if k == 0 { i } else { keyed[k].0 };
                        let to = if k + 1 == n { j } else { keyed[k + 1].0 };
                        &s[from..to]
                    })
                    .collect();
                tb.key_citations_split(&pieces, cites);
            } else {
                tb.key_citations(written, cites);
            }
            if footnote {
                self.note(b, target);
            }
            return j;
        }
        match name {
            "footnote" | "endnote" | "footnotetext" => {
                skip_opt(s, &mut j);
                if let Some(body) = self.group(s, &mut j) {
                    let mut nb = TextBuilder::new();
                    self.render(body, &mut nb, depth, true);
                    self.note(b, nb);
                }
                j
            }
            "input" | "include" | "subfile" => {
                skip_space(&mut j);
                if let Some(arg) = self.group(s, &mut j) {
                    self.include(arg.trim(), b, depth, in_note);
                }
                j
            }
            "bibliography" | "addbibresource" => {
                skip_opt(s, &mut j);
                if let Some(arg) = self.group(s, &mut j) {
                    self.add_bibs(arg, name == "bibliography");
                }
                j
            }
            "begin" => {
                let Some(env) = self.group(s, &mut j) else { return j };
                if SKIP_ENVS.contains(&env) {
                    let end = format!("\\end{{{env}}}");
                    return s[j..].find(&end).map(|k| j + k + end.len()).unwrap_or(s.len());
                }
                if env == "thebibliography" {
                    self.group(s, &mut j);
                    b.heading(1, "References");
                } else if env == "abstract" {
                    b.heading(1, "Abstract");
                }
                j
            }
            "end" => {
                self.group(s, &mut j);
                if !in_note {
                    b.end_paragraph();
                }
                j
            }
            "item" | "bibitem" | "par" => {
                if !in_note {
                    b.end_paragraph();
                } else {
                    b.text(" ");
                }
                skip_opt(s, &mut j);
                if name == "bibitem" {
                    self.group(s, &mut j);
                }
                j
            }
            "href" => {
                self.group(s, &mut j);
                j
            }
            "url" => {
                if let Some(u) = self.group(s, &mut j) {
                    b.text(u);
                }
                j
            }
            "ldots" | "dots" => {
                b.text("…");
                skip_space(&mut j);
                j
            }
            "S" => {
                b.text("§");
                j
            }
            "c" | "v" | "u" | "H" | "r" | "k" if s[j..].starts_with('{') || s[j..].starts_with(' ') => {
                let (ch, end) = accent(name.chars().next().unwrap_or('c'), s, j, &self.braces);
                b.text(&ch);
                end
            }
            _ if DROP.contains(&name) => {
                while skip_opt(s, &mut j) || self.group(s, &mut j).is_some() {}
                j
            }
            _ => {
                // Unknown command: drop it, render its arguments in place.
                let mut k = after;
                skip_opt(s, &mut k);
                if s[k..].starts_with('{') { k } else { skip_after_word(s, after) }
            }
        }
    }

    fn note(&mut self, b: &mut TextBuilder, body: TextBuilder) {
        let number = self.notes.len() as u32 + 1;
        b.anchor(number, &number.to_string());
        self.notes.push(NoteBody { number, body });
    }

    fn include(&mut self, arg: &str, b: &mut TextBuilder, depth: usize, in_note: bool) {
        let mut p = self.base.join(arg);
        if p.extension().is_none() {
            p.set_extension("tex");
        }
        let canonical = match std::fs::canonicalize(&p) {
            Ok(c) => c,
            Err(e) => {
                self.diags.push(
                    Diagnostic::warning(Code::LatexInputMissing, format!("cannot read {}: {e}", p.display()))
                        .with_suggestion("check the path given to \\input or \\include"),
                );
                return;
            }
        };
        if let Some(root) = self.root.as_ref().filter(|root| !canonical.starts_with(root)) {
            self.diags.push(
                Diagnostic::warning(
                    Code::LatexInputOutside,
                    format!(
                        "\\input{{{arg}}} not followed: {} is outside the document's folder {}",
                        canonical.display(),
                        root.display()
                    ),
                )
                .with_suggestion(
                    "set CITEGRAPH_ALLOW_OUTSIDE_INCLUDES=1 (library: `Options::includes_outside`) to read files outside the document's folder",
                ),
            );
            return;
        }
        if depth >= MAX_DEPTH || self.stack.contains(&canonical) {
            self.diags.push(Diagnostic::warning(
                Code::LatexInputCycle,
                format!(
                    "\\input{{{arg}}} not followed: {}",
                    if depth >= MAX_DEPTH {
                        format!("nested more than {MAX_DEPTH} deep")
                    } else {
                        format!("{} is already being read (a cycle)", canonical.display())
                    }
                ),
            ));
            return;
        }
        let size = std::fs::metadata(&canonical).map(|m| m.len()).unwrap_or(0);
        if self.included_files >= MAX_INCLUDED_FILES || self.included_bytes.saturating_add(size) > MAX_INCLUDED_BYTES {
            self.diags.push(Diagnostic::warning(
                Code::LatexInputLimit,
                format!(
                    "\\input{{{arg}}} not followed: a document reads at most {MAX_INCLUDED_FILES} included files \
                     and {} MiB through them",
                    MAX_INCLUDED_BYTES / (1024 * 1024)
                ),
            ));
            return;
        }
        self.included_files += 1;
        self.included_bytes += size;
        match read_regular(&canonical, MAX_INCLUDED_BYTES - self.included_bytes) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                self.stack.push(canonical);
                if !in_note {
                    b.end_paragraph();
                }
                self.braces.push(Braces::new(&text));
                self.render(&text, b, depth + 1, in_note);
                self.braces.pop();
                if !in_note {
                    b.end_paragraph();
                }
                self.stack.pop();
            }
            Err(e) => self.diags.push(
                Diagnostic::warning(Code::LatexInputMissing, format!("cannot read {}: {e}", p.display()))
                    .with_suggestion("check the path given to \\input or \\include"),
            ),
        }
    }
}

/// Reads a regular file of at most `limit` bytes (a FIFO or device would block or never end).
fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The matching braces of one text, found in one pass.
///
/// Why: reading a command's argument scans to its closing brace; with `\footnote{` written
/// n times and never closed, each scan would run to the end of the text (n² in all). A
/// scan from a `{` stops where the stack-based match of the whole text does (both skip the
/// byte after `\`), so one pass answers every later lookup, in any slice of the text.
struct Braces {
    /// Address and length of the text.
    addr: usize,
    len: usize,
    /// `(open, close)` byte offsets, sorted by `open`; unmatched `{`s are absent.
    pairs: Vec<(usize, usize)>,
}

impl Braces {
    fn new(s: &str) -> Self {
        let b = s.as_bytes();
        let mut stack = Vec::new();
        let mut pairs = Vec::new();
        let mut m = 0;
        while m < b.len() {
            match b[m] {
                b'\\' => m += 1,
                b'{' => stack.push(m),
                b'}' => {
                    if let Some(o) = stack.pop() {
                        pairs.push((o, m));
                    }
                }
                _ => {}
            }
            m += 1;
        }
        pairs.sort_unstable();
        Braces { addr: s.as_ptr() as usize, len: s.len(), pairs }
    }

    /// For the `{` at `s[k]`: `Some(close)` (relative to `s`, `None` when it is not closed
    /// within `s`), or `None` when `s` is not a slice of this text.
    fn close(&self, s: &str, k: usize) -> Option<Option<usize>> {
        let a = s.as_ptr() as usize;
        if a < self.addr || a + s.len() > self.addr + self.len {
            return None;
        }
        let off = a - self.addr;
        let found = self.pairs.binary_search_by_key(&(off + k), |p| p.0).ok().map(|i| self.pairs[i].1);
        Some(found.filter(|&c| c < off + s.len()).map(|c| c - off))
    }
}

/// [`group`] answered from the first of `tables` (innermost last) that holds `s`.
fn group_in<'a>(tables: &[Braces], s: &'a str, j: &mut usize) -> Option<&'a str> {
    let b = s.as_bytes();
    let mut k = *j;
    while k < b.len() && matches!(b[k], b' ' | b'\t') {
        k += 1;
    }
    if k >= b.len() || b[k] != b'{' {
        return None;
    }
    match tables.iter().rev().find_map(|t| t.close(s, k)) {
        Some(Some(c)) => {
            *j = c + 1;
            Some(&s[k + 1..c])
        }
        Some(None) => None,
        None => group(s, j),
    }
}

/// Position after a control word and the spaces following it.
fn skip_after_word(s: &str, mut j: usize) -> usize {
    while j < s.len() && matches!(s.as_bytes()[j], b' ' | b'\t') {
        j += 1;
    }
    j
}

/// Skips one `[...]` at `*j` (after spaces); true when there was one.
fn skip_opt(s: &str, j: &mut usize) -> bool {
    opt(s, j).is_some()
}

/// Longest optional argument read: `[` not closed within it is not an optional argument
/// (bounds the look-ahead, so `\cite[` repeated and never closed stays linear).
const MAX_OPT: usize = 4096;

/// Reads one `[...]` (brace-aware) at `*j`, at most [`MAX_OPT`] bytes long.
fn opt<'a>(s: &'a str, j: &mut usize) -> Option<&'a str> {
    let mut lim = (*j + MAX_OPT).min(s.len());
    while !s.is_char_boundary(lim) {
        lim -= 1;
    }
    delimited(&s[..lim], j, b'[', b']')
}

/// Reads one `{...}` at `*j` (after spaces), nested braces included.
fn group<'a>(s: &'a str, j: &mut usize) -> Option<&'a str> {
    delimited(s, j, b'{', b'}')
}

fn delimited<'a>(s: &'a str, j: &mut usize, open: u8, close: u8) -> Option<&'a str> {
    let b = s.as_bytes();
    let mut k = *j;
    while k < b.len() && matches!(b[k], b' ' | b'\t') {
        k += 1;
    }
    if k >= b.len() || b[k] != open {
        return None;
    }
    let start = k + 1;
    let mut depth = 0usize;
    let mut m = start;
    while m < b.len() {
        match b[m] {
            b'\\' => m += 1,
            b'{' => depth += 1,
            b'}' if depth > 0 && close != b'}' => depth -= 1,
            c if c == close && depth == 0 => {
                *j = m + 1;
                return Some(&s[start..m]);
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        m += 1;
    }
    None
}

/// An accented letter: `\'e`, `\'{e}`, `\c{c}`; returns the composed text and the end.
fn accent(kind: char, s: &str, mut j: usize, tables: &[Braces]) -> (String, usize) {
    let comb = match kind {
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '"' => '\u{308}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        'c' => '\u{327}',
        'v' => '\u{30C}',
        'u' => '\u{306}',
        'H' => '\u{30B}',
        'r' => '\u{30A}',
        'k' => '\u{328}',
        _ => return (String::new(), j),
    };
    while j < s.len() && s.as_bytes()[j] == b' ' {
        j += 1;
    }
    let letter = if let Some(g) = group_in(tables, s, &mut j) {
        g.trim().trim_start_matches('\\').to_string()
    } else if let Some(ch) = s[j..].chars().next() {
        j += ch.len_utf8();
        ch.to_string()
    } else {
        String::new()
    };
    let mut out: String = letter.chars().take(1).collect();
    if out.is_empty() {
        return (out, j);
    }
    out.push(comb);
    (out.nfc().collect(), j)
}

fn strip_comments(s: &str) -> String {
    s.lines()
        .map(|l| {
            let mut prev = ' ';
            for (k, c) in l.char_indices() {
                if c == '%' && prev != '\\' {
                    return &l[..k];
                }
                prev = c;
            }
            l
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_structure() {
        let tex = "\\documentclass{article}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\section{Intro}\nA claim \\citep[see][p.~54]{hill2013b} holds.% comment (Nope, 1999)\nIt is so\\footnote{As \\textcite{lee2001} shows.}. G\\\"odel $x^2$ and \\emph{Smith} (2001).\n\\end{document}\n";
        let c = convert_str("t.tex", tex);
        let t = &c.source.text;
        assert!(t.starts_with("# Intro\n\n"), "{t}");
        assert!(!t.contains("Nope"));
        assert!(t.contains("Gödel"));
        assert!(t.contains("Smith (2001)"));
        assert_eq!(c.key_citations.len(), 2);
        let k = &c.key_citations[0];
        assert_eq!((k.prefix.as_deref(), k.locator.as_deref()), (Some("see"), Some("p. 54")));
        assert_eq!(c.source.slice(k.span), "\\citep[see][p.~54]{hill2013b}");
        let notes = c.notes.unwrap();
        assert_eq!(c.source.slice(notes[0].body), "As \\textcite{lee2001} shows.");
        assert_eq!(c.source.slice(notes[0].anchor.unwrap()), "¹");
        assert_eq!(c.key_citations[1].form, Form::Narrative);
        assert_eq!(c.source.slice(c.key_citations[1].span), "\\textcite{lee2001}");
        assert_eq!(c.bib_files, vec![PathBuf::from("refs.bib")]);
    }

    #[test]
    fn keys_of_one_command_span_their_own_parts() {
        let c = convert_str("t.tex", "A claim \\citep[see][p.~4]{a, b,c} holds.\n");
        let texts: Vec<&str> = c.key_citations.iter().map(|k| c.source.slice(k.span)).collect();
        assert_eq!(texts, ["\\citep[see][p.~4]{a", "b", "c}"]);
        assert_eq!(c.key_citations[0].prefix.as_deref(), Some("see"));
        assert_eq!(c.key_citations[2].locator.as_deref(), Some("p. 4"));
        assert!(c.key_citations.iter().all(|k| k.group == c.key_citations[0].group));
    }

    #[test]
    fn hostile_nesting_and_unclosed_arguments_are_cut_short() {
        let deep = format!("{}{}", "\\footnote{a ".repeat(5_000), "}".repeat(5_000));
        let c = convert_str("t.tex", &deep);
        assert!(c.diagnostics.iter().any(|d| d.code == Code::LatexNestingLimit));
        let c = convert_str("t.tex", &"Text \\footnote{".repeat(2_000));
        assert!(c.source.text.contains("Text"));
    }

    #[test]
    fn unbalanced_input_does_not_panic() {
        for t in ["\\", "\\footnote{", "{{{", "\\cite[", "$", "\\'", "\\begin{equation}", "\\section", "é\\'{"] {
            let _ = convert_str("t.tex", t);
        }
    }
}
