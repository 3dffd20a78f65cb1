//! The index of reference entries by folded first-author name, and the ladder run against
//! it for one citation.

use super::*;

/// The outcome of resolving one citation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    Resolved {
        r: usize,
        rule: Rule,
    },
    Ambiguous {
        candidates: Vec<usize>,
    },
    Unresolved,
    /// Cited by a key that no entry has: reported where the key citation was made.
    ByUnknownKey,
}

/// References indexed by folded first-author name.
pub(crate) struct RefIndex<'a> {
    pub(crate) refs: Vec<RefInfo>,
    pub(crate) originals: &'a [Reference],
    /// Folded (and particle-free) first-author name → entries, in list order.
    pub(crate) by_first: HashMap<String, Vec<usize>>,
    /// Distinct keys of `by_first`, in first-seen order (for the edit-distance scan).
    pub(crate) keys: Vec<String>,
    /// Entry → index of its first duplicate group representative.
    pub(crate) dup_of: Vec<usize>,
    /// Representative → every entry of its duplicate group (empty for the others).
    pub(crate) members: Vec<Vec<usize>>,
    /// Entries with a corporate first author among several (see [`RefInfo::corporate_head`]).
    pub(crate) split_institutions: Vec<usize>,
    /// Entry → start offset of the reference list it stands in (entries from the document only).
    pub(crate) list_start: Vec<Option<usize>>,
}

impl<'a> RefIndex<'a> {
    pub(crate) fn new(originals: &'a [Reference]) -> Self {
        let refs: Vec<RefInfo> = originals.iter().map(RefInfo::new).collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut keys = Vec::new();
        // Duplicates (the same work in several chapter lists) are indexed once, under their
        // first entry, so lookups do not grow with the number of copies.
        let mut first_with: HashMap<String, usize> = HashMap::new();
        let dup_of: Vec<usize> = originals
            .iter()
            .zip(&refs)
            .enumerate()
            .map(|(i, (o, r))| *first_with.entry(dup_key(o, r)).or_insert(i))
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); refs.len()];
        for (i, &rep) in dup_of.iter().enumerate() {
            members[rep].push(i);
        }
        let mut add = |k: String, i: usize| {
            let v = by_first.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                Vec::new()
            });
            if v.last() != Some(&i) {
                v.push(i);
            }
        };
        for (i, r) in refs.iter().enumerate().filter(|&(i, _)| dup_of[i] == i) {
            if let Some(first) = r.names.first() {
                let mut ks = vec![first.folded.clone(), first.core.clone(), first.ocr.clone()];
                ks.sort();
                ks.dedup();
                for k in ks.into_iter().filter(|k| !k.is_empty()) {
                    add(k, i);
                }
            }
            if let Some(a) = r.acronym.as_ref().filter(|a| !a.is_empty()) {
                add(a.clone(), i);
            }
        }
        let split_institutions = (0..refs.len()).filter(|&i| refs[i].corporate_head.is_some()).collect();
        let list_start = list_starts(originals);
        RefIndex { refs, originals, by_first, keys, dup_of, members, split_institutions, list_start }
    }

    /// Entries whose first author folds like the citation's first author.
    pub(crate) fn candidates(&self, c: &CitInfo) -> Vec<usize> {
        let Some(first) = c.names.first() else {
            return Vec::new();
        };
        let mut out: Vec<usize> = Vec::new();
        for k in [&first.folded, &first.core, &first.ocr] {
            if let Some(v) = self.by_first.get(k.as_str()) {
                out.extend(v);
            }
        }
        if c.names.len() == 1 {
            out.extend(self.split_institutions.iter().filter(|&&i| split_institution_matches(first, &self.refs[i])));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Pass A: the best rule short of year-off-by-one.
    pub(crate) fn resolve_one(&self, c: &CitInfo, at: usize) -> Outcome {
        if c.names.is_empty() {
            return Outcome::Unresolved;
        }
        let mut scored: Vec<(Rule, usize, usize)> = self
            .candidates(c)
            .into_iter()
            .filter_map(|r| self.refs.get(r).and_then(|ri| classify(c, ri, true)).map(|(rule, cost)| (rule, cost, r)))
            .collect();
        let best_cheap = scored.iter().map(|s| s.0).min();
        if best_cheap.is_none_or(|b| b >= Rule::EditDistance) && c.year.is_some() {
            // Edit-distance fallback: scan distinct first-author names.
            let Some(first) = c.names.first() else {
                return Outcome::Unresolved;
            };
            let mut seen: HashSet<usize> = scored.iter().map(|s| s.2).collect();
            for k in &self.keys {
                if bounded_distance(&first.ocr, k).is_none() && bounded_distance(&first.core, k).is_none() {
                    continue;
                }
                for &r in self.by_first.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                    if !seen.insert(r) {
                        continue;
                    }
                    if let Some((rule, cost)) = self.refs.get(r).and_then(|ri| classify(c, ri, true)) {
                        scored.push((rule, cost, r));
                    }
                }
            }
        }
        let Some(best) = scored.iter().map(|s| (s.0, s.1)).min() else {
            return Outcome::Unresolved;
        };
        let winners: Vec<usize> = scored.iter().filter(|s| (s.0, s.1) == best).map(|s| s.2).collect();
        let copies: usize = winners.iter().map(|&w| self.members.get(w).map_or(1, |m| m.len().max(1))).sum();
        let winners = if copies <= MAX_EXPANDED_COPIES {
            let mut winners: Vec<usize> = winners
                .iter()
                .flat_map(|&w| self.members.get(w).filter(|m| !m.is_empty()).cloned().unwrap_or(vec![w]))
                .collect();
            winners.sort_unstable();
            winners.dedup();
            self.keep_nearest_list(&mut winners, at);
            winners
        } else {
            self.nearest_copies(&winners, at)
        };
        let Some(&first) = winners.first() else {
            return Outcome::Unresolved;
        };
        let rep = |r: usize| self.dup_of.get(r).copied().unwrap_or(r);
        if winners.iter().all(|&w| rep(w) == rep(first)) {
            Outcome::Resolved { r: first, rule: best.0 }
        } else {
            Outcome::Ambiguous { candidates: winners }
        }
    }

    /// [`Self::keep_nearest_list`] for works with many copies (a document repeated, with its
    /// list, hundreds of times), without listing every copy: each work's copies are in list
    /// order, so the copy in the first list at or after `at` is found by binary search. When
    /// no list follows, one copy (the first) stands for each work.
    pub(crate) fn nearest_copies(&self, reps: &[usize], at: usize) -> Vec<usize> {
        let start = |r: usize| self.list_start.get(r).copied().flatten();
        let copies = |w: usize| -> &[usize] {
            match self.members.get(w).filter(|m| !m.is_empty()) {
                Some(m) => m,
                None => std::slice::from_ref(&reps[reps.iter().position(|&x| x == w).unwrap_or(0)]),
            }
        };
        let after: Vec<(usize, &[usize])> = reps
            .iter()
            .map(|&w| {
                let m = copies(w);
                (m.partition_point(|&r| start(r).is_some_and(|s| s < at)), m)
            })
            .collect();
        let nearest = after.iter().filter_map(|&(k, m)| m.get(k).and_then(|&r| start(r))).filter(|&s| s >= at).min();
        let mut out: Vec<usize> = match nearest {
            Some(list) => after
                .iter()
                .flat_map(|&(k, m)| m[k.min(m.len())..].iter().copied().take_while(move |&r| start(r) == Some(list)))
                .collect(),
            None => after.iter().filter_map(|&(_, m)| m.first().copied()).collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// With a reference list per chapter, a citation means the entry in the first list after
    /// it: keeps only the winners of that list, when it holds any.
    pub(crate) fn keep_nearest_list(&self, winners: &mut Vec<usize>, at: usize) {
        if winners.len() < 2 {
            return;
        }
        let nearest =
            winners.iter().filter_map(|&w| self.list_start.get(w).copied().flatten()).filter(|&s| s >= at).min();
        if let Some(start) = nearest {
            winners.retain(|&w| self.list_start.get(w).copied().flatten() == Some(start));
        }
    }

    /// Pass B: year-off-by-one, when safe.
    pub(crate) fn off_by_one(&self, c: &CitInfo, cited: &HashSet<usize>) -> Option<usize> {
        let cy = c.year.as_ref()?;
        let mut by_author = Vec::new();
        for r in self.candidates(c) {
            let ri = self.refs.get(r)?;
            if let Some((shape, NameLevel::Exact | NameLevel::Folded, _)) = names_match(c, ri, false)
                && shape != Shape::FirstAuthor
            {
                by_author.push(r);
            }
        }
        let [only] = by_author.as_slice() else {
            return None;
        };
        let ri = self.refs.get(*only)?;
        (!cited.contains(only) && year_match_info(c, cy, ri) == Some(YearMatch::OffByOne)).then_some(*only)
    }

    /// The single diagnostic for a citation that stays unlinked.
    pub(crate) fn explain_unresolved(&self, c: &Citation, info: &CitInfo) -> Diagnostic {
        let text = c.text.trim();
        if info.names.is_empty() {
            return Diagnostic::warning(
                Code::UnresolvedCitation,
                format!("`{text}` names no author, so it cannot be linked to the reference list"),
            )
            .with_suggestion("name the author in the citation or next to it");
        }
        // Same author, other years?
        let same_author: Vec<usize> = self
            .candidates(info)
            .into_iter()
            .filter(|&r| self.refs.get(r).and_then(|ri| names_match(info, ri, false)).is_some())
            .collect();
        if info.year.is_some() && !same_author.is_empty() {
            let cited_year = info.year_raw.as_str();
            let labels: Vec<String> = same_author
                .iter()
                .filter_map(|&r| self.originals.get(r))
                .map(|r| format!("{} ({})", ref_label(r), r.id))
                .collect();
            let closest = self.closest_year(info, &same_author);
            let mut d = Diagnostic::warning(
                Code::YearMismatch,
                format!(
                    "`{text}` is not linked: the list has no {} {cited_year}, only {}",
                    cit_authors_label(c),
                    labels.join(", ")
                ),
            );
            if let Some(r) = closest.and_then(|r| self.originals.get(r)) {
                d = d.with_suggestion(format!("check the year; the closest entry is {} ({})", ref_label(r), r.id));
            }
            return d;
        }
        let mut d =
            Diagnostic::warning(Code::UnresolvedCitation, format!("`{text}` matches no entry of the reference list"));
        d = match self.closest(info).and_then(|r| self.originals.get(r)) {
            Some(r) => d.with_suggestion(format!("closest entry: {} ({})", ref_label(r), r.id)),
            None => d.with_suggestion(format!("add an entry for {} to the reference list", cit_authors_label(c))),
        };
        d
    }

    /// Among `rs`, the entry whose year is nearest the cited one.
    pub(crate) fn closest_year(&self, info: &CitInfo, rs: &[usize]) -> Option<usize> {
        let cited = match &info.year {
            Some(YearKey::Year(n, _)) => Some(*n),
            _ => None,
        };
        rs.iter().copied().min_by_key(|&r| match (cited, self.refs.get(r).map(|ri| &ri.year)) {
            (Some(a), Some(YearKey::Year(b, _))) => a.abs_diff(*b),
            _ => u32::MAX,
        })
    }

    /// The entry most similar to an unlinked citation: by first-author similarity, then year.
    pub(crate) fn closest(&self, info: &CitInfo) -> Option<usize> {
        let first = info.names.first()?;
        let mut best: Option<(f64, &String)> = None;
        for k in &self.keys {
            let s = strsim::normalized_damerau_levenshtein(&first.ocr, k);
            if s >= 0.6 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, k));
            }
        }
        let (_, k) = best?;
        let rs = self.by_first.get(k)?;
        self.closest_year(info, rs)
    }
}

/// Key under which two entries count as duplicates: authors, year, title (or the raw entry).
pub(crate) fn dup_key(o: &Reference, r: &RefInfo) -> String {
    let title = o.title.as_deref().map(fold).filter(|t| !t.is_empty()).unwrap_or_else(|| fold_with(&o.raw, true));
    format!("{}#{:?}#{}", r.authors_key(), r.year, title)
}

/// Explanation for a link made by a tolerant rule, when it deserves one.
pub(crate) fn explain_tolerant(
    c: &Citation,
    info: &CitInfo,
    r: &Reference,
    ri: &RefInfo,
    rule: Rule,
) -> Option<Diagnostic> {
    let text = c.text.trim();
    match rule {
        Rule::EditDistance => {
            let pairs: Vec<String> = info
                .names
                .iter()
                .zip(&ri.names)
                .filter(|(cn, rn)| name_level(cn, rn, false).is_none())
                .map(|(cn, rn)| format!("`{}` vs `{}`", cn.raw, rn.raw))
                .collect();
            Some(
                Diagnostic::warning(
                    Code::NameNearMiss,
                    format!(
                        "`{text}` was linked to {} ({}) although the names differ: {}",
                        ref_label(r),
                        r.id,
                        pairs.join(", ")
                    ),
                )
                .with_suggestion("use the same spelling in the citation and the reference list"),
            )
        }
        Rule::MissingSuffix => Some(
            Diagnostic::warning(
                Code::SuffixProblem,
                format!("`{text}` has no year suffix but the only matching entry is {} ({})", ref_label(r), r.id),
            )
            .with_suggestion(format!("write {}", r.year.as_deref().unwrap_or("").trim())),
        ),
        Rule::ExtraSuffix => Some(
            Diagnostic::warning(
                Code::SuffixProblem,
                format!(
                    "`{text}` has a year suffix but the list has a single {} work of that year: {} ({})",
                    cit_authors_label(c),
                    ref_label(r),
                    r.id
                ),
            )
            .with_suggestion(format!(
                "drop the suffix (write {}), or add the missing entry",
                r.year.as_deref().unwrap_or("").trim()
            )),
        ),
        Rule::YearOffByOne => Some(
            Diagnostic::warning(
                Code::YearMismatch,
                format!(
                    "`{text}` was linked to {} ({}), the author's only entry, although the years differ by one",
                    ref_label(r),
                    r.id
                ),
            )
            .with_suggestion(format!(
                "use one year in both places (the entry says {})",
                r.year.as_deref().unwrap_or("n.d.").trim()
            )),
        ),
        _ => None,
    }
}
