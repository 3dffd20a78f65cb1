//! The original input and positions in it.
//!
//! Every later stage reports positions as byte spans into [`Source::text`], which is the
//! input exactly as read (after lossy UTF-8 repair, which keeps byte offsets of valid input).
//! Keeping one coordinate system is what lets a citation found in de-hyphenated, joined text
//! still point at the right bytes of the file.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open byte range `[start, end)` into the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span; `end` is clamped so it is never before `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// Reads the `[start, end]` pair [`Serialize`] writes (a document read back from its JSON).
impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        Ok(Span::new(start, end))
    }
}

/// A loaded document: its path as given, its text, and where each line starts.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    /// The full text.
    pub text: String,
    /// Byte offset of the start of every line; `line_starts[0] == 0`.
    pub line_starts: Vec<usize>,
}

impl Source {
    /// Wraps a text, computing line starts.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source { path: path.into(), text, line_starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The 1-based column (in characters) of byte `offset` on its line.
    pub fn column_of(&self, offset: usize) -> usize {
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let end = offset.min(self.text.len());
        self.text.get(start..end).map(|s| s.chars().count()).unwrap_or(0) + 1
    }

    /// The byte span of 1-based `line`, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(self.text.len());
        let mut end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let b = self.text.as_bytes();
        while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a span (empty when the span is out of range or splits a character).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = Source::new("x", "ab\ncé\n\nd".to_string());
        assert_eq!(s.line_of(0), 1);
        assert_eq!(s.line_of(2), 1);
        assert_eq!(s.line_of(3), 2);
        assert_eq!(s.line_of(8), 4);
        assert_eq!(s.column_of(6), 3);
        assert_eq!(s.slice(s.line_span(2)), "cé");
        assert_eq!(s.line_count(), 4);
    }
}

/// Half-open byte ranges sorted by start, with the furthest end reached so far, so that an
/// overlap test is a binary search: a range overlaps one of those starting before its end
/// exactly when the furthest of their ends passes its start.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    ranges: Vec<(usize, usize)>,
    furthest: Vec<usize>,
}

impl Coverage {
    /// Indexes `ranges` (`(start, end)`, end exclusive).
    pub fn new(mut ranges: Vec<(usize, usize)>) -> Coverage {
        ranges.sort_unstable();
        let mut far = 0;
        let furthest = ranges
            .iter()
            .map(|&(_, e)| {
                far = far.max(e);
                far
            })
            .collect();
        Coverage { ranges, furthest }
    }

    /// Does `[start, end)` overlap any range?
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let n = self.ranges.partition_point(|&(s, _)| s < end);
        n > 0 && self.furthest[n - 1] > start
    }

    /// Does `line` overlap any range? An empty line counts as one byte wide.
    pub fn covers(&self, line: Span) -> bool {
        self.overlaps(line.start, line.end.max(line.start + 1))
    }
}

#[cfg(test)]
mod coverage_tests {
    use super::*;

    #[test]
    fn overlap_is_found_behind_a_long_earlier_range() {
        // The long range starts first and ends last: the short ones after it do not hide it.
        let c = Coverage::new(vec![(40, 50), (0, 100), (10, 12)]);
        assert!(c.overlaps(60, 70));
        assert!(c.overlaps(11, 11 + 1));
        assert!(!c.overlaps(100, 120));
        assert!(!Coverage::new(vec![(5, 8)]).overlaps(0, 5));
        assert!(Coverage::new(vec![(5, 8)]).covers(Span::new(7, 7)));
        assert!(!Coverage::default().overlaps(0, 10));
    }
}
