//! The bundled styles by name: which names `--style` accepts, the short aliases people
//! type (`apa`, `harvard`, `vancouver`), the `--style help` listing, and close names
//! suggested for a typo.
//!
//! Why this is a module of its own: names are how users reach a style, and hayagriva's
//! own list is not quite the one wanted (its `vancouver` renders without authors, it has
//! no `harvard`); the corrections, the listing and the suggestions stay together here,
//! apart from loading and rendering.

use super::StyleError;
use hayagriva::archive::ArchivedStyle;

/// The names most people look for, shown first in errors.
pub(super) const COMMON: &[&str] =
    &["apa", "chicago-author-date", "chicago-notes", "mla", "ieee", "harvard", "vancouver", "nature", "acm"];

/// Short names accepted besides hayagriva's own (`harvard` is not one of them). Checked
/// before hayagriva's names, so an entry here also overrides one of them.
const EXTRA_ALIASES: &[(&str, &str)] = &[
    // hayagriva maps `vancouver` to `nlm-citation-sequence`, whose bundled copy renders
    // most entries without their authors (hayagriva 0.10); Elsevier's Vancouver does not.
    ("vancouver", "elsevier-vancouver"),
    ("harvard", "harvard-cite-them-right"),
    ("chicago", "chicago-author-date"),
    ("turabian", "turabian-author-date"),
    ("acm", "association-for-computing-machinery"),
    ("acs", "american-chemical-society"),
    ("ama", "american-medical-association"),
    ("asa", "american-sociological-association"),
    ("apsa", "american-political-science-association"),
    ("cse", "cse-name-year"),
    ("lncs", "springer-lecture-notes-in-computer-science"),
    ("iso-690", "iso-690-author-date"),
];

/// One bundled style as listed by `--style help`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleName {
    /// The name to pass to `--style` (hayagriva's first name for it).
    pub name: &'static str,
    /// Other accepted names.
    pub aliases: Vec<&'static str>,
    /// Human-readable title (`APA Style 7th edition`).
    pub title: &'static str,
}

/// Every bundled style, sorted by name, with its aliases.
pub fn style_names() -> Vec<StyleName> {
    let mut v: Vec<StyleName> = ArchivedStyle::all()
        .iter()
        .filter_map(|s| {
            let names = s.names();
            let (&name, rest) = names.split_first()?;
            // An alias of ours that points elsewhere overrides hayagriva's.
            let mut aliases: Vec<&'static str> =
                rest.iter().copied().filter(|a| !EXTRA_ALIASES.iter().any(|(x, _)| x == a)).collect();
            aliases.extend(EXTRA_ALIASES.iter().filter(|(_, to)| names.contains(to)).map(|(a, _)| *a));
            // Short aliases (`apa`) first: they are what people type.
            aliases.sort_by_key(|a| (a.len(), *a));
            Some(StyleName { name, aliases, title: s.display_name() })
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(b.name));
    v
}

/// The primary name of every bundled style, sorted (no aliases).
pub(super) fn primary_names() -> Vec<&'static str> {
    style_names().into_iter().map(|s| s.name).collect()
}

/// Every accepted name (primary names and aliases), sorted.
pub fn all_style_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = ArchivedStyle::all().iter().flat_map(|s| s.names().iter().copied()).collect();
    v.extend(EXTRA_ALIASES.iter().map(|(a, _)| *a));
    v.sort_unstable();
    v.dedup();
    v
}

/// The text `--style help` prints: one line per bundled style, name, aliases and title.
pub fn style_help() -> String {
    let names = style_names();
    let width = names.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::from("Bundled citation styles (use the name or any alias with --style):\n");
    for s in &names {
        out.push_str(&format!("  {:width$}  {}", s.name, s.title));
        if !s.aliases.is_empty() {
            out.push_str(&format!(" (also: {})", s.aliases.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Finds a bundled style by name or alias; case, spaces and `_` do not matter.
pub fn find_style(name: &str) -> Result<ArchivedStyle, StyleError> {
    let norm: String =
        name.trim().to_lowercase().chars().map(|c| if c == '_' || c.is_whitespace() { '-' } else { c }).collect();
    let target = EXTRA_ALIASES.iter().find(|(a, _)| *a == norm).map_or(norm.as_str(), |(_, to)| to);
    if let Some(s) = ArchivedStyle::by_name(target) {
        return Ok(s);
    }
    let mut close: Vec<(f64, &'static str)> = all_style_names()
        .into_iter()
        .map(|n| (strsim::jaro_winkler(&norm, n), n))
        .filter(|(score, n)| *score > 0.8 || (norm.len() >= 3 && n.starts_with(norm.as_str())))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    Err(StyleError::UnknownStyle {
        name: name.to_string(),
        suggestions: close.into_iter().take(3).map(|c| c.1).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_styles_and_aliases() {
        assert_eq!(find_style("apa").ok(), Some(ArchivedStyle::AmericanPsychologicalAssociation));
        assert_eq!(find_style(" APA ").ok(), Some(ArchivedStyle::AmericanPsychologicalAssociation));
        assert_eq!(find_style("harvard").ok(), Some(ArchivedStyle::HarvardCiteThemRight));
        assert_eq!(find_style("vancouver").ok(), Some(ArchivedStyle::ElsevierVancouver));
        let listed = style_names();
        assert_eq!(listed.iter().filter(|s| s.aliases.contains(&"vancouver")).count(), 1);
        assert_eq!(find_style("chicago_author_date").ok(), Some(ArchivedStyle::ChicagoAuthorDate));
        match find_style("chicago-autor-date") {
            Err(StyleError::UnknownStyle { suggestions, .. }) => assert_eq!(suggestions[0], "chicago-author-date"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_alias_resolves() {
        for (a, _) in EXTRA_ALIASES {
            assert!(find_style(a).is_ok(), "{a}");
        }
        for s in style_names() {
            assert!(find_style(s.name).is_ok(), "{}", s.name);
        }
    }
}
