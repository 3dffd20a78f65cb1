//! Styles and locales made ready to render: a bundled style resolved to its independent
//! parent, a `.csl` file read and checked, a `--locale` code or locale file resolved, and
//! a locale's terms (`and`, `et al.`, quotation marks) looked up.
//!
//! Why this is a module of its own: this is where files the user names enter the
//! renderer, so the guards that keep a bad file from taking the command down (a size
//! limit, the CSL parser's panics caught, the line of an XML error reported) sit in one
//! place, as does the choice of language that the terms and the tidying depend on.

use super::StyleError;
use super::catalogue::find_style;
use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style, TermForm};
use std::sync::OnceLock;

/// The bundled CSL locales (terms such as "edited by", "n.d."), decoded once per process.
fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// The independent CSL style behind a bundled style (dependent styles point to a parent).
fn independent(style: ArchivedStyle) -> Option<IndependentStyle> {
    match style.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(d) => match ArchivedStyle::by_id(&d.parent_link.href)?.get() {
            Style::Independent(s) => Some(s),
            Style::Dependent(_) => None,
        },
    }
}

/// Largest style or locale file read (the biggest CSL styles are about 200 KB).
const MAX_CSL_FILE: u64 = 8 << 20;

/// A CSL style ready to render: a bundled one or one read from a `.csl` file.
#[derive(Debug, Clone)]
pub struct CslStyle {
    /// What the user gave: a bundled name or a path.
    pub name: String,
    pub(super) csl: IndependentStyle,
    /// The locale a dependent style asks for (its own `default-locale`).
    pub(super) default_locale: Option<LocaleCode>,
}

impl CslStyle {
    /// The style's title (`APA Style 7th edition`).
    pub fn title(&self) -> &str {
        &self.csl.info.title.value
    }
}

/// True when `spec` names a file rather than a bundled style: it ends in `.csl` or `.xml`,
/// contains a path separator, or is an existing file that no bundled style is called.
fn is_style_path(spec: &str) -> bool {
    let lower = spec.trim().to_ascii_lowercase();
    lower.ends_with(".csl")
        || lower.ends_with(".xml")
        || spec.contains(['/', '\\'])
        || (find_style(spec).is_err() && std::path::Path::new(spec).is_file())
}

/// Reads a text file of at most [`MAX_CSL_FILE`] bytes.
fn read_small(path: &str) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err("not a regular file".into());
    }
    let mut text = String::new();
    file.take(MAX_CSL_FILE + 1).read_to_string(&mut text).map_err(|e| e.to_string())?;
    if text.len() as u64 > MAX_CSL_FILE {
        return Err(format!("larger than {} MB", MAX_CSL_FILE >> 20));
    }
    Ok(text)
}

/// The line of the first XML syntax error in `text`, when it is not well-formed XML.
fn xml_error_line(text: &str) -> Option<usize> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return None,
            Ok(_) => {}
            Err(_) => {
                let at = (reader.error_position() as usize).min(text.len());
                return Some(1 + text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count());
            }
        }
    }
}

/// A style by bundled name or alias ([`find_style`]) or from a CSL file (`path/to/x.csl`);
/// a dependent style file uses its bundled parent.
///
/// ```
/// let apa = citegraph::export::load_style("apa").unwrap();
/// assert!(apa.title().contains("APA"), "{}", apa.title());
/// assert!(citegraph::export::load_style("no/such/style.csl").is_err());
/// ```
pub fn load_style(spec: &str) -> Result<CslStyle, StyleError> {
    if !is_style_path(spec) {
        let archived = find_style(spec)?;
        let default_locale = match archived.get() {
            Style::Dependent(d) => d.default_locale,
            Style::Independent(_) => None,
        };
        let csl = independent(archived)
            .ok_or_else(|| StyleError::Render(format!("style `{spec}` has no independent parent style")))?;
        return Ok(CslStyle { name: spec.to_string(), csl, default_locale });
    }
    let bad = |message: String| StyleError::StyleFile { path: spec.to_string(), message };
    let text = read_small(spec).map_err(bad)?;
    let parsed = std::panic::catch_unwind(|| Style::from_xml(&text))
        .map_err(|_| bad("the CSL parser failed on this file".into()))?;
    match parsed {
        Ok(Style::Independent(csl)) => Ok(CslStyle { name: spec.to_string(), csl, default_locale: None }),
        Ok(Style::Dependent(d)) => {
            let parent = ArchivedStyle::by_id(&d.parent_link.href).and_then(|p| match p.get() {
                Style::Independent(s) => Some(s),
                Style::Dependent(_) => None,
            });
            match parent {
                Some(csl) => Ok(CslStyle { name: spec.to_string(), csl, default_locale: d.default_locale }),
                None => Err(bad(format!(
                    "a dependent style whose parent ({}) is not bundled; pass the parent style's .csl file",
                    d.parent_link.href
                ))),
            }
        }
        Err(e) => {
            let line = xml_error_line(&text).map(|l| format!("line {l}: ")).unwrap_or_default();
            Err(bad(format!("{line}not a valid CSL style: {e}")))
        }
    }
}

/// Checks a `--locale` value (a bundled code or a locale file) before any work is done.
pub fn check_locale(locale: &str, style: &CslStyle) -> Result<(), StyleError> {
    resolve_locale(Some(locale), style).map(|_| ())
}

/// The locale to render in and the locale files to take terms from: `locale` is a code
/// (`de-DE`, `fr`; a bundled locale of that language) or a CSL locale file
/// (`locales-de-DE.xml`, used before the bundled ones).
pub(super) fn resolve_locale(
    locale: Option<&str>,
    style: &CslStyle,
) -> Result<(Option<LocaleCode>, std::borrow::Cow<'static, [Locale]>), StyleError> {
    use std::borrow::Cow;
    let bundled = locales();
    let Some(spec) = locale.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok((style.default_locale.clone(), Cow::Borrowed(bundled)));
    };
    if spec.to_ascii_lowercase().ends_with(".xml") || spec.contains(['/', '\\']) {
        let bad = |message: String| StyleError::StyleFile { path: spec.to_string(), message };
        let text = read_small(spec).map_err(bad)?;
        let file = std::panic::catch_unwind(|| hayagriva::citationberg::LocaleFile::from_xml(&text))
            .map_err(|_| bad("the CSL parser failed on this file".into()))?
            .map_err(|e| bad(format!("not a valid CSL locale: {e}")))?;
        let code = file.lang.clone();
        let mut all = vec![Locale::from(file)];
        all.extend(bundled.iter().cloned());
        return Ok((Some(code), Cow::Owned(all)));
    }
    let norm = spec.replace('_', "-");
    let codes: Vec<&LocaleCode> = bundled.iter().filter_map(|l| l.lang.as_ref()).collect();
    if let Some(c) = codes.iter().find(|c| c.0.eq_ignore_ascii_case(&norm)) {
        return Ok((Some((*c).clone()), Cow::Borrowed(bundled)));
    }
    // A language alone (`de`): the bundled locale of that language, its main dialect first
    // (`de-DE` before `de-AT`).
    let base = norm.split('-').next().unwrap_or_default().to_ascii_lowercase();
    let mut same: Vec<&&LocaleCode> =
        codes.iter().filter(|c| c.0.split('-').next().is_some_and(|b| b.eq_ignore_ascii_case(&base))).collect();
    same.sort_by_key(|c| {
        let region = c.0.split('-').nth(1).unwrap_or_default().to_ascii_lowercase();
        (region != base, c.0.clone())
    });
    match same.first() {
        Some(c) if !norm.contains('-') => Ok((Some((**c).clone()), Cow::Borrowed(bundled))),
        _ => {
            let mut available: Vec<String> = codes.iter().map(|c| c.0.clone()).collect();
            available.sort();
            Err(StyleError::UnknownLocale { code: spec.to_string(), available })
        }
    }
}

/// A term of the locale `lang` (long form, singular): the style's own `<locale>`
/// elements first, then the locale files and bundled locales, whose language matches.
pub(super) fn term(
    csl: &IndependentStyle,
    lang: Option<&LocaleCode>,
    locales: &[Locale],
    name: OtherTerm,
) -> Option<String> {
    let code = lang.map(|l| l.0.to_ascii_lowercase()).unwrap_or_else(|| "en-us".into());
    let base = code.split('-').next().unwrap_or_default().to_string();
    let fits = |l: &Locale, exact: bool| match &l.lang {
        None => true,
        Some(c) if exact => c.0.eq_ignore_ascii_case(&code),
        Some(c) => c.0.split('-').next().is_some_and(|b| b.eq_ignore_ascii_case(&base)),
    };
    let find = |l: &Locale| {
        l.terms
            .as_ref()?
            .terms
            .iter()
            .find(|t| t.name == Term::Other(name) && t.form == TermForm::Long)?
            .single()
            .map(str::to_string)
    };
    let own = csl.locale.iter().filter(|l| fits(l, false)).find_map(find);
    own.or_else(|| locales.iter().filter(|l| fits(l, true)).find_map(find))
        .or_else(|| locales.iter().filter(|l| fits(l, false)).find_map(find))
}
