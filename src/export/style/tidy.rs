//! The rendered tree flattened into runs of formatted text, then tidied so that it reads
//! as citeproc prints it: the source's "et al." in the locale's words, URLs as the data
//! writes them, typographic quotes and apostrophes, and no stray punctuation left by
//! empty fields.
//!
//! Why this is a module of its own: hayagriva's text differs from citeproc's, the
//! processor people compare a reference list against, in these small ways; mending them
//! on the runs, before a format is chosen, keeps text, Markdown and HTML in agreement.

use super::casing::START_MARK;
use super::entry::ET_AL_MARK;
use hayagriva::types::QualifiedUrl;
use hayagriva::{ElemChild, Formatting};

/// A stretch of text with one formatting, or a link.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Run {
    pub(super) text: String,
    pub(super) formatting: Formatting,
    pub(super) url: Option<String>,
}

/// Flattens the rendered tree into runs, merging neighbours with the same formatting.
pub(super) fn runs(children: &[ElemChild]) -> Vec<Run> {
    fn walk(children: &[ElemChild], out: &mut Vec<Run>) {
        for c in children {
            let (text, formatting, url) = match c {
                ElemChild::Text(t) => (t.text.as_str(), t.formatting, None),
                ElemChild::Markup(m) => (m.as_str(), Formatting::default(), None),
                ElemChild::Link { text, url } => (text.text.as_str(), text.formatting, Some(url.clone())),
                ElemChild::Elem(e) => {
                    walk(&e.children.0, out);
                    continue;
                }
                ElemChild::Transparent { .. } => continue,
            };
            let text = text.replace(['\n', '\r'], " ").replace(START_MARK, "");
            match out.last_mut() {
                Some(last) if url.is_none() && last.url.is_none() && last.formatting == formatting => {
                    last.text.push_str(&text)
                }
                _ => out.push(Run { text, formatting, url }),
            }
        }
    }
    let mut out = Vec::new();
    walk(children, &mut out);
    out.retain(|r| !r.text.is_empty());
    out
}

/// Turns each printed [`ET_AL_MARK`] and the "and" before it into `et_al`, after the
/// delimiter the names already have: `Ford, F., & <mark>` → `Ford, F., et al.`,
/// `Okafor, and <mark>` → `Okafor, et al.`, `Hill and <mark>` → `Hill et al.`.
pub(super) fn et_al_marks(runs: &mut [Run], and_terms: &[String], et_al: &str) {
    if !runs.iter().any(|r| r.text.contains(ET_AL_MARK)) {
        return;
    }
    let mark = ET_AL_MARK.chars().next().unwrap_or_default();
    let mut chars: Vec<(usize, char)> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        for c in r.text.chars() {
            if c != mark {
                chars.push((i, c));
                continue;
            }
            while chars.last().is_some_and(|x| x.1.is_whitespace()) {
                chars.pop();
            }
            let token_start = chars.iter().rposition(|x| x.1.is_whitespace()).map_or(0, |p| p + 1);
            let token: String = chars[token_start..].iter().map(|x| x.1).collect();
            if and_terms.contains(&token) {
                chars.truncate(token_start);
                while chars.last().is_some_and(|x| x.1.is_whitespace()) {
                    chars.pop();
                }
            }
            if !chars.is_empty() {
                chars.push((i, ' '));
            }
            chars.extend(et_al.chars().map(|c| (i, c)));
        }
    }
    for r in runs.iter_mut() {
        r.text.clear();
    }
    for (i, c) in chars {
        runs[i].text.push(c);
    }
}

/// Shows a work's URL as its data writes it: hayagriva prints the parsed form, with the
/// host in lower case and a `/` added (`http://CRAN.R-project.org` →
/// `http://cran.r-project.org/`). The link target stays the parsed URL.
pub(super) fn urls_as_written(runs: &mut [Run], written: Option<&str>) {
    let Some(written) = written else { return };
    let Ok(parsed) = written.parse::<QualifiedUrl>() else { return };
    for r in runs.iter_mut().filter(|r| r.url.is_some()) {
        if r.text == parsed.value.as_str() {
            r.text = written.to_string();
        }
    }
}

/// The quotation marks of a locale: outer (`“ ”` in English) and inner (`‘ ’`).
pub(super) struct Quotes {
    pub(super) open: char,
    pub(super) close: char,
    pub(super) inner_open: char,
    pub(super) inner_close: char,
}

/// Quotation marks and apostrophes as citeproc prints them (outside links):
///
/// - an apostrophe in a word is typographic: `O'Carroll`, `plant's` → `O’Carroll`, `plant’s`;
/// - quotes in the data take the locale's marks by depth: single quotes (`'x'`, `‘x’`)
///   not inside other quotes become outer quotes (`“x”`), inside them inner ones
///   (`“… ‘Talking Trees’ …”`), as a style that quotes a title expects.
pub(super) fn quotes_as_citeproc(runs: &mut [Run], q: &Quotes) {
    let chars: Vec<(usize, char)> = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.url.is_none())
        .flat_map(|(i, r)| r.text.chars().map(move |c| (i, c)))
        .collect();
    if !chars.iter().any(|&(_, c)| matches!(c, '\'' | '‘' | '’') || c == q.inner_open || c == q.inner_close) {
        return;
    }
    let letter = |k: Option<&(usize, char)>| k.is_some_and(|x| x.1.is_alphanumeric());
    let mut out: Vec<(usize, char)> = Vec::with_capacity(chars.len());
    let mut depth = 0usize;
    // One entry per open single quote: whether it became an outer quote.
    let mut singles: Vec<bool> = Vec::new();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|p| chars.get(p));
        let after = chars.get(k + 1);
        let single = matches!(c, '\'' | '‘' | '’') || c == q.inner_open || c == q.inner_close;
        let c = if c == q.open {
            depth += 1;
            c
        } else if c == q.close {
            depth = depth.saturating_sub(1);
            c
        } else if !single {
            c
        } else if letter(before) && letter(after) {
            '’'
        } else if !letter(before) && (letter(after) || after.is_some_and(|a| a.1.is_ascii_punctuation())) && c != '’'
        {
            let outer = depth == 0;
            singles.push(outer);
            if outer {
                depth += 1;
                q.open
            } else {
                q.inner_open
            }
        } else if let Some(outer) = singles.pop() {
            if outer {
                depth = depth.saturating_sub(1);
                q.close
            } else {
                q.inner_close
            }
        } else {
            '’'
        };
        out.push((i, c));
    }
    for r in runs.iter_mut().filter(|r| r.url.is_none()) {
        r.text.clear();
    }
    for (i, c) in out {
        runs[i].text.push(c);
    }
}

/// Cleans the punctuation hayagriva leaves where citeproc does not, across run boundaries:
///
/// - a `.` or `,` right after a `?` or `!` (closing quotes between them allowed) goes:
///   `module?.` → `module?`, `“module?,”` → `“module?”`;
/// - a doubled `.` that is no ellipsis becomes one;
/// - a `,` right before a `.`, `)` or `]` goes (`Microbiol,.` → `Microbiol.`, `(2012,)` →
///   `(2012)`: an empty field), and so does a `.` after a quoted `.` (`Computing.”.`);
/// - outside French, a space between a digit and a `:` goes: `157 : 250–61` → `157: 250–61`
///   (hayagriva's delimiter of an empty issue).
pub(super) fn tidy_punctuation(runs: &mut Vec<Run>, french: bool) {
    let chars: Vec<(usize, char)> =
        runs.iter().enumerate().flat_map(|(i, r)| r.text.chars().map(move |c| (i, c))).collect();
    let is_quote = |c: char| matches!(c, '”' | '’' | '"' | '\'' | '»');
    let mut keep = vec![true; chars.len()];
    for i in 0..chars.len() {
        let c = chars[i].1;
        let prev = |k: usize| (k > 0).then(|| chars[k - 1].1);
        match c {
            '.' | ',' => {
                let mut k = i;
                while k > 0 && is_quote(chars[k - 1].1) {
                    k -= 1;
                }
                let before = prev(k);
                let next = chars.get(i + 1).map(|x| x.1);
                let after_mark = matches!(before, Some('?' | '!'));
                let doubled = c == '.'
                    && k == i
                    && before == Some('.')
                    && prev(i - 1) != Some('.')
                    && next != Some('.')
                    && keep[i - 1];
                // A period after a quoted title that already ends in one: `Computing.”.`
                let quoted_period = c == '.'
                    && k < i
                    && before == Some('.')
                    && k >= 2
                    && prev(k - 1) != Some('.')
                    && next != Some('.')
                    && keep[k - 1];
                if after_mark || doubled || quoted_period {
                    keep[i] = false;
                } else if c == '.' && k == i && before == Some(',') && next != Some('.') && keep[i - 1] {
                    // An empty field after a comma: `Microbiol,.` → `Microbiol.`
                    keep[i - 1] = false;
                } else if c == ',' && matches!(next, Some(')' | ']')) && runs[chars[i].0].url.is_none() {
                    // An empty field before a closing bracket: `(2012,)` → `(2012)`
                    keep[i] = false;
                }
            }
            ' ' if !french => {
                let next = chars.get(i + 1).map(|x| x.1);
                if next == Some(':') && prev(i).is_some_and(|p| p.is_ascii_digit()) {
                    keep[i] = false;
                }
            }
            _ => {}
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    for r in runs.iter_mut() {
        r.text.clear();
    }
    for ((i, c), k) in chars.into_iter().zip(keep) {
        if k {
            runs[i].text.push(c);
        }
    }
    runs.retain(|r| !r.text.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::citationberg::FontStyle;

    #[test]
    fn punctuation_is_tidied() {
        let run = |t: &str, italic: bool| Run {
            text: t.into(),
            formatting: Formatting {
                font_style: if italic { FontStyle::Italic } else { FontStyle::Normal },
                ..Formatting::default()
            },
            url: None,
        };
        let tidy = |rs: Vec<Run>, french: bool| {
            let mut rs = rs;
            tidy_punctuation(&mut rs, french);
            rs.iter().map(|r| r.text.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            tidy(vec![run("A module?", false), run(". ", false), run("Cell", true)], false),
            ["A module?", " ", "Cell"]
        );
        assert_eq!(tidy(vec![run("“Why not?,” In", false)], false), ["“Why not?” In"]);
        assert_eq!(tidy(vec![run("“Why not!.” J", false)], false), ["“Why not!” J"]);
        assert_eq!(tidy(vec![run("Inc.. Wait... x.", false)], false), ["Inc. Wait... x."]);
        assert_eq!(tidy(vec![run("Biol 157 : 250–61.", false)], false), ["Biol 157: 250–61."]);
        assert_eq!(tidy(vec![run("Biol 157 : 250–61.", false)], true), ["Biol 157 : 250–61."]);
        assert_eq!(tidy(vec![run("Title: sub", false)], false), ["Title: sub"]);
        assert_eq!(
            tidy(vec![run("Microbiol", true), run(",. Next, x...", false)], false),
            ["Microbiol", ". Next, x..."]
        );
        assert_eq!(tidy(vec![run("“Computing.”. http", false)], false), ["“Computing.” http"]);
        assert_eq!(tidy(vec![run("“Wait...”. (2012,). [a,]", false)], false), ["“Wait...”. (2012). [a]"]);
    }

    #[test]
    fn quotes_and_apostrophes_as_citeproc() {
        let q = Quotes { open: '“', close: '”', inner_open: '‘', inner_close: '’' };
        let fix = |t: &str| {
            let mut rs = vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
            quotes_as_citeproc(&mut rs, &q);
            rs[0].text.clone()
        };
        assert_eq!(fix("O'Carroll, D. Nicotine's role"), "O’Carroll, D. Nicotine’s role");
        assert_eq!(fix("Signals: ‘talking trees’ in plants."), "Signals: “talking trees” in plants.");
        assert_eq!(fix("Signals: 'talking trees' in plants."), "Signals: “talking trees” in plants.");
        assert_eq!(fix("“Signals: ‘Talking Trees’ in Plants.”"), "“Signals: ‘Talking Trees’ in Plants.”");
        assert_eq!(fix("the parents' house, ’90s"), "the parents’ house, ’90s");
        let mut link =
            vec![Run { text: "https://x.org/a'b".into(), formatting: Formatting::default(), url: Some("u".into()) }];
        quotes_as_citeproc(&mut link, &q);
        assert_eq!(link[0].text, "https://x.org/a'b");
    }

    #[test]
    fn et_al_marks_become_the_term() {
        let m = ET_AL_MARK;
        let and = ["&".to_string(), "and".to_string()];
        let mark = |t: &str| {
            let mut rs = vec![Run { text: t.into(), formatting: Formatting::default(), url: None }];
            et_al_marks(&mut rs, &and, "et al.");
            rs[0].text.clone()
        };
        assert_eq!(mark(&format!("Ford, F., & {m}. (2010)")), "Ford, F., et al.. (2010)");
        assert_eq!(mark(&format!("Ford, and {m}. 2010")), "Ford, et al.. 2010");
        assert_eq!(mark(&format!("Hill and {m} (2010)")), "Hill et al. (2010)");
        assert_eq!(mark(&format!("Hill, {m}")), "Hill, et al.");
        assert_eq!(mark("Ford and Anderson"), "Ford and Anderson");
    }
}
