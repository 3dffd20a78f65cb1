//! Loading the items of a `.bib` text one at a time with the `biblatex` crate: `@string`
//! macros, inheritance, and diagnostics with `file:line`.

use super::*;

// ---------------------------------------------------------------------------------------
// Loading.

/// One parsed entry, with spans absolute in the text.
pub(super) struct Parsed<'s> {
    item: usize,
    key: &'s str,
    kind: String,
    raw: RawEntry<'s>,
}

pub(super) struct Loader<'t> {
    text: &'t str,
    path: &'t str,
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    /// (span start, code) of diagnostics already given, so shared ancestors report once.
    reported: HashSet<(usize, Code)>,
    /// Diagnostics given per code, and those left out beyond [`MAX_SAME_DIAGNOSTICS`]
    /// (count, highest severity).
    per_code: HashMap<Code, usize>,
    left_out: HashMap<Code, (usize, Severity)>,
    /// Chunks macro expansion may still produce (see [`MAX_EXPANSION_CHUNKS`]).
    expansion_budget: usize,
}

impl<'t> Loader<'t> {
    pub(super) fn new(text: &'t str, path: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Loader {
            text,
            path,
            line_starts,
            diags: Vec::new(),
            reported: HashSet::new(),
            per_code: HashMap::new(),
            left_out: HashMap::new(),
            expansion_budget: MAX_EXPANSION_CHUNKS + text.len(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// Adds a diagnostic `path:line: message` at `at`, once per (`at`, `code`); beyond
    /// [`MAX_SAME_DIAGNOSTICS`] of one code they are only counted (see [`Loader::summarise`]),
    /// so a hostile file cannot print (or hold) one line per byte.
    fn report(&mut self, severity: Severity, code: Code, span: Span, message: String, suggestion: Option<&str>) {
        let given = self.per_code.entry(code).or_insert(0);
        if *given >= MAX_SAME_DIAGNOSTICS {
            if !self.reported.contains(&(span.start, code)) {
                let e = self.left_out.entry(code).or_insert((0, severity));
                e.0 += 1;
                e.1 = e.1.max(severity);
            }
            return;
        }
        if !self.reported.insert((span.start, code)) {
            return;
        }
        *given += 1;
        let line = self.line_of(span.start);
        let mut d = Diagnostic::new(severity, code, format!("{}:{}: {}", self.path, line, message))
            .with_file(self.path)
            .with_line(line)
            .with_span(span);
        if let Some(s) = suggestion {
            d = d.with_suggestion(s);
        }
        self.diags.push(d);
    }

    /// `@type{key` of the item, for messages.
    fn head(&self, item: &Item) -> String {
        let end = item.end.min(self.text.len());
        let s = &self.text[item.start..end];
        let cut = s.find([',', '\n']).unwrap_or(s.len()).min(60);
        let mut cut = cut;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s[..cut].trim_end().to_string()
    }

    pub(super) fn run(mut self) -> (Vec<Reference>, Vec<Diagnostic>) {
        let (items, stray_left_out) = split_items(self.text);
        if stray_left_out > 0 {
            self.left_out.insert(Code::BibSyntax, (stray_left_out, Severity::Error));
        }
        // The crate only knows `{...}` items: turn `@type(...)` into `@type{...}`, which keeps
        // every byte offset.
        let mut norm_bytes: Option<Vec<u8>> = None;
        for it in &items {
            if it.broken.is_none() && it.kind != ItemKind::Comment && self.text.as_bytes().get(it.open) == Some(&b'(') {
                let nb = norm_bytes.get_or_insert_with(|| self.text.as_bytes().to_vec());
                nb[it.open] = b'{';
                nb[it.end - 1] = b'}';
            }
            if it.broken.is_none() && matches!(it.kind, ItemKind::Entry | ItemKind::Strings) {
                for (at, byte) in value_edits(self.text, it) {
                    norm_bytes.get_or_insert_with(|| self.text.as_bytes().to_vec())[at] = byte;
                }
            }
        }
        let norm_owned = norm_bytes.map(|v| String::from_utf8(v).unwrap_or_default());
        let norm: &str = match &norm_owned {
            Some(s) if s.len() == self.text.len() => s,
            _ => self.text,
        };

        let mut macros: HashMap<String, Field<'_>> = HashMap::new();
        let mut parsed: Vec<Parsed<'_>> = Vec::new();
        for (idx, it) in items.iter().enumerate() {
            if let Some(why) = it.broken {
                self.report_broken(it, why);
                continue;
            }
            match it.kind {
                ItemKind::Comment | ItemKind::Preamble => {}
                ItemKind::Strings => self.parse_strings(norm, it, &mut macros),
                ItemKind::Entry => {
                    if let Some(p) = self.parse_entry(norm, idx, it) {
                        parsed.push(p);
                    }
                }
            }
        }

        // Duplicate keys: keep the first.
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        let mut keep = vec![true; parsed.len()];
        for (i, p) in parsed.iter().enumerate() {
            if let Some(&first) = by_key.get(p.key) {
                keep[i] = false;
                let (a, b) = (&items[parsed[first].item], &items[p.item]);
                let first_line = self.line_of(a.start);
                let same = squash(&self.text[a.start..a.end]) == squash(&self.text[b.start..b.end]);
                let span = Span::new(b.start, b.end);
                if same {
                    self.report(
                        Severity::Warning,
                        Code::BibDuplicateKey,
                        span,
                        format!(
                            "entry `{}` repeats the identical entry at line {first_line}; the repeat is ignored",
                            p.key
                        ),
                        Some("delete the repeated entry"),
                    );
                } else {
                    self.report(
                        Severity::Error,
                        Code::BibDuplicateKey,
                        span,
                        format!(
                            "duplicate key `{}`: already used by a different entry at line {first_line}; this entry is ignored",
                            p.key
                        ),
                        Some("give one of the entries a different key"),
                    );
                }
            } else {
                by_key.insert(p.key, i);
            }
        }

        // Expand macros in every kept entry.
        for (i, p) in parsed.iter_mut().enumerate() {
            if !keep[i] {
                continue;
            }
            for pair in &mut p.raw.fields {
                let field = std::mem::take(&mut pair.value.v);
                pair.value.v = self.expand(field, &macros, true);
            }
        }

        let mut refs = Vec::new();
        for i in 0..parsed.len() {
            if !keep[i] {
                continue;
            }
            // `@xdata` entries only hold fields for others to inherit; they are not works.
            if parsed[i].kind == "xdata" {
                continue;
            }
            if let Some(mut r) = self.resolve(i, &parsed, &by_key, &items) {
                r.id = format!("b{}", refs.len() + 1);
                refs.push(r);
            }
        }
        self.diags.sort_by_key(|d| d.line.unwrap_or(0));
        self.summarise();
        (refs, self.diags)
    }

    /// One line per code whose diagnostics were left out: `and N more like this`.
    fn summarise(&mut self) {
        let mut left: Vec<(Code, (usize, Severity))> = self.left_out.drain().collect();
        left.sort_by_key(|&(code, _)| code);
        for (code, (n, severity)) in left {
            self.diags.push(Diagnostic::new(
                severity,
                code,
                format!(
                    "{}: and {n} more `{code}` problems like this (only the first {MAX_SAME_DIAGNOSTICS} are listed)",
                    self.path
                ),
            ));
        }
    }

    fn report_broken(&mut self, it: &Item, why: Broken) {
        let head = self.head(it);
        let span = Span::new(it.start, it.end);
        match why {
            Broken::NoType => self.report(
                Severity::Error,
                Code::BibSyntax,
                span,
                "`@` is not followed by an entry type".to_string(),
                Some("write `@type{key, ...}` or remove the `@`"),
            ),
            Broken::NoBrace => self.report(
                Severity::Error,
                Code::BibSyntax,
                span,
                format!("`{head}` is not followed by `{{`"),
                Some("write the entry as `@type{key, field = {value}}`"),
            ),
            Broken::Unterminated(next) => {
                let before = match next {
                    Some(n) => format!("before the next entry at line {}", self.line_of(n)),
                    None => "before the end of the file".to_string(),
                };
                self.report(
                    Severity::Error,
                    Code::BibUnterminatedEntry,
                    span,
                    format!("unterminated entry `{head}`: its closing `}}` is missing {before}"),
                    Some("balance the braces of this entry"),
                );
            }
        }
    }

    fn syntax_error(&mut self, it: &Item, at: usize, kind: &ParseErrorKind) {
        let head = self.head(it);
        let what = describe_parse_error(kind);
        let line = self.line_of(at);
        let start_line = self.line_of(it.start);
        let msg = if line == start_line {
            format!("{what} in `{head}`; the entry is ignored")
        } else {
            format!("{what} in `{head}` (line {start_line}); the entry is ignored")
        };
        self.report(
            Severity::Error,
            Code::BibSyntax,
            Span::new(at, at.max(it.start)),
            msg,
            Some("write fields as `name = {value},`"),
        );
    }

    /// True (after reporting it) when the item nests braces deeper than [`MAX_BRACE_DEPTH`].
    fn too_deep(&mut self, it: &Item) -> bool {
        if it.depth <= MAX_BRACE_DEPTH {
            return false;
        }
        let head = self.head(it);
        self.report(
            Severity::Error,
            Code::BibTooDeep,
            Span::new(it.start, it.end),
            format!(
                "`{head}` nests braces {} deep (at most {MAX_BRACE_DEPTH} are read); the entry is ignored",
                it.depth
            ),
            Some("remove the extra braces"),
        );
        true
    }

    fn parse_strings<'s>(&mut self, norm: &'s str, it: &Item, macros: &mut HashMap<String, Field<'s>>) {
        if self.too_deep(it) {
            return;
        }
        let slice = &norm[it.start..it.end];
        let raw = match catch_unwind(|| RawBibliography::parse(slice)) {
            Ok(Ok(raw)) => raw,
            Ok(Err(e)) => return self.syntax_error(it, it.start + e.span.start, &e.kind),
            Err(_) => return self.syntax_error(it, it.start, &ParseErrorKind::MalformedCommand),
        };
        for mut pair in raw.abbreviations {
            shift_field(&mut pair.value.v, it.start);
            let value = self.expand(pair.value.v, macros, false);
            macros.insert(pair.key.v.to_lowercase(), value);
        }
    }

    fn parse_entry<'s>(&mut self, norm: &'s str, idx: usize, it: &Item) -> Option<Parsed<'s>> {
        if self.too_deep(it) {
            return None;
        }
        let slice = &norm[it.start..it.end];
        let raw = match catch_unwind(|| RawBibliography::parse(slice)) {
            Ok(Ok(raw)) => raw,
            Ok(Err(e)) => {
                self.syntax_error(it, it.start + e.span.start, &e.kind);
                return None;
            }
            Err(_) => {
                self.syntax_error(it, it.start, &ParseErrorKind::MalformedCommand);
                return None;
            }
        };
        let mut entry = raw.entries.into_iter().next()?.v;
        if entry.key.v.trim().is_empty() {
            let head = self.head(it);
            self.report(
                Severity::Error,
                Code::BibMissingKey,
                Span::new(it.start, it.end),
                format!("entry `{head}` has no citation key; the entry is ignored"),
                Some("write `@type{key, ...}`"),
            );
            return None;
        }
        for pair in &mut entry.fields {
            pair.key.span.start += it.start;
            pair.key.span.end += it.start;
            pair.value.span.start += it.start;
            pair.value.span.end += it.start;
            shift_field(&mut pair.value.v, it.start);
        }
        Some(Parsed { item: idx, key: entry.key.v, kind: entry.kind.v.to_ascii_lowercase(), raw: entry })
    }

    /// Replaces macro references by their (already expanded) values. Month abbreviations
    /// the file does not define are left to the crate. Unknown macros become empty with an
    /// error.
    fn expand<'s>(&mut self, field: Field<'s>, macros: &HashMap<String, Field<'s>>, in_entry: bool) -> Field<'s> {
        if !field.iter().any(|c| matches!(c.v, RawChunk::Abbreviation(_))) {
            return field;
        }
        let mut out: Field<'s> = Vec::with_capacity(field.len());
        for c in field {
            let RawChunk::Abbreviation(name) = c.v else {
                out.push(c);
                continue;
            };
            if let Some(v) = macros.get(&name.to_lowercase()) {
                if out.len() + v.len() > MAX_MACRO_CHUNKS || v.len() > self.expansion_budget {
                    self.report(
                        Severity::Error,
                        Code::BibStringTooLarge,
                        Span::new(c.span.start, c.span.end),
                        format!("the expansion of string macro `{name}` is too large"),
                        None,
                    );
                    continue;
                }
                self.expansion_budget -= v.len();
                out.extend(v.iter().cloned());
            } else if is_month(name) {
                out.push(c);
            } else {
                let what = if in_entry { "entry field" } else { "@string definition" };
                self.report(
                    Severity::Error,
                    Code::BibUndefinedString,
                    Span::new(c.span.start, c.span.end),
                    format!("undefined string macro `{name}` in {what}; it is read as empty"),
                    Some("define it with `@string{name = {value}}` or put the value in braces"),
                );
                out.push(BSpanned::new(RawChunk::Normal(""), c.span));
            }
        }
        out
    }

    /// Builds the entry's family (itself plus crossref/xdata ancestors), resolves it with the
    /// crate and converts the result.
    fn resolve<'s>(
        &mut self,
        i: usize,
        parsed: &[Parsed<'s>],
        by_key: &HashMap<&str, usize>,
        items: &[Item],
    ) -> Option<Reference> {
        let mut family: Vec<(usize, RawEntry<'s>)> = vec![(i, parsed[i].raw.clone())];
        let mut path = vec![i];
        self.collect_ancestors(0, parsed, by_key, &mut family, &mut path);

        let it = &items[parsed[i].item];
        let entry = loop {
            let bib = RawBibliography {
                preamble: String::new(),
                entries: family
                    .iter()
                    .map(|(k, e)| {
                        let item = &items[parsed[*k].item];
                        BSpanned::new(e.clone(), item.start..item.end)
                    })
                    .collect(),
                abbreviations: Vec::new(),
            };
            match catch_unwind(AssertUnwindSafe(|| Bibliography::from_raw(bib))) {
                Ok(Ok(bib)) => break bib.into_vec().into_iter().next()?,
                Ok(Err(e)) => {
                    // Find the field the error is in and drop it.
                    let at = e.span.start;
                    let hit = family.iter().enumerate().find_map(|(m, (_, entry))| {
                        entry.fields.iter().position(|p| field_contains(p, at)).map(|f| (m, f))
                    });
                    let Some((m, f)) = hit else {
                        let head = self.head(it);
                        self.report(
                            Severity::Error,
                            Code::BibSyntax,
                            Span::new(it.start, it.end),
                            format!("{} in `{head}`; the entry is ignored", describe_parse_error(&e.kind)),
                            None,
                        );
                        return None;
                    };
                    let pair = family[m].1.fields.remove(f);
                    let owner = parsed[family[m].0].key;
                    self.report(
                        Severity::Error,
                        Code::BibBadField,
                        Span::new(at, e.span.end),
                        format!(
                            "field `{}` of `{owner}`: {}; the field is ignored",
                            pair.key.v.to_lowercase(),
                            describe_parse_error(&e.kind)
                        ),
                        Some("check braces, `$` and backslash commands in this field"),
                    );
                }
                Err(_) => {
                    // The crate panicked (it does on some malformed dates of parents):
                    // fall back to the entry without inheritance.
                    if family.len() > 1 {
                        family.truncate(1);
                        let own = &mut family[0].1;
                        own.fields.retain(|p| {
                            !p.key.v.eq_ignore_ascii_case("crossref") && !p.key.v.eq_ignore_ascii_case("xdata")
                        });
                        self.report(
                            Severity::Error,
                            Code::BibCrossref,
                            Span::new(it.start, it.end),
                            format!(
                                "`{}` could not inherit from its crossref/xdata parents; fields are taken from the entry alone",
                                parsed[i].key
                            ),
                            None,
                        );
                    } else {
                        let head = self.head(it);
                        self.report(
                            Severity::Error,
                            Code::BibSyntax,
                            Span::new(it.start, it.end),
                            format!("`{head}` could not be read; the entry is ignored"),
                            None,
                        );
                        return None;
                    }
                }
            }
        };
        let own = Span::new(it.start, it.end);
        self.check_fields(&entry, own);
        let mut r = self.convert(&entry, &parsed[i], it);
        unmask_dollars(&mut r);
        Some(r)
    }

    /// Depth-first walk over `crossref`/`xdata` parents of `family[node]`, cutting cycles and
    /// over-long families.
    fn collect_ancestors<'s>(
        &mut self,
        node: usize,
        parsed: &[Parsed<'s>],
        by_key: &HashMap<&str, usize>,
        family: &mut Vec<(usize, RawEntry<'s>)>,
        path: &mut Vec<usize>,
    ) {
        let me = family[node].0;
        let mut drop_fields: Vec<usize> = Vec::new();
        let links: Vec<(usize, String, Span)> = family[node]
            .1
            .fields
            .iter()
            .enumerate()
            .filter(|(_, p)| p.key.v.eq_ignore_ascii_case("crossref") || p.key.v.eq_ignore_ascii_case("xdata"))
            .flat_map(|(fi, p)| {
                let span = Span::new(p.value.span.start, p.value.span.end);
                let text: String = p
                    .value
                    .v
                    .iter()
                    .map(|c| match c.v {
                        RawChunk::Normal(s) | RawChunk::Abbreviation(s) => s,
                    })
                    .collect();
                text.split(',')
                    .map(|k| k.trim().trim_matches(['{', '}']).trim().to_string())
                    .filter(|k| !k.is_empty())
                    .map(|k| (fi, k, span))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (fi, key, span) in links {
            let Some(&parent) = by_key.get(key.as_str()) else {
                self.report(
                    Severity::Warning,
                    Code::BibCrossrefMissing,
                    span,
                    format!("`{}` inherits from `{key}`, which is not in the database", parsed[me].key),
                    Some("add the parent entry or remove the crossref/xdata field"),
                );
                continue;
            };
            if path.contains(&parent) {
                self.report(
                    Severity::Error,
                    Code::BibCrossrefCycle,
                    span,
                    format!(
                        "circular inheritance: `{}` inherits from `{key}`, which inherits back from it; the link is ignored",
                        parsed[me].key
                    ),
                    Some("remove one of the crossref/xdata fields of the cycle"),
                );
                drop_fields.push(fi);
                continue;
            }
            if family.iter().any(|(k, _)| *k == parent) {
                continue;
            }
            if family.len() >= MAX_FAMILY {
                self.report(
                    Severity::Error,
                    Code::BibCrossrefDepth,
                    span,
                    format!(
                        "inheritance of `{}` involves more than {MAX_FAMILY} entries; `{key}` is ignored",
                        parsed[me].key
                    ),
                    None,
                );
                drop_fields.push(fi);
                continue;
            }
            family.push((parent, parsed[parent].raw.clone()));
            let child = family.len() - 1;
            path.push(parent);
            self.collect_ancestors(child, parsed, by_key, family, path);
            path.pop();
        }
        if !drop_fields.is_empty() {
            let fields = &mut family[node].1.fields;
            let mut k = 0;
            fields.retain(|_| {
                let keep = !drop_fields.contains(&k);
                k += 1;
                keep
            });
        }
    }

    /// Checks values the crate accepts but that are wrong or suspicious.
    fn check_fields(&mut self, entry: &biblatex::Entry, own: Span) {
        for name in ["date", "urldate", "eventdate", "origdate"] {
            let Some(chunks) = entry.get(name) else {
                continue;
            };
            let sp = chunks.span();
            if !own.contains(Span::new(sp.start, sp.end)) {
                continue; // inherited: reported at the parent
            }
            let value = chunks.format_verbatim();
            let ok = !value.chars().any(|c| c.is_numeric() && !c.is_ascii_digit())
                && catch_unwind(|| Date::parse(chunks).is_ok()).unwrap_or(false);
            if !ok {
                self.report(
                    Severity::Error,
                    Code::BibInvalidDate,
                    Span::new(sp.start, sp.end),
                    format!("field `{name}` of `{}`: `{}` is not a valid date", entry.key, value.trim()),
                    Some("write dates as YYYY, YYYY-MM or YYYY-MM-DD (ranges as A/B)"),
                );
            }
        }
        for name in ["pagination", "bookpagination"] {
            let Some(chunks) = entry.get(name) else {
                continue;
            };
            let sp = chunks.span();
            let v = chunks.format_verbatim().trim().to_lowercase();
            let known = ["page", "column", "line", "verse", "section", "paragraph", "none", ""];
            if own.contains(Span::new(sp.start, sp.end)) && !known.contains(&v.as_str()) {
                self.report(
                    Severity::Warning,
                    Code::BibBadPagination,
                    Span::new(sp.start, sp.end),
                    format!("field `{name}` of `{}`: `{v}` is not a pagination scheme", entry.key),
                    Some("use page, column, line, verse, section, paragraph or none"),
                );
            }
        }
        if let Some(chunks) = entry.get("pages") {
            let sp = chunks.span();
            let v = chunks.format_verbatim();
            if own.contains(Span::new(sp.start, sp.end)) {
                for part in v.split([',', ';']) {
                    let ends: Vec<&str> = part.split(['-', '–', '—']).map(str::trim).collect();
                    if ends.len() == 2 && ends.iter().any(|e| !is_page_number(e)) {
                        self.report(
                            Severity::Warning,
                            Code::BibBadPages,
                            Span::new(sp.start, sp.end),
                            format!("field `pages` of `{}`: `{}` is not a page range", entry.key, part.trim()),
                            Some("write page ranges as `first--last`"),
                        );
                        break;
                    }
                }
            }
        }
    }

    fn convert(&self, e: &biblatex::Entry, p: &Parsed<'_>, it: &Item) -> Reference {
        let text = |name: &str| -> Option<String> {
            let s = clean(&e.get(name)?.format_verbatim());
            (!s.is_empty()).then_some(s)
        };
        let verb = |name: &str| -> Option<String> {
            let s = e.get(name)?.format_verbatim().trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        let first = |names: &[&str]| names.iter().find_map(|n| text(n));

        let (authors, et_al) = e.get("author").map(names).unwrap_or_default();
        let (editors, _) = e.get("editor").map(names).unwrap_or_default();
        let mut title = text("title");
        if let (Some(t), Some(sub)) = (title.as_mut(), text("subtitle")) {
            if !t.ends_with(['?', '!', ':', '.']) {
                t.push(':');
            }
            t.push(' ');
            t.push_str(&sub);
        }
        let kind = entry_type(&p.kind);
        let container = first(&["journaltitle", "journal", "booktitle"]);
        let doi = verb("doi").map(|d| strip_doi(&d));
        Reference {
            id: String::new(),
            line: self.line_of(it.start),
            span: Some(Span::new(it.start, it.end)),
            key: p.key.to_string(),
            kind,
            authors,
            et_al,
            year: year_of(e),
            title,
            container,
            volume: text("volume"),
            issue: first(&["number", "issue"]),
            pages: text("pages").map(|s| plain_pages(&s)),
            edition: text("edition"),
            editors,
            publisher: first(&["publisher", "institution", "school", "organization"]),
            place: first(&["location", "address"]),
            doi,
            url: verb("url"),
            accessed: verb("urldate"),
            raw: self.text[it.start..it.end].to_string(),
            file: Some(self.path.to_string()),
        }
    }
}

/// Adds `off` to the spans of a field's chunks.
pub(super) fn shift_field(field: &mut Field<'_>, off: usize) {
    for c in field {
        c.span.start += off;
        c.span.end += off;
    }
}

/// True when the error offset `at` lies in the value of `pair`.
pub(super) fn field_contains(pair: &biblatex::Pair<'_>, at: usize) -> bool {
    (pair.value.span.start <= at && at <= pair.value.span.end)
        || pair.value.v.iter().any(|c| c.span.start <= at && at <= c.span.end)
}

/// Whether `name` is one of BibTeX's month macros (`jan` … `dec`, any case).
pub(super) fn is_month(name: &str) -> bool {
    crate::lexicon::month_of_stem(name).is_some()
}

/// Whitespace-insensitive form of an entry's text, to tell identical duplicates.
pub(super) fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

pub(super) fn describe_parse_error(kind: &ParseErrorKind) -> String {
    use biblatex::Token;
    match kind {
        ParseErrorKind::UnexpectedEof => "unexpected end of entry (unclosed brace, quote or `$`)".to_string(),
        ParseErrorKind::Expected(Token::Equals) => "expected `=` after the field name".to_string(),
        ParseErrorKind::Expected(Token::Comma) => "expected `,` between fields".to_string(),
        ParseErrorKind::Expected(Token::Identifier) => "expected a field name".to_string(),
        ParseErrorKind::Expected(t) => format!("expected {t}"),
        ParseErrorKind::Unexpected(t) => format!("unexpected {t}"),
        ParseErrorKind::MalformedCommand => "malformed TeX command".to_string(),
        ParseErrorKind::UnknownAbbreviation(s) => format!("undefined string macro `{s}`"),
        ParseErrorKind::DuplicateKey(s) => format!("duplicate key `{s}`"),
        ParseErrorKind::ResolutionError(k) => format!("cannot inherit field: {k}"),
        other => other.to_string(),
    }
}
