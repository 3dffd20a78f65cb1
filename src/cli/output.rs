//! Output files that never destroy anything.
//!
//! Why this module exists: `-o` used to truncate its target before the run had produced
//! anything, so `extract a.txt -o a.txt` replaced the document with empty JSON,
//! `bib p.txt --bib lib.bib -o lib.bib` replaced the user's library, and a run that failed
//! (a missing input) left an empty file where the previous result had been. So:
//!
//! * [`create`] refuses an output that *is* one of the inputs — the same path after
//!   canonicalisation, a symbolic link to it, or a hard link (the same device and inode) —
//!   before anything is read or written (exit 2).
//! * Output goes to a temporary file in the target's folder (so the final rename stays on
//!   one file system and is atomic) and replaces the target only in [`Output::commit`],
//!   once everything was written and flushed. An [`Output`] dropped without commit — an
//!   error, an early return — deletes its temporary file and leaves the old target as it
//!   was. A symbolic link as target keeps pointing where it did: the file it points to is
//!   replaced. The permissions of a replaced file are kept.
//! * A bibliography a document names (`\bibliography{refs}`, `bibliography:` front matter)
//!   is known only once the document was read: [`Output::refuse_read`] refuses it then, still
//!   before anything is replaced. (Files a LaTeX document `\input`s are not checked.)
//! * Targets that are not regular files (`/dev/null`, `/dev/full`, a FIFO) cannot be
//!   renamed over, and are written in place.
//! * Every write error names the file (`cannot write /dev/full: No space left on device`).

use super::common::CliError;
use citegraph::{Error, ErrorKind};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where an [`Output`] writes.
enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A temporary file renamed over `target` on commit.
    Temp { file: BufWriter<File>, temp: PathBuf, target: PathBuf },
    /// A target that is not a regular file, written in place.
    Direct(BufWriter<File>),
}

/// The output of a command: standard output or a file replaced only when complete.
pub struct Output {
    sink: Sink,
    /// The name shown in messages.
    shown: String,
    committed: bool,
}

/// Opens the output for `path` (`None` or `-`: standard output). `inputs` are the files the
/// command reads (documents after folders are walked, `--bib` databases); an output that
/// resolves to any of them is refused with a usage error.
pub fn create(path: Option<&str>, inputs: &[&str]) -> Result<Output, CliError> {
    let p = match path {
        None | Some("-") => {
            return Ok(Output {
                sink: Sink::Stdout(BufWriter::new(io::stdout().lock())),
                shown: "standard output".into(),
                committed: false,
            });
        }
        Some(p) => p,
    };
    if let Some(input) = same_as_input(p, inputs) {
        return Err(usage(
            p,
            format!("the output file is the input `{input}`; refusing to overwrite it (choose another -o path)"),
        ));
    }
    let target = Path::new(p);
    // Resolve a symbolic link, so the link stays and the file it points to is replaced.
    let resolved = match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf()),
        _ => target.to_path_buf(),
    };
    match std::fs::metadata(&resolved) {
        Ok(m) if m.is_dir() => return Err(io_error(p, "cannot write output: it is a folder")),
        Ok(m) if !m.is_file() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&resolved)
                .map_err(|e| Error::io(Some(p), "cannot open output file", e))?;
            return Ok(Output { sink: Sink::Direct(BufWriter::new(file)), shown: p.to_string(), committed: false });
        }
        _ => {}
    }
    let dir = match resolved.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = resolved.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let mut attempt = 0;
    let (file, temp) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.citegraph-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => break (f, temp),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(Error::io(Some(p), "cannot create output file", e).into()),
        }
    };
    if let Ok(m) = std::fs::metadata(&resolved) {
        // Keep the permissions of the file being replaced; failing that is harmless.
        let _ = file.set_permissions(m.permissions());
    }
    Ok(Output {
        sink: Sink::Temp { file: BufWriter::new(file), temp, target: resolved },
        shown: p.to_string(),
        committed: false,
    })
}

impl Output {
    /// Refuses, before anything is replaced, an output that turned out to be a file the run
    /// read: a bibliography a document names (`\bibliography{refs}`, `bibliography:` front
    /// matter) is only known once the document was read. Call before [`Output::commit`].
    pub fn refuse_read(&self, read: &[&str]) -> Result<(), CliError> {
        let target = match &self.sink {
            Sink::Temp { target, .. } => target,
            _ => return Ok(()),
        };
        let t = target.to_string_lossy();
        match same_as_input(&t, read) {
            Some(input) => Err(usage(
                &self.shown,
                format!(
                    "the output file is `{input}`, which the documents read; refusing to overwrite it (choose another -o path)"
                ),
            )),
            None => Ok(()),
        }
    }

    /// Flushes everything and, for a file, moves it into place. Without this call the
    /// target is left untouched.
    pub fn commit(mut self) -> Result<(), CliError> {
        let shown = self.shown.clone();
        let named = |e: io::Error| named_io(&shown, e);
        match &mut self.sink {
            Sink::Stdout(w) => w.flush().map_err(|e| CliError::from(named(e)))?,
            Sink::Direct(w) => {
                w.flush().map_err(|e| CliError::from(named(e)))?;
                w.get_ref().sync_all().or_else(ignore_unsupported).map_err(|e| CliError::from(named(e)))?;
            }
            Sink::Temp { file, temp, target } => {
                file.flush().map_err(|e| CliError::from(named(e)))?;
                file.get_ref().sync_all().map_err(|e| CliError::from(named(e)))?;
                std::fs::rename(&*temp, &*target)
                    .map_err(|e| Error::io(Some(&shown), "cannot move the finished output into place", e))?;
            }
        }
        self.committed = true;
        Ok(())
    }
}

/// `fsync` on a device such as `/dev/null` may be refused; that loses nothing.
fn ignore_unsupported(e: io::Error) -> io::Result<()> {
    if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) { Ok(()) } else { Err(e) }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.write(buf),
            Sink::Temp { file, .. } => file.write(buf),
            Sink::Direct(w) => w.write(buf),
        };
        r.map_err(|e| named_io(&self.shown, e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::Temp { file, .. } => file.write_all(buf),
            Sink::Direct(w) => w.write_all(buf),
        };
        r.map_err(|e| named_io(&self.shown, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = match &mut self.sink {
            Sink::Stdout(w) => w.flush(),
            Sink::Temp { file, .. } => file.flush(),
            Sink::Direct(w) => w.flush(),
        };
        r.map_err(|e| named_io(&self.shown, e))
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Sink::Temp { temp, .. } = &self.sink
            && !self.committed
        {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// The input `path` resolves to, if any: the same canonical path or the same file (device
/// and inode, which also catches hard links).
fn same_as_input<'a>(path: &str, inputs: &[&'a str]) -> Option<&'a str> {
    let out_meta = std::fs::metadata(path).ok();
    let out_canon = canonical_target(Path::new(path));
    inputs.iter().copied().filter(|i| *i != "-").find(|input| {
        if let (Some(a), Ok(b)) = (&out_meta, std::fs::metadata(input))
            && same_file(a, &b)
        {
            return true;
        }
        match (&out_canon, std::fs::canonicalize(input)) {
            (Some(a), Ok(b)) => *a == b,
            _ => false,
        }
    })
}

/// The canonical form of a path that may not exist yet: its folder canonicalised, then its name.
fn canonical_target(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// An I/O error whose message names the file, keeping its kind (a broken pipe stays one).
fn named_io(shown: &str, e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return e;
    }
    io::Error::new(e.kind(), format!("cannot write {shown}: {e}"))
}

fn io_error(path: &str, message: impl Into<String>) -> CliError {
    CliError::Fatal(Error::new(ErrorKind::Io, Some(path), message))
}

fn usage(path: &str, message: impl Into<String>) -> CliError {
    CliError::usage(Some(path), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("citegraph-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn uncommitted_output_leaves_the_old_file() {
        let dir = scratch("uncommitted");
        let target = dir.join("out.json");
        std::fs::write(&target, "old").expect("write");
        let t = target.to_str().expect("utf-8 path");
        {
            let mut out = create(Some(t), &[]).unwrap_or_else(|_| panic!("create"));
            out.write_all(b"new").expect("write");
        }
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 1, "the temporary file is gone");
        let mut out = create(Some(t), &[]).unwrap_or_else(|_| panic!("create"));
        out.write_all(b"new").expect("write");
        assert!(out.commit().is_ok());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn inputs_are_recognised_through_links() {
        let dir = scratch("links");
        let input = dir.join("a.txt");
        std::fs::write(&input, "text").expect("write");
        let i = input.to_str().expect("utf-8 path");
        let hard = dir.join("hard.txt");
        std::fs::hard_link(&input, &hard).expect("hard link");
        let dotted = dir.join(".").join("a.txt");
        for p in [&input, &hard, &dotted] {
            assert_eq!(same_as_input(p.to_str().expect("utf-8"), &[i]), Some(i), "{}", p.display());
        }
        #[cfg(unix)]
        {
            let soft = dir.join("soft.txt");
            std::os::unix::fs::symlink(&input, &soft).expect("symlink");
            assert_eq!(same_as_input(soft.to_str().expect("utf-8"), &[i]), Some(i));
        }
        assert_eq!(same_as_input(dir.join("new.json").to_str().expect("utf-8"), &[i]), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
