//! Load: bytes from a file or standard input into a [`Source`].
//!
//! Offsets must survive loading unchanged, so invalid UTF-8 bytes are replaced one for one
//! by the ASCII SUB control character (0x1A) instead of the three-byte U+FFFD, and a BOM is
//! kept in the text (later stages treat it as whitespace).

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, ErrorKind, Result};
use crate::source::{Source, Span};
use std::io::Read;
use std::path::Path;

/// Byte that stands in for each invalid UTF-8 byte, keeping offsets exact.
pub const REPLACEMENT_BYTE: u8 = 0x1A;

/// Reads `path` (or standard input for `-`) as text: UTF-8, or UTF-16 when it opens with a
/// byte-order mark (converted to UTF-8, with an info diagnostic); a NUL byte refuses it as
/// binary, and bytes that are not UTF-8 are replaced one for one by 0x1A so that offsets
/// stay exact, with one diagnostic.
pub fn load_path(path: &str) -> Result<(Source, Vec<Diagnostic>)> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(Some(path), "cannot read standard input", e))?;
        buf
    } else {
        read_file(Path::new(path))?
    };
    decode(path, bytes)
}

/// How long [`read_file`] waits for a program to open the other end of a FIFO.
pub const FIFO_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Checks, without opening it, that `path` names something to read: it exists, is not a
/// folder and not a socket. Regular files, FIFOs and character devices pass.
pub fn check_readable(path: &Path) -> Result<std::fs::Metadata> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(Some(&shown), "cannot read file", e))?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::Io, Some(&shown), "cannot read file: it is a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_socket() {
            return Err(Error::new(ErrorKind::Io, Some(&shown), "cannot read file: it is a socket"));
        }
    }
    Ok(meta)
}

/// Reads a whole file. A FIFO (a named pipe, `<(command)`, `/dev/stdin` on a pipe) is opened
/// on a helper thread: opening blocks until a writer appears, so when none does within
/// [`FIFO_WAIT`] the read fails with a message instead of hanging for ever.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let meta = check_readable(path)?;
    let cannot = |e: std::io::Error| Error::io(Some(&shown), "cannot read file", e);
    if meta.is_file() {
        return std::fs::read(path).map_err(cannot);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::File::open(owned));
    });
    let mut file = match rx.recv_timeout(FIFO_WAIT) {
        Ok(f) => f.map_err(cannot)?,
        Err(_) => {
            return Err(Error::new(
                ErrorKind::Io,
                Some(&shown),
                format!(
                    "cannot read file: it is a pipe (FIFO) and nothing opened it for writing within {} s",
                    FIFO_WAIT.as_secs()
                ),
            ));
        }
    };
    let mut buf = Vec::new();
    file.read_to_end(&mut buf).map_err(cannot)?;
    Ok(buf)
}

/// Refuses anything but a regular file (or `-`): for formats read by seeking (Word's zip)
/// or by another program (`pdftotext`), or that follow `\input` from their folder.
pub fn require_regular(path: &str) -> Result<()> {
    if path == "-" {
        return Ok(());
    }
    let meta = check_readable(Path::new(path))?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::Io,
            Some(path),
            "cannot read file: not a regular file (a pipe or device); save it to a file first",
        ));
    }
    Ok(())
}

/// Decodes bytes as UTF-8. NUL bytes mean binary input and are refused; invalid sequences
/// are replaced byte for byte with [`REPLACEMENT_BYTE`] and reported once with the offset of
/// the first and the count.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<(Source, Vec<Diagnostic>)> {
    if let Some(decoded) = decode_utf16(path, &bytes) {
        return Ok(decoded);
    }
    if let Some(pos) = memchr::memchr(0, &bytes) {
        return Err(Error::new(
            ErrorKind::Binary,
            Some(path),
            format!("binary input (NUL byte at offset {pos}); citegraph reads plain text"),
        ));
    }
    let mut diags = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let mut bytes = e.into_bytes();
            let mut first = None;
            let mut count = 0usize;
            let mut i = 0;
            while i < bytes.len() {
                match std::str::from_utf8(&bytes[i..]) {
                    Ok(_) => break,
                    Err(err) => {
                        let bad_at = i + err.valid_up_to();
                        let bad_len = err.error_len().unwrap_or(bytes.len() - bad_at);
                        for b in &mut bytes[bad_at..bad_at + bad_len] {
                            *b = REPLACEMENT_BYTE;
                        }
                        first.get_or_insert(bad_at);
                        count += bad_len;
                        i = bad_at + bad_len;
                    }
                }
            }
            let at = first.unwrap_or(0);
            diags.push(
                Diagnostic::warning(
                    Code::InvalidUtf8,
                    format!("{count} byte(s) of invalid UTF-8, the first at byte offset {at}; replaced so the rest can be read"),
                )
                .with_span(Span::new(at, at + 1))
                .with_suggestion("re-save the file as UTF-8"),
            );
            // Every invalid byte is now ASCII, so this cannot fail; fall back to lossy just in case.
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    };
    let source = Source::new(path, text);
    for d in &mut diags {
        d.locate(&source);
    }
    Ok((source, diags))
}

/// A file that opens with a UTF-16 byte order mark (what Windows Notepad calls "Unicode")
/// is decoded to UTF-8; spans and lines then refer to that UTF-8 text, which an info
/// diagnostic says. Unpaired surrogates become U+FFFD.
fn decode_utf16(path: &str, bytes: &[u8]) -> Option<(Source, Vec<Diagnostic>)> {
    let (little, name) = match bytes {
        [0xFF, 0xFE, ..] => (true, "UTF-16LE"),
        [0xFE, 0xFF, ..] => (false, "UTF-16BE"),
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|p| match (p, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let text: String = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    let source = Source::new(path, text);
    let mut d = Diagnostic::info(
        Code::Utf16Input,
        format!("the file is {name}; it was decoded to UTF-8, and spans are byte offsets of that UTF-8 text"),
    )
    .with_suggestion("save the file as UTF-8 for spans that are offsets of the file itself");
    d.locate(&source);
    Some((source, vec![d]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "Marshes (Okafor, 2019) é.\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for bytes in [le, be] {
            let (src, diags) = decode("x.txt", bytes).unwrap();
            assert_eq!(src.text, text);
            assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::Utf16Input]);
        }
    }

    #[test]
    fn refuses_binary() {
        let err = decode("x.bin", b"ab\0cd".to_vec()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Binary);
        assert!(err.to_string().contains("offset 2"));
    }

    #[test]
    fn invalid_utf8_keeps_offsets() {
        let (src, diags) = decode("x", b"ab\xff\xfecd\n\xe9".to_vec()).unwrap();
        assert_eq!(src.text.len(), 8);
        assert_eq!(&src.text[4..6], "cd");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::InvalidUtf8);
        assert!(diags[0].message.contains("offset 2"));
        assert_eq!(diags[0].line, Some(1));
    }

    #[test]
    fn bom_is_kept() {
        let (src, diags) = decode("x", "\u{feff}Hi".as_bytes().to_vec()).unwrap();
        assert!(diags.is_empty());
        assert_eq!(src.text.len(), 5);
    }
}
