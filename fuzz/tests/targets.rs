//! Runs every fuzz target on a few fixed inputs and on a small number of deterministic
//! pseudo-random inputs, so the targets stay compiling and a crash shows up in
//! `cargo test` without nightly or libFuzzer. No timing assertions.

const INPUTS: &[&str] = &[
    "",
    "(",
    "Text (Smith, 2001; Jones and Lee, 2003a, pp. 4-5). Smith et al. (2010) agree.",
    "1. INTRODUCTION\n\nA claim (Hill, p. 54).' More.\n\n' A footnote body.\n\n\n\nnext page.\n\nReferences\n\nHill, R. (2013). A book. Press.\n",
    "Smith, J., & Jones, K. (2001). A title. Journal of Things, 3(2), 45-67. https://doi.org/10.1/x",
    "@string{j = {J}}\n@article{a, author = {M{\\\"u}ller, Anna}, title = {T}, journal = j, year = 2001}\n",
    "@article{a, crossref = {a}}\n@book{b, crossref = {c}}\n@book{c, crossref = {b}}",
    "\\section{A}\nText \\citep[see][p.~4]{a,b,c} and \\footnote{x \\cite[ \\footnote{\\'{e}",
    "\\input{../x/self}\\begin{equation}\\end{document}\\cite{k0,,k1 , }",
    "# H\n\nClaim [@a; @b, p. 3] and @c [p. 4].[^1]\n\n[^1]: Note [ [ (Smith, 2001).\n",
    "<w:p><w:r><w:t>Claim (Smith, 2001).</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>",
    "Smith (1900a, 1901b, 1902c) and (Lorenzi--Cioldi, 2001; $5, 2002) \u{202e} \x07\n\nReferences\n\nSmith, J. (1900a). T. J.\n",
];

#[test]
fn fixed_inputs() {
    for input in INPUTS {
        for (_, f) in citegraph_fuzz::TARGETS {
            f(input.as_bytes());
        }
    }
}

#[test]
fn pseudo_random_inputs() {
    let mut state = 7u64;
    let alphabet = b"(); .,:\n\x0c'\"*?0123456789 SmithJones et al.andnpd@{}=#\\";
    for len in [1usize, 7, 64, 512, 4096] {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            for (_, f) in citegraph_fuzz::TARGETS {
                f(&bytes);
            }
        }
    }
}

/// Inputs that once crashed a target (`fuzz/regressions/`, found by the smoke runner).
#[test]
fn regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/regressions");
    let mut files: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let data = std::fs::read(&path).expect("read regression input");
        for (name, f) in citegraph_fuzz::TARGETS {
            let r = std::panic::catch_unwind(|| f(&data));
            assert!(r.is_ok(), "{name} panics on {}", path.display());
        }
    }
}
