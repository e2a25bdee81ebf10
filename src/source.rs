//! Source files and positions.
//!
//! Every later stage passes byte spans forward, never copies of text; reporters
//! come back here to turn a span into `line:col` and to draw the offending line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// A half-open byte range `[start, end)` into one source file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }
}

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One page as read from disk.
///
/// `text` is the file decoded as UTF-8; a file that is not valid UTF-8 is decoded
/// lossily (its newlines survive, so line numbers stay true) and the extractor
/// reports it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as found below a directory they named).
    pub path: PathBuf,
    /// The page's path relative to the root it was found under, with `/`
    /// separators and without extension: the first half of every `ExampleId`.
    pub page: String,
    pub text: String,
    /// Byte offset where the first invalid UTF-8 sequence was, if any.
    pub invalid_utf8_at: Option<usize>,
    /// Offsets of line starts, as `u32`: a page is at most [`INPUT_LIMIT`]
    /// (256 MiB) long, and over the shared corpus the table held 10 MB as `usize`.
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A lone CR (not before an LF) is a line ending in CommonMark (old
    /// Mac files): it is read as an LF, byte for byte, so that offsets and
    /// spans are those of the file.
    pub fn new(path: PathBuf, page: String, mut bytes: Vec<u8>) -> Self {
        lone_cr_to_lf(&mut bytes);
        let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(err.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        let line_starts = line_starts(&text);
        SourceFile {
            path,
            page,
            text,
            invalid_utf8_at,
            line_starts,
        }
    }

    /// A page made from text in memory (tests, stdin).
    pub fn from_text(page: &str, text: &str) -> Self {
        Self::new(
            PathBuf::from(page),
            page.to_string(),
            text.as_bytes().to_vec(),
        )
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&as_u32(offset)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        LineCol {
            line: line + 1,
            col,
        }
    }

    /// The full text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let start = start as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    let mut starts = Vec::with_capacity(text.len() / 40 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| as_u32(i + 1)));
    starts
}

/// An offset into a page as `u32`; pages longer than `u32::MAX` bytes are
/// refused when read ([`INPUT_LIMIT`]), so the saturation never happens for
/// a page that was read.
fn as_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The family of a page, for charts and groups per family: the resource a page is
/// about, read from its file name (`v1.0/api/user-list-messages.md` →
/// `user`; generated Intune pages by their area, `intune-apps-...` →
/// `intune-apps`). Works on paths and on example ids (`...#name`).
pub fn page_family(path: &str) -> String {
    let path = path.split('#').next().unwrap_or(path);
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name).to_lowercase();
    let mut tokens = stem.split('-').filter(|t| !t.is_empty());
    match (tokens.next(), tokens.next()) {
        (Some("intune"), Some(area)) => format!("intune-{area}"),
        (Some(first), _) => first.to_string(),
        (None, _) => "(none)".to_string(),
    }
}

/// The page key of `path` below `root`: relative, `/`-separated, extension removed.
pub fn page_key(root: &Path, path: &Path) -> String {
    // Keyed from the API version folder when the path has one, whatever
    // paths were given (`serve docs/v1.0 docs/beta` and `serve docs` give
    // `v1.0/api/user-get` alike), so that example ids are stable.
    let names: Vec<&std::ffi::OsStr> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect();
    let from_version: Option<PathBuf> = names
        .iter()
        .rposition(|n| n.to_str().is_some_and(crate::graph::is_version))
        .filter(|at| at + 1 < names.len())
        .map(|at| names[at..].iter().collect());
    let rel = match &from_version {
        Some(rel) => rel.as_path(),
        None => path.strip_prefix(root).unwrap_or(path),
    };
    let rel = if rel.as_os_str().is_empty() {
        path.file_name().map(Path::new).unwrap_or(path)
    } else {
        rel
    };
    let mut key: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = key.last_mut()
        && let Some(dot) = last.rfind('.')
        && dot > 0
    {
        last.truncate(dot);
    }
    key.join("/")
}

/// Maps offsets of a block's content (container indentation removed) back to
/// offsets of the page: `(content offset, source offset)` pieces, ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentMap(pub Vec<(usize, usize)>);

impl ContentMap {
    /// Adds the piece that starts at `content` and `source`, unless it only
    /// continues the last one (the same shift between the two, as for every
    /// line of a fence outside a list or quote): such a piece maps nothing
    /// the last one does not, and a fence of a hundred lines keeps one piece,
    /// not a hundred.
    pub fn push(&mut self, content: usize, source: usize) {
        if let Some(&(c, s)) = self.0.last()
            && content >= c
            && source >= s
            && content - c == source - s
        {
            return;
        }
        self.0.push((content, source));
    }

    /// The page offset of `content_offset`.
    pub fn to_source(&self, content_offset: usize) -> usize {
        let idx = match self.0.binary_search_by_key(&content_offset, |p| p.0) {
            Ok(i) => i,
            Err(0) => return self.0.first().map_or(0, |p| p.1),
            Err(i) => i - 1,
        };
        let (c, s) = self.0[idx];
        s + (content_offset - c)
    }
}

/// Shared handle to a source file; pages are read once and shared by every stage.
pub type Source = Arc<SourceFile>;

/// A path as the user would write it in messages: relative to the current
/// folder when it is below it (configuration makes `--metadata` paths
/// absolute), else as it is.
pub fn shown_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The most [`read_input`] reads: 256 MiB.
pub const INPUT_LIMIT: u64 = 256 << 20;

/// Reads a file the user named as input (a page, `--config`, `--metadata`,
/// a permissions file): a regular file of at most `limit` bytes. A device
/// (`/dev/zero`), a FIFO or a directory is an error, not an endless read
/// (nor a wait for a FIFO's writer: the type is looked at before opening);
/// so is a file that is (or grows) larger than `limit`.
pub fn read_input(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    read_listed_file(path, limit)
}

/// [`read_input`] for a path a directory listing gave as a regular file
/// (not a link): its type was looked at by the listing, so it is opened
/// without a `stat` first (over a corpus of small pages that `stat` is a
/// measurable share of reading). The opened file's type and size are still
/// checked, in case it changed since.
pub fn read_listed_file(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    let too_large = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("larger than the limit of {} MiB", limit >> 20),
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

fn not_regular() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "not a regular file (a device, FIFO or directory is not read)",
    )
}

/// Every CR not followed by an LF becomes an LF (same length: offsets hold).
fn lone_cr_to_lf(bytes: &mut [u8]) {
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'\r', &bytes[from..]) {
        let at = from + p;
        if bytes.get(at + 1) != Some(&b'\n') {
            bytes[at] = b'\n';
        }
        from = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collinear pieces are not kept, and every offset maps as with them.
    #[test]
    fn a_piece_that_continues_the_last_is_not_kept() {
        let pieces = [(0, 10), (5, 15), (9, 19), (9, 23), (14, 28), (20, 40)];
        let mut kept = ContentMap::default();
        for (c, s) in pieces {
            kept.push(c, s);
        }
        assert_eq!(kept.0, [(0, 10), (9, 23), (20, 40)]);
        let all = ContentMap(pieces.to_vec());
        for offset in 0..30 {
            assert_eq!(kept.to_source(offset), all.to_source(offset), "{offset}");
        }
    }

    #[test]
    fn page_families_come_from_file_names() {
        assert_eq!(page_family("docs/v1.0/api/user-list-messages.md"), "user");
        assert_eq!(
            page_family("beta/api/intune-apps-mobileapp-get.md"),
            "intune-apps"
        );
        assert_eq!(page_family("v1.0/api/widget-get#get_widget"), "widget");
        assert_eq!(page_family("C:\\d\\beta\\resources\\Group.md"), "group");
        assert_eq!(page_family(""), "(none)");
    }

    #[test]
    fn inputs_are_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_input(dir.path(), INPUT_LIMIT).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = read_input(Path::new("/dev/zero"), INPUT_LIMIT).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let f = dir.path().join("f");
        std::fs::write(&f, b"12345").unwrap();
        assert_eq!(read_input(&f, 5).unwrap(), b"12345");
        let e = read_input(&f, 4).unwrap_err();
        assert!(e.to_string().contains("larger than the limit"), "{e}");
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::from_text("p", "ab\ncé d\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, col: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, col: 1 });
        // "é" is two bytes: offset 6 is the space after it, the third character.
        assert_eq!(f.line_col(6), LineCol { line: 2, col: 3 });
        assert_eq!(f.line_text(2), "cé d");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_remembered() {
        let f = SourceFile::new("x.md".into(), "x".into(), b"ok\n\xff\xfe\nend".to_vec());
        assert_eq!(f.invalid_utf8_at, Some(3));
        assert_eq!(f.line_text(3), "end");
    }

    #[test]
    fn page_key_is_relative_without_extension() {
        let root = Path::new("/docs");
        assert_eq!(
            page_key(root, Path::new("/docs/v1.0/api/user-get.md")),
            "v1.0/api/user-get"
        );
        assert_eq!(
            page_key(Path::new("/s/000.txt"), Path::new("/s/000.txt")),
            "000"
        );
        // From the version folder, whatever the root given.
        for root in [
            "/docs/v1.0",
            "/docs/v1.0/api",
            "/",
            "/docs/v1.0/api/user-get.md",
        ] {
            assert_eq!(
                page_key(Path::new(root), Path::new("/docs/v1.0/api/user-get.md")),
                "v1.0/api/user-get",
                "{root}"
            );
        }
        assert_eq!(
            page_key(
                Path::new("c"),
                Path::new("c/graph-docs/beta/resources/x.md")
            ),
            "beta/resources/x"
        );
    }
}
