//! Finds what the slow tests need, so that a test which cannot run shows as ignored.
//!
//! Some tests read the shared corpus (`../shared`, next to the checkout) and some run
//! external programs (biber, LaTeX, Graphviz, a browser, pandoc, poppler, Python). This
//! script looks for each and sets a `cfg` per thing found (`has_shared`, `has_biber`, ...);
//! the tests carry `#[cfg_attr(not(has_biber), ignore = "...")]`, so `cargo test` on a
//! machine without them lists them as ignored, not as passed. It only looks at the file
//! system (no program is started), so it costs nothing when the library is built as a
//! dependency, and it never fails unless asked to:
//!
//! - `CITEGRAPH_REQUIRE_SHARED=1`: a missing shared corpus is a build error;
//! - `CITEGRAPH_REQUIRE_TOOLS=1`: a missing program is a build error;
//! - `CITEGRAPH_SHARED=DIR`: the shared directory to use instead of `../shared` (a path that
//!   does not exist hides it, to see what is ignored without it).
//!
//! CI sets both `REQUIRE` variables, so nothing is skipped there. The tests find the
//! directory through `env!("CITEGRAPH_SHARED_DIR")`, which this script sets.

use std::env;
use std::path::{Path, PathBuf};

/// The `cfg` name and the program names that provide it (the first one found counts).
const TOOLS: &[(&str, &[&str])] = &[
    ("has_biber", &["biber"]),
    ("has_latexmk", &["latexmk"]),
    ("has_pdflatex", &["pdflatex"]),
    ("has_pdftotext", &["pdftotext"]),
    ("has_dot", &["dot"]),
    ("has_pandoc", &["pandoc"]),
    ("has_python3", &["python3"]),
    ("has_chromium", &["chromium", "chromium-browser", "google-chrome"]),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in ["CITEGRAPH_REQUIRE_SHARED", "CITEGRAPH_REQUIRE_TOOLS", "CITEGRAPH_SHARED", "PATH"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rustc-check-cfg=cfg(has_shared)");
    for (cfg, _) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }

    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shared = match env::var_os("CITEGRAPH_SHARED") {
        Some(dir) if !dir.is_empty() => manifest.join(dir),
        _ => manifest.join("../shared"),
    };
    println!("cargo::rustc-env=CITEGRAPH_SHARED_DIR={}", shared.display());
    let mut missing = Vec::new();
    if shared.join("corpus").is_dir() {
        println!("cargo::rustc-cfg=has_shared");
        // A file added to or removed from the corpus reruns this script (about a thousand
        // files: a cheap walk). A corpus that appears later needs `touch build.rs`.
        println!("cargo::rerun-if-changed={}", shared.display());
    } else if required("CITEGRAPH_REQUIRE_SHARED") {
        missing.push(format!("the shared corpus ({}/corpus), CITEGRAPH_REQUIRE_SHARED=1", shared.display()));
    }

    let path = env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = env::split_paths(&path).collect();
    for (cfg, programs) in TOOLS {
        if programs.iter().any(|p| dirs.iter().any(|d| executable(&d.join(p)))) {
            println!("cargo::rustc-cfg={cfg}");
        } else if required("CITEGRAPH_REQUIRE_TOOLS") {
            missing.push(format!("`{}` on PATH, CITEGRAPH_REQUIRE_TOOLS=1", programs.join("` or `")));
        }
    }
    // Each `cargo::error` is shown, and fails the build once this script ends.
    for m in &missing {
        println!("cargo::error=missing {m}");
    }
}

fn required(var: &str) -> bool {
    env::var(var).is_ok_and(|v| v == "1")
}

#[cfg(unix)]
fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(p: &Path) -> bool {
    p.is_file() || p.with_extension("exe").is_file()
}
