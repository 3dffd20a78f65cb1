//! Characters pdflatex cannot typeset, written as LaTeX commands.
//!
//! Why this exists: a title such as `new DNA polymerase α inhibitors` is valid UTF-8
//! BibLaTeX, but biber copies the `α` into the `.bbl`, and pdflatex with the standard
//! preamble (`inputenc` utf8, `fontenc` T1) stops with "Unicode character α not set up for
//! use with LaTeX". The accented Latin letters of T1 (`é`, `ß`, `ø`, ...) and the common
//! punctuation (`–`, `“`) are set up and stay UTF-8; what is not — Greek, mathematical
//! symbols, arrows, super- and subscript digits, combining accents — becomes a command
//! that every engine understands (`\ensuremath{\alpha}`, `\ensuremath{\leq}`, `\'{e}`).
//! lualatex and xelatex users who want the characters themselves ask for UTF-8
//! ([`TexChars::Unicode`], `citegraph bib --unicode`).

use unicode_normalization::UnicodeNormalization;

/// How non-ASCII characters are written in BibLaTeX and BibTeX output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TexChars {
    /// Characters pdflatex cannot typeset become LaTeX commands (the default: the output
    /// compiles with pdflatex, lualatex and xelatex alike).
    #[default]
    LatexSafe,
    /// Everything stays UTF-8 (for lualatex and xelatex).
    Unicode,
}

/// True for characters pdflatex typesets from UTF-8 input with `fontenc` T1 and the
/// LaTeX kernel's text companion symbols.
fn pdflatex_ok(c: char) -> bool {
    c.is_ascii()
        || ('\u{A0}'..='\u{17F}').contains(&c)
        || matches!(
            c,
            '\u{2013}'
                | '\u{2014}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201A}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{201E}'
                | '\u{2020}'
                | '\u{2021}'
                | '\u{2022}'
                | '\u{2026}'
                | '\u{2030}'
                | '\u{2039}'
                | '\u{203A}'
                | '\u{20AC}'
                | '\u{2122}'
        )
}

/// Math-mode command of a Greek letter (upper-case letters that look Latin are upright
/// Latin letters).
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => r"\alpha",
        'β' => r"\beta",
        'γ' => r"\gamma",
        'δ' => r"\delta",
        'ε' => r"\varepsilon",
        'ϵ' => r"\epsilon",
        'ζ' => r"\zeta",
        'η' => r"\eta",
        'θ' => r"\theta",
        'ϑ' => r"\vartheta",
        'ι' => r"\iota",
        'κ' => r"\kappa",
        'λ' => r"\lambda",
        'μ' => r"\mu",
        'ν' => r"\nu",
        'ξ' => r"\xi",
        'ο' => r"o",
        'π' => r"\pi",
        'ρ' => r"\rho",
        'ϱ' => r"\varrho",
        'σ' => r"\sigma",
        'ς' => r"\varsigma",
        'τ' => r"\tau",
        'υ' => r"\upsilon",
        'φ' => r"\varphi",
        'ϕ' => r"\phi",
        'χ' => r"\chi",
        'ψ' => r"\psi",
        'ω' => r"\omega",
        'Γ' => r"\Gamma",
        'Δ' | '∆' => r"\Delta",
        'Θ' => r"\Theta",
        'Λ' => r"\Lambda",
        'Ξ' => r"\Xi",
        'Π' => r"\Pi",
        'Σ' => r"\Sigma",
        'Υ' => r"\Upsilon",
        'Φ' => r"\Phi",
        'Ψ' => r"\Psi",
        'Ω' | '\u{2126}' => r"\Omega",
        'Α' => r"\mathrm{A}",
        'Β' => r"\mathrm{B}",
        'Ε' => r"\mathrm{E}",
        'Ζ' => r"\mathrm{Z}",
        'Η' => r"\mathrm{H}",
        'Ι' => r"\mathrm{I}",
        'Κ' => r"\mathrm{K}",
        'Μ' => r"\mathrm{M}",
        'Ν' => r"\mathrm{N}",
        'Ο' => r"\mathrm{O}",
        'Ρ' => r"\mathrm{P}",
        'Τ' => r"\mathrm{T}",
        'Χ' => r"\mathrm{X}",
        _ => return None,
    })
}

/// Math-mode command of a mathematical symbol or arrow.
fn math(c: char) -> Option<&'static str> {
    Some(match c {
        '≤' => r"\leq",
        '≥' => r"\geq",
        '≠' => r"\neq",
        '≈' => r"\approx",
        '∼' => r"\sim",
        '≃' => r"\simeq",
        '≅' => r"\cong",
        '≡' => r"\equiv",
        '∝' => r"\propto",
        '≪' => r"\ll",
        '≫' => r"\gg",
        '−' => "-",
        '∓' => r"\mp",
        '∙' | '⋅' => r"\cdot",
        '∘' => r"\circ",
        '∞' => r"\infty",
        '∂' => r"\partial",
        '∇' => r"\nabla",
        '∑' => r"\sum",
        '∏' => r"\prod",
        '∫' => r"\int",
        '√' => r"\surd",
        '∈' => r"\in",
        '∉' => r"\notin",
        '∋' => r"\ni",
        '⊂' => r"\subset",
        '⊃' => r"\supset",
        '⊆' => r"\subseteq",
        '⊇' => r"\supseteq",
        '∪' => r"\cup",
        '∩' => r"\cap",
        '∅' => r"\emptyset",
        '∀' => r"\forall",
        '∃' => r"\exists",
        '∧' => r"\wedge",
        '∨' => r"\vee",
        '⊥' => r"\perp",
        '∥' => r"\parallel",
        '⊕' => r"\oplus",
        '⊗' => r"\otimes",
        '′' => r"\prime",
        '″' => r"\prime\prime",
        '→' => r"\rightarrow",
        '←' => r"\leftarrow",
        '↔' => r"\leftrightarrow",
        '⇒' => r"\Rightarrow",
        '⇐' => r"\Leftarrow",
        '⇔' => r"\Leftrightarrow",
        '↑' => r"\uparrow",
        '↓' => r"\downarrow",
        '⇌' => r"\rightleftharpoons",
        'ℓ' => r"\ell",
        'ℏ' => r"\hbar",
        '⟨' => r"\langle",
        '⟩' => r"\rangle",
        _ => return None,
    })
}

/// Text-mode replacement of spaces, hyphens and super- and subscript digits.
fn text(c: char) -> Option<String> {
    let sup = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻";
    let sub = "₀₁₂₃₄₅₆₇₈₉₊₋";
    let plain = |i: usize| "0123456789+-".chars().nth(i).unwrap_or('?');
    if let Some(i) = sup.chars().position(|s| s == c) {
        return Some(format!("\\textsuperscript{{{}}}", plain(i)));
    }
    if let Some(i) = sub.chars().position(|s| s == c) {
        return Some(format!("\\textsubscript{{{}}}", plain(i)));
    }
    Some(
        match c {
            '\u{2010}' | '\u{2011}' => "-",
            '\u{2012}' => "--",
            '\u{2002}'..='\u{2008}' | '\u{205F}' => " ",
            '\u{2009}' | '\u{202F}' | '\u{200A}' => r"\,",
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' => "",
            '\u{2032}' => "'",
            'Å' => r"\AA{}",
            '\u{FB01}' => "fi",
            '\u{FB02}' => "fl",
            '\u{FB00}' => "ff",
            _ => return None,
        }
        .to_string(),
    )
}

/// The accent command of a combining mark.
fn accent(mark: char) -> Option<&'static str> {
    Some(match mark {
        '\u{300}' => r"\`",
        '\u{301}' => r"\'",
        '\u{302}' => r"\^",
        '\u{303}' => r"\~",
        '\u{304}' => r"\=",
        '\u{306}' => r"\u",
        '\u{307}' => r"\.",
        '\u{308}' => "\\\"",
        '\u{30A}' => r"\r",
        '\u{30B}' => r"\H",
        '\u{30C}' => r"\v",
        '\u{323}' => r"\d",
        '\u{327}' => r"\c",
        '\u{328}' => r"\k",
        '\u{331}' => r"\b",
        _ => return None,
    })
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// One base character, safe or converted, before any accents are put on it.
fn base(c: char, out: &mut String) -> bool {
    if pdflatex_ok(c) {
        out.push(c);
    } else if let Some(g) = greek(c).or_else(|| math(c)) {
        out.push_str("\\ensuremath{");
        out.push_str(g);
        out.push('}');
    } else if let Some(t) = text(c) {
        out.push_str(&t);
    } else {
        return false;
    }
    true
}

/// `tex` (already escaped TeX) with every character pdflatex cannot typeset written as a
/// LaTeX command; characters with no known command stay as they are.
pub fn latex_safe(tex: &str) -> String {
    if tex.is_ascii() {
        return tex.to_string();
    }
    let chars: Vec<char> = tex.chars().collect();
    let mut out = String::with_capacity(tex.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i + 1;
        while j < chars.len() && is_mark(chars[j]) {
            j += 1;
        }
        let marks = &chars[i + 1..j];
        if marks.is_empty() && pdflatex_ok(c) {
            out.push(c);
            i = j;
            continue;
        }
        // Decompose (`ệ` → `e` + marks) unless the letter itself is set up.
        let mut seq: Vec<char> = if pdflatex_ok(c) || greek(c).is_some() || math(c).is_some() || text(c).is_some() {
            vec![c]
        } else {
            c.to_string().nfd().collect()
        };
        seq.extend_from_slice(marks);
        let (b, ms) = seq.split_first().map(|(b, m)| (*b, m.to_vec())).unwrap_or((c, Vec::new()));
        let mut piece = String::new();
        let ok = if is_mark(b) {
            false
        } else {
            match b {
                'i' if !ms.is_empty() => {
                    piece.push_str(r"\i");
                    true
                }
                'j' if !ms.is_empty() => {
                    piece.push_str(r"\j");
                    true
                }
                _ => base(b, &mut piece),
            }
        };
        if !ok || ms.iter().any(|m| accent(*m).is_none()) {
            // No command for this character or one of its accents: keep it as written.
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        for m in ms {
            piece = format!("{}{{{piece}}}", accent(m).unwrap_or(""));
        }
        out.push_str(&piece);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greek_math_and_accents() {
        assert_eq!(latex_safe("ERα"), r"ER\ensuremath{\alpha}");
        assert_eq!(latex_safe("Δ-9 and Ω"), r"\ensuremath{\Delta}-9 and \ensuremath{\Omega}");
        assert_eq!(latex_safe("x → y"), r"x \ensuremath{\rightarrow} y");
        assert_eq!(latex_safe("e\u{301}t\u{E9}"), r"\'{e}té");
        assert_eq!(latex_safe("\u{1EC7}"), r"\^{\d{e}}");
        assert_eq!(latex_safe("i\u{308}"), "\\\"{\\i}");
        assert_eq!(latex_safe("10⁻³"), "10\\textsuperscript{-}³");
        assert_eq!(latex_safe("non‐coding"), "non-coding");
        // Already safe text is unchanged.
        assert_eq!(latex_safe("Łódź – “quoted” ß ø é"), "Łódź – “quoted” ß ø é");
        // No command known: kept as written rather than lost.
        assert_eq!(latex_safe("東京"), "東京");
        assert_eq!(latex_safe("\u{301}x"), "\u{301}x");
    }
}

#[cfg(test)]
mod doc_examples {
    use super::*;

    /// `latex_safe` on the cases its documentation showed (a unit test: it is private).
    #[test]
    fn latex_safe_example() {
        assert_eq!(
            latex_safe("DNA polymerase α, p ≤ 0.05"),
            r"DNA polymerase \ensuremath{\alpha}, p \ensuremath{\leq} 0.05"
        );
        assert_eq!(latex_safe("Gödel"), "Gödel");
        assert_eq!(latex_safe("Nguye\u{0302}\u{0303}n"), r"Nguy\~{\^{e}}n");
        assert_eq!(latex_safe("CO₂"), r"CO\textsubscript{2}");
    }
}
