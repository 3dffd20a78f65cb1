//! Expanding folders into the documents they hold.
//!
//! A folder is walked recursively with the `ignore` crate, so `.gitignore`, `.ignore` and
//! hidden files are respected the way `git` and `ripgrep` do (also outside a git
//! repository). Only files with an extension citegraph reads are taken (`.txt`, `.md`,
//! `.tex`, `.docx`, `.pdf`, ...); files named explicitly are always taken. A `.tex` file
//! found in a folder without `\documentclass` is a fragment another file `\input`s, and is
//! left to that file. The order is sorted by path, so output is deterministic whatever
//! the parallelism.

use super::Format;
use crate::error::{Error, ErrorKind};

/// Expands every argument that is a folder into its documents; other arguments (files, `-`)
/// are kept as they are. Unreadable folder entries are returned as errors beside the paths.
pub fn expand(args: &[String]) -> (Vec<String>, Vec<Error>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for a in args {
        if a != "-" && std::path::Path::new(a).is_dir() {
            let mut found = Vec::new();
            let walker = ignore::WalkBuilder::new(a).require_git(false).follow_links(false).build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        if !e.file_type().is_some_and(|t| t.is_file()) {
                            continue;
                        }
                        let p = e.path();
                        match p.extension().and_then(|x| x.to_str()).and_then(Format::from_extension) {
                            Some(Format::Latex) if !is_main_tex(p) => {}
                            Some(_) => found.push(p.display().to_string()),
                            None => {}
                        }
                    }
                    Err(e) => errors.push(Error::caused(ErrorKind::Io, Some(a), "cannot walk folder", e)),
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    (out, errors)
}

/// True when a LaTeX file declares a document class in its first 64 KiB.
fn is_main_tex(p: &std::path::Path) -> bool {
    use std::io::Read;
    let mut buf = Vec::new();
    let ok = std::fs::File::open(p).and_then(|f| f.take(64 << 10).read_to_end(&mut buf)).is_ok();
    !ok || memchr::memmem::find(&buf, b"\\documentclass").is_some()
}
