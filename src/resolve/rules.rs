//! The rules of the linking ladder: the comparison forms of names and years, and how a
//! citation and an entry are classified against each other.

use super::*;

/// All comparison forms of one name.
#[derive(Debug, Clone)]
pub(crate) struct NameForms {
    /// As written, whitespace normalised.
    pub(crate) raw: String,
    /// [`fold`].
    pub(crate) folded: String,
    /// [`core`].
    pub(crate) core: String,
    /// [`ocr_fold`].
    pub(crate) ocr: String,
}

impl NameForms {
    pub(crate) fn new(s: &str) -> Self {
        NameForms { raw: squash(s), folded: fold(s), core: core(s), ocr: ocr_fold(s) }
    }
}

/// How closely two names agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NameLevel {
    Exact,
    Folded,
    /// Within the edit bound, at this distance.
    Edit(usize),
}

/// The largest edit distance tolerated between names of `len` folded letters.
pub(crate) fn edit_bound(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=15 => 2,
        _ => 3,
    }
}

/// Damerau-Levenshtein distance of `a` and `b` when it is within the bound for the shorter one.
pub(crate) fn bounded_distance(a: &str, b: &str) -> Option<usize> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let bound = edit_bound(la.min(lb));
    if la.abs_diff(lb) > bound {
        return None;
    }
    let d = strsim::damerau_levenshtein(a, b);
    (d <= bound).then_some(d)
}

/// Compares a cited name with a reference name.
pub(crate) fn name_level(c: &NameForms, r: &NameForms, allow_edit: bool) -> Option<NameLevel> {
    if c.folded.is_empty() && c.core.is_empty() {
        return None;
    }
    if !c.raw.is_empty() && c.raw == r.raw {
        return Some(NameLevel::Exact);
    }
    let eq = |a: &str, b: &str| !a.is_empty() && a == b;
    if eq(&c.folded, &r.folded) || eq(&c.core, &r.core) || eq(&c.core, &r.folded) || eq(&c.folded, &r.core) {
        return Some(NameLevel::Folded);
    }
    if !allow_edit {
        return None;
    }
    let d1 = bounded_distance(&c.ocr, &r.ocr);
    let d2 = bounded_distance(&c.core, &r.core);
    match (d1, d2) {
        (Some(a), Some(b)) => Some(NameLevel::Edit(a.min(b))),
        (Some(a), None) | (None, Some(a)) => Some(NameLevel::Edit(a)),
        (None, None) => None,
    }
}

/// A year normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum YearKey {
    /// Four-digit year and a letter suffix (possibly empty).
    Year(u32, String),
    /// `n.d.`, or no year in a reference.
    NoDate,
    /// `in press`, `forthcoming`, ...
    InPress,
    /// Anything else, folded.
    Other(String),
}

impl YearKey {
    pub(crate) fn parse(y: &str) -> YearKey {
        let t: String = y.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect();
        match t.as_str() {
            "" | "nd" | "sd" | "nodate" | "undated" => return YearKey::NoDate,
            "inpress" | "forthcoming" | "inprep" | "inpreparation" | "submitted" | "accepted" => {
                return YearKey::InPress;
            }
            _ => {}
        }
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 4
            && let Ok(n) = digits.parse::<u32>()
        {
            let rest = t.get(4..).unwrap_or("");
            if rest.is_empty() || (rest.len() <= 2 && rest.chars().all(|c| c.is_ascii_lowercase())) {
                return YearKey::Year(n, rest.to_string());
            }
        }
        YearKey::Other(t)
    }
}

/// Sort order for years: numbered years first, chronologically, then the rest.
pub(crate) fn year_order(y: &YearKey) -> (u32, String) {
    match y {
        YearKey::Year(n, s) => (*n, s.clone()),
        YearKey::NoDate => (u32::MAX - 2, String::new()),
        YearKey::InPress => (u32::MAX - 1, String::new()),
        YearKey::Other(s) => (u32::MAX, s.clone()),
    }
}

/// How a cited year relates to an entry's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearMatch {
    Exact,
    Folded,
    MissingSuffix,
    ExtraSuffix,
    OffByOne,
}

pub(crate) fn year_match(c_raw: &str, c: &YearKey, r_raw: Option<&str>, r: &YearKey) -> Option<YearMatch> {
    if r_raw.is_some_and(|rr| rr.trim() == c_raw.trim()) {
        return Some(YearMatch::Exact);
    }
    if c == r {
        return Some(YearMatch::Folded);
    }
    match (c, r) {
        (YearKey::Year(a, sa), YearKey::Year(b, sb)) if a == b => {
            if sa.is_empty() && !sb.is_empty() {
                Some(YearMatch::MissingSuffix)
            } else if !sa.is_empty() && sb.is_empty() {
                Some(YearMatch::ExtraSuffix)
            } else {
                None
            }
        }
        (YearKey::Year(a, _), YearKey::Year(b, _)) if a.abs_diff(*b) == 1 => Some(YearMatch::OffByOne),
        _ => None,
    }
}

/// A resolution rule; the order is the order in which they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rule {
    /// Named by a citation key; set by the format, never by a rule here.
    Key,
    Exact,
    Folded,
    EtAl,
    MissingSuffix,
    ExtraSuffix,
    FirstAuthor,
    EditDistance,
    MissingYear,
    YearOffByOne,
    GivenName,
}

impl Rule {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Rule::Key => "key",
            Rule::Exact => "exact",
            Rule::Folded => "folded",
            Rule::EtAl => "et-al",
            Rule::MissingSuffix => "missing-suffix",
            Rule::ExtraSuffix => "extra-suffix",
            Rule::FirstAuthor => "first-author",
            Rule::EditDistance => "edit-distance",
            Rule::MissingYear => "missing-year",
            Rule::YearOffByOne => "year-off-by-one",
            Rule::GivenName => "given-name",
        }
    }
}

/// How the author lists of a citation and an entry correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Same number of names (or a corporate first author).
    Same,
    /// `et al.` on one side covers the other side's co-authors.
    EtAl,
    /// The citation names fewer authors than the entry without `et al.`.
    FirstAuthor,
}

/// The shape and the number of leading names to compare.
pub(crate) fn shape(c_n: usize, c_etal: bool, r_n: usize, r_etal: bool, r_corporate: bool) -> Option<(Shape, usize)> {
    if c_n == 0 || r_n == 0 {
        return None;
    }
    if c_etal {
        if r_etal && r_n >= c_n {
            return Some((if r_n == c_n { Shape::Same } else { Shape::EtAl }, c_n));
        }
        if r_n > c_n {
            return Some((Shape::EtAl, c_n));
        }
        return None;
    }
    if r_etal {
        return if r_n <= c_n { Some((Shape::EtAl, r_n)) } else { Some((Shape::FirstAuthor, c_n)) };
    }
    if r_n == c_n {
        return Some((Shape::Same, c_n));
    }
    if r_n > c_n {
        if c_n == 1 && r_corporate {
            return Some((Shape::Same, 1));
        }
        return Some((Shape::FirstAuthor, c_n));
    }
    None
}

/// Comparison data for every citation, with abbreviations the document defines in its
/// citations (`(National Institute of Mental Health [NIMH], 2020)`) expanded wherever a later
/// citation uses them alone (`(NIMH, 2021)`).
pub(crate) fn cit_infos(citations: &[Citation]) -> Vec<CitInfo> {
    let mut aliases: HashMap<String, String> = HashMap::new();
    for c in citations {
        if let [name] = c.authors.as_slice()
            && let Some(open) = c.text.find(&format!("{name} ["))
            && let Some(inner) = c.text[open + name.len() + 2..].split(']').next()
            && inner.len() >= 2
            && inner.chars().all(|ch| ch.is_uppercase() || ch == '&' || ch == '-')
        {
            aliases.entry(inner.to_string()).or_insert_with(|| name.clone());
        }
    }
    citations
        .iter()
        .map(|c| match (c.authors.as_slice(), aliases.is_empty()) {
            ([short], false) if aliases.contains_key(short) => {
                let full = Citation { authors: vec![aliases[short].clone()], ..c.clone() };
                CitInfo::new(&full)
            }
            _ => CitInfo::new(c),
        })
        .collect()
}

/// Precomputed comparison data for one citation.
#[derive(Debug, Clone)]
pub(crate) struct CitInfo {
    pub(crate) names: Vec<NameForms>,
    pub(crate) et_al: bool,
    /// Year as written (trimmed), when given.
    pub(crate) year_raw: String,
    pub(crate) year: Option<YearKey>,
}

impl CitInfo {
    pub(crate) fn new(c: &Citation) -> Self {
        let names: Vec<NameForms> =
            c.authors.iter().map(|a| NameForms::new(a)).filter(|n| !n.folded.is_empty() || !n.ocr.is_empty()).collect();
        let year_raw = c.year.as_deref().unwrap_or("").trim().to_string();
        let year = (!year_raw.is_empty()).then(|| YearKey::parse(&year_raw));
        CitInfo { names, et_al: c.et_al, year_raw, year }
    }
    /// Folded author list, for grouping works.
    pub(crate) fn authors_key(&self) -> String {
        let mut k = self.names.iter().map(|n| n.folded.as_str()).collect::<Vec<_>>().join("|");
        if self.et_al {
            k.push_str("|+");
        }
        k
    }
}

/// Precomputed comparison data for one reference.
#[derive(Debug, Clone)]
pub(crate) struct RefInfo {
    pub(crate) names: Vec<NameForms>,
    pub(crate) et_al: bool,
    pub(crate) corporate: bool,
    /// The folded opening of the raw entry when the first author is corporate: an institution
    /// named level by level (`United Nations, Department of …`) may have been split into
    /// several authors by the entry parser, while a citation names it whole.
    pub(crate) corporate_head: Option<String>,
    /// The folded acronym an entry gives its corporate author: `American Society of Civil
    /// Engineers (ASCE). (2010).` is cited as `ASCE 2010`.
    pub(crate) acronym: Option<String>,
    /// Year as written, trimmed.
    pub(crate) year_raw: Option<String>,
    pub(crate) year: YearKey,
}

impl RefInfo {
    pub(crate) fn new(r: &Reference) -> Self {
        if let Some((label_names, label_year)) = alpha_label(&r.raw) {
            // `[Bais 2010] “The Physics of Information”, …`: the text cites the label.
            let names = label_names.iter().map(|n| NameForms::new(n)).collect();
            return RefInfo {
                names,
                et_al: false,
                corporate: false,
                corporate_head: None,
                acronym: None,
                year: YearKey::parse(label_year),
                year_raw: Some(label_year.to_string()),
            };
        }
        let names: Vec<NameForms> = r.authors.iter().map(|p| NameForms::new(p.sort_name())).collect();
        let corporate = r.authors.first().is_some_and(|p| p.family.is_none() && p.literal.is_some());
        let year = r.year.as_deref().map(YearKey::parse).unwrap_or(YearKey::NoDate);
        let year_raw = r.year.as_deref().map(str::trim).map(str::to_string);
        let corporate_head = (corporate && names.len() > 1).then(|| {
            let mut end = r.raw.len().min(300);
            while !r.raw.is_char_boundary(end) {
                end -= 1;
            }
            fold(&r.raw[..end])
        });
        let acronym = author_acronym(&r.raw).map(fold);
        RefInfo { names, et_al: r.et_al, corporate, corporate_head, acronym, year_raw, year }
    }
    /// The authors as an author-year citation names them: one name, both of two, or the
    /// first and `et al.` for three or more.
    pub(crate) fn short_form(&self) -> String {
        let first = self.names.first().map(|n| n.folded.as_str()).unwrap_or("");
        match (self.names.len(), self.et_al) {
            (0 | 1, false) => first.to_string(),
            (2, false) => format!("{first}|{}", self.names[1].folded),
            _ => format!("{first}|+"),
        }
    }
    pub(crate) fn authors_key(&self) -> String {
        let mut k = self.names.iter().map(|n| n.folded.as_str()).collect::<Vec<_>>().join("|");
        if self.et_al {
            k.push_str("|+");
        }
        k
    }
}

/// The names and year of an author-year label opening an entry: `[Bais 2010]`,
/// `[Bar-Yam 2004a]`, `[Smith and Jones, 1999]`. `None` for numeric labels (`[12]`) and for
/// entries without one.
pub(crate) fn alpha_label(raw: &str) -> Option<(Vec<&str>, &str)> {
    let rest = raw.trim_start().strip_prefix('[')?;
    let label = rest.get(..rest.find(']')?)?.trim();
    let (names, year) = label.rsplit_once([' ', ','])?;
    let digits = year.trim_end_matches(|c: char| c.is_ascii_lowercase());
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || year.len() > 5 {
        return None;
    }
    let names: Vec<&str> = names
        .trim_end_matches([',', ' '])
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty() && n != &"et al." && n != &"et al")
        .collect();
    let named = !names.is_empty() && names.iter().all(|n| n.chars().next().is_some_and(char::is_uppercase));
    named.then_some((names, year))
}

/// Longest stretch between two entries of one list (running heads, page numbers, notes at a
/// page bottom); a longer gap is running text, so another list starts. Generous on purpose:
/// splitting one list in two could settle a truly ambiguous citation.
pub(crate) const LIST_GAP: usize = 5000;

/// For each entry read from the document, the start of the list it belongs to: entries
/// follow each other closely within a list, and lists (one per chapter) stand apart.
pub(crate) fn list_starts(refs: &[Reference]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, Span)> = refs.iter().enumerate().filter_map(|(i, r)| r.span.map(|s| (i, s))).collect();
    order.sort_by_key(|&(_, s)| s.start);
    let mut out = vec![None; refs.len()];
    let mut current: Option<(usize, usize)> = None; // (list start, end of the previous entry)
    for (i, s) in order {
        let start = match current {
            Some((list, prev_end)) if s.start <= prev_end + LIST_GAP => list,
            _ => s.start,
        };
        current = Some((start, s.end.max(current.map_or(0, |c| c.1))));
        out[i] = Some(start);
    }
    out
}

/// An acronym in parentheses before an entry's first year: `(ASCE)`, `(NZNSEE)`, `(AT&T)`.
pub(crate) fn author_acronym(raw: &str) -> Option<&str> {
    let head = raw.get(..raw.len().min(250)).unwrap_or(raw);
    let year_at = head
        .as_bytes()
        .windows(4)
        .position(|w| w.iter().all(u8::is_ascii_digit) && matches!(w[0], b'1' | b'2'))
        .unwrap_or(head.len());
    let mut rest = &head[..year_at];
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let close = after.find(')')?;
        let inner = after[..close].trim();
        let capitals = inner.chars().filter(char::is_ascii_uppercase).count();
        if (2..=12).contains(&inner.len())
            && capitals >= 2
            && inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && inner.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&' || c == '-')
        {
            return Some(inner);
        }
        rest = &after[close..];
    }
    None
}

/// Whether the citation's one name is the whole institution whose levels the entry's parser
/// split into several authors: longer than the entry's first author, and the entry opens with it.
pub(crate) fn split_institution_matches(name: &NameForms, r: &RefInfo) -> bool {
    match (&r.corporate_head, r.names.first()) {
        (Some(head), Some(first)) => name.folded.len() > first.folded.len() && head.starts_with(&name.folded),
        _ => false,
    }
}

/// How well a citation's names match an entry's: the worst level over the compared names.
pub(crate) fn names_match(c: &CitInfo, r: &RefInfo, allow_edit: bool) -> Option<(Shape, NameLevel, usize)> {
    if let [cn] = c.names.as_slice()
        && !c.et_al
        && (split_institution_matches(cn, r) || r.acronym.as_ref().is_some_and(|a| *a == cn.folded))
    {
        return Some((Shape::Same, NameLevel::Folded, 0));
    }
    let (shape, n) = shape(c.names.len(), c.et_al, r.names.len(), r.et_al, r.corporate)?;
    let mut worst = NameLevel::Exact;
    let mut total = 0;
    for i in 0..n {
        let (cn, rn) = (c.names.get(i)?, r.names.get(i)?);
        let level = name_level(cn, rn, allow_edit)?;
        if let NameLevel::Edit(d) = level {
            total += d;
        }
        worst = worst.max(level);
    }
    Some((shape, worst, total))
}

/// The least tolerant rule that links citation `c` to entry `r`, with a tie-break cost
/// (total edit distance). `None` when no rule does (year-off-by-one is left to the caller).
pub(crate) fn classify(c: &CitInfo, r: &RefInfo, allow_edit: bool) -> Option<(Rule, usize)> {
    let (shape, level, mut cost) = names_match(c, r, allow_edit)?;
    // `X et al.` means three or more authors; an entry by exactly two is only tolerated, so
    // `Schuman et al., 2012` prefers Schuman, Kessler & Baldwin over Schuman & Baldwin.
    if c.et_al && !r.et_al && r.names.len() == c.names.len() + 1 {
        cost += 1;
    }
    let Some(cy) = &c.year else {
        return match level {
            NameLevel::Exact | NameLevel::Folded => Some((Rule::MissingYear, cost)),
            NameLevel::Edit(_) => None,
        };
    };
    let ym = year_match_info(c, cy, r)?;
    let edited = matches!(level, NameLevel::Edit(_));
    let rule = match ym {
        YearMatch::Exact | YearMatch::Folded => match (shape, level) {
            (_, NameLevel::Edit(_)) if shape != Shape::FirstAuthor => Rule::EditDistance,
            (_, NameLevel::Edit(_)) => return None,
            (Shape::Same, NameLevel::Exact) if ym == YearMatch::Exact => Rule::Exact,
            (Shape::Same, _) => Rule::Folded,
            (Shape::EtAl, _) => Rule::EtAl,
            (Shape::FirstAuthor, _) => Rule::FirstAuthor,
        },
        YearMatch::MissingSuffix if !edited && shape != Shape::FirstAuthor => Rule::MissingSuffix,
        YearMatch::ExtraSuffix if !edited && shape != Shape::FirstAuthor => Rule::ExtraSuffix,
        _ => return None,
    };
    Some((rule, cost))
}

/// Year comparison between a citation and an entry.
pub(crate) fn year_match_info(c: &CitInfo, cy: &YearKey, r: &RefInfo) -> Option<YearMatch> {
    year_match(&c.year_raw, cy, r.year_raw.as_deref(), &r.year)
}
