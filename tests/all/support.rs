//! Helpers shared by the test modules that write files and run LaTeX.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh temporary folder for one test: `citegraph-MODULE-PID-NAME` (emptied first).
pub(crate) fn tempdir(module: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("citegraph-{module}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Runs `latexmk -pdf` on `doc.tex` in `dir`, stopping at the first error.
pub(crate) fn latexmk(dir: &Path) -> Output {
    Command::new("latexmk")
        .args(["-pdf", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"])
        .current_dir(dir)
        .output()
        .expect("latexmk")
}
