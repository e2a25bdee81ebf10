//! Loading pages from paths and extracting them, in parallel.
//!
//! Every page is read once and parsed once; the resulting [`Suite`] is the one
//! shared model that check, replay, serve and drift read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::contract::{Example, Page, extract_page};
use crate::outcome::Finding;
use crate::source::{INPUT_LIMIT, SourceFile, page_key, read_input, read_listed_file};

/// A run-stopping problem with the inputs (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: directory holds no markdown (*.md) files")]
    NoMarkdown { path: PathBuf },
    #[error("no input paths given")]
    NoInput,
}

/// Every page of a run.
#[derive(Debug, Default)]
pub struct Suite {
    pub pages: Vec<Page>,
}

impl Suite {
    pub fn examples(&self) -> impl Iterator<Item = (&Page, &Example)> {
        self.pages
            .iter()
            .flat_map(|p| p.examples.iter().map(move |e| (p, e)))
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.pages.iter().flat_map(|p| p.findings.iter())
    }
}

/// A page file and the key it is known by.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub page: String,
    /// A directory listing gave the path as a regular file (not a link), so
    /// it is read without looking at its type first
    /// ([`read_listed_file`](crate::source::read_listed_file)).
    pub listed_file: bool,
}

/// The API version folders of `inputs` (`None` for a page outside one).
pub fn version_folders(inputs: &[Input]) -> std::collections::BTreeSet<Option<String>> {
    inputs
        .iter()
        .map(|i| crate::contract::folder_version(&i.page).map(str::to_string))
        .collect()
}

/// Finds the pages named by `paths`: directories are walked for `*.md`
/// (sorted, hidden entries skipped, symbolic links to directories not
/// followed); a file named explicitly is read whatever its extension.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, LoadError> {
    if paths.is_empty() {
        return Err(LoadError::NoInput);
    }
    // The roots are walked at the same time, as are the subdirectories of
    // each directory (see `walk`), and the first error in input order wins.
    let found: Vec<Result<Vec<Input>, LoadError>> = paths.par_iter().map(root_inputs).collect();
    let mut inputs = Vec::new();
    for root in found {
        inputs.extend(root?);
    }
    // Keys must be unique within a run: fall back to the full path on a clash.
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for i in &inputs {
        *seen.entry(i.page.clone()).or_default() += 1;
    }
    for i in &mut inputs {
        if seen[&i.page] > 1 {
            i.page = page_key(Path::new(""), &i.path);
        }
    }
    Ok(inputs)
}

/// The pages a root path names: the pages below a directory, with their
/// keys, or the file itself.
fn root_inputs(root: &PathBuf) -> Result<Vec<Input>, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound { path: root.clone() },
        _ => LoadError::Io {
            path: root.clone(),
            source: e,
        },
    })?;
    if !meta.is_dir() {
        return Ok(vec![Input {
            page: page_key(root, root),
            path: root.clone(),
            listed_file: false,
        }]);
    }
    let files = walk(root)?;
    if files.is_empty() {
        return Err(LoadError::NoMarkdown { path: root.clone() });
    }
    Ok(files
        .into_par_iter()
        .map(|(f, listed_file)| Input {
            page: page_key(root, &f),
            path: f,
            listed_file,
        })
        .collect())
}

/// One entry of a directory, as [`walk`] sees it.
enum Entry {
    /// A page, and whether the listing saw a regular file (not a link).
    Page(PathBuf, bool),
    Dir(PathBuf),
    Error(std::io::Error),
}

/// The pages below `dir` in path order: each directory's entries are taken
/// sorted by name, a subdirectory's pages where its name falls, which is the
/// order of sorting the whole paths (a path compares component by component)
/// without comparing whole paths. The subdirectories are walked at the same
/// time; the first error in that order is the one returned. The flag says
/// the listing saw a regular file (not a link).
fn walk(dir: &Path) -> Result<Vec<(PathBuf, bool)>, LoadError> {
    let io = |e| LoadError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort_by_cached_key(std::fs::DirEntry::file_name);
    let entries: Vec<Entry> = entries
        .into_iter()
        .filter_map(|entry| {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                return None;
            }
            let ty = match entry.file_type() {
                Ok(ty) => ty,
                Err(e) => return Some(Entry::Error(e)),
            };
            let path = entry.path();
            if ty.is_dir() {
                Some(Entry::Dir(path))
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
                && !name.eq_ignore_ascii_case("NOTICE.md")
                && !name.eq_ignore_ascii_case("README.md")
            {
                Some(Entry::Page(path, ty.is_file()))
            } else {
                None
            }
        })
        .collect();
    let below: Vec<Result<Vec<(PathBuf, bool)>, LoadError>> = entries
        .par_iter()
        .filter_map(|e| match e {
            Entry::Dir(d) => Some(walk(d)),
            _ => None,
        })
        .collect();
    let mut below = below.into_iter();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        match entry {
            Entry::Page(path, listed_file) => out.push((path, listed_file)),
            Entry::Dir(_) => {
                if let Some(walked) = below.next() {
                    out.extend(walked?);
                }
            }
            Entry::Error(e) => return Err(io(e)),
        }
    }
    Ok(out)
}

/// Reads and extracts every input, in parallel, keeping input order. Pages
/// are read as every input is ([`read_input`]): regular files of at most
/// [`INPUT_LIMIT`] bytes, so a FIFO or `/dev/zero` named as a page is an
/// error naming it, not an endless read.
pub fn load(inputs: &[Input]) -> Result<Suite, LoadError> {
    let pages = inputs
        .par_iter()
        .map(load_one)
        .collect::<Result<Vec<Page>, LoadError>>()?;
    Ok(Suite { pages })
}

/// How many pages [`load_each`] has in flight at most: enough to keep every
/// thread busy between two hand-overs, few enough that memory stays that of
/// a few hundred pages whatever the size of the run.
const IN_FLIGHT: usize = 256;

/// Reads and extracts every input as [`load`] does, but hands each page to
/// `map` on the worker thread that extracted it and drops it there; `each`
/// then receives what `map` made of every page, one at a time and in input
/// order. A command that needs one page at a time (`extract`) streams its
/// output this way instead of holding every page.
///
/// The pages go by in batches of half [`IN_FLIGHT`]: while `each` receives
/// one batch, on a thread of the pool, the next is being extracted on the
/// others, so that the hand-over leaves no core waiting for it. The first
/// error stops the run after at most [`IN_FLIGHT`] pages beyond it; what
/// `each` received by then stays received.
pub fn load_each<T: Send>(
    inputs: &[Input],
    map: impl Fn(Page) -> T + Sync,
    mut each: impl FnMut(T) + Send,
) -> Result<(), LoadError> {
    let extract = |batch: &[Input]| -> Vec<Result<T, LoadError>> {
        batch
            .par_iter()
            .map(|input| load_one(input).map(&map))
            .collect()
    };
    let mut hand_over = |done: Vec<Result<T, LoadError>>| -> Result<(), LoadError> {
        for item in done {
            each(item?);
        }
        Ok(())
    };
    let mut extracted = Vec::new();
    for batch in inputs.chunks(IN_FLIGHT / 2) {
        let previous = std::mem::take(&mut extracted);
        let (handed, next) = rayon::join(|| hand_over(previous), || extract(batch));
        handed?;
        extracted = next;
    }
    hand_over(extracted)
}

fn load_one(input: &Input) -> Result<Page, LoadError> {
    let read = if input.listed_file {
        read_listed_file
    } else {
        read_input
    };
    let bytes = read(&input.path, INPUT_LIMIT).map_err(|e| LoadError::Io {
        path: input.path.clone(),
        source: e,
    })?;
    let source = Arc::new(SourceFile::new(
        input.path.clone(),
        input.page.clone(),
        bytes,
    ));
    Ok(extract_page(source))
}

/// [`discover`] then [`load`].
pub fn load_paths(paths: &[PathBuf]) -> Result<Suite, LoadError> {
    load(&discover(paths)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_error(path: &Path) -> String {
        match load_paths(&[path.to_path_buf()]) {
            Ok(_) => panic!("{} loaded", path.display()),
            Err(e) => e.to_string(),
        }
    }

    /// The walk lists pages in the order of their sorted paths, where a
    /// name that sorts before `/` (`a-b`, `a b`, `a.md`) meets a directory
    /// (`a/`).
    #[test]
    fn the_walk_lists_pages_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "a/c.md",
            "a/b/z.md",
            "a-b/x.md",
            "a b.md",
            "a.md",
            "B.md",
            "a/b.md",
            "ab/y.md",
            "a/b-c/q.md",
            "a/b.c/r.md",
            "_x.md",
            "é.md",
            "Z/a.md",
        ];
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "# page\n").unwrap();
        }
        let listed: Vec<PathBuf> = walk(dir.path())
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(listed.len(), files.len());
        assert_eq!(listed, sorted);
    }

    /// `load_each` hands every page over in input order, across many
    /// batches (each handed over while the next is extracted), and the
    /// first failing page in that order ends the run with its error, every
    /// page before it handed over and none after.
    #[test]
    fn pages_are_handed_over_in_order_up_to_the_first_error() {
        let dir = tempfile::tempdir().unwrap();
        let count = IN_FLIGHT * 2 + 7;
        for i in 0..count {
            let path = dir.path().join(format!("p{i:04}.md"));
            std::fs::write(&path, format!("# Page {i}\n")).unwrap();
        }
        let inputs = discover(&[dir.path().to_path_buf()]).unwrap();
        let mut seen = Vec::new();
        load_each(
            &inputs,
            |page| page.source.page.clone(),
            |key| seen.push(key),
        )
        .unwrap();
        let keys: Vec<String> = inputs.iter().map(|i| i.page.clone()).collect();
        assert_eq!(seen.len(), count);
        assert_eq!(seen, keys);

        // Two pages over the size limit: the first one in input order is
        // the error, whichever batch or thread meets it.
        let (first, second) = (IN_FLIGHT / 2 + 3, IN_FLIGHT + 40);
        for i in [second, first] {
            let f = std::fs::File::create(dir.path().join(format!("p{i:04}.md"))).unwrap();
            f.set_len(INPUT_LIMIT + 1).unwrap();
        }
        let mut seen = Vec::new();
        let e = load_each(
            &inputs,
            |page| page.source.page.clone(),
            |key| seen.push(key),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(&format!("p{first:04}.md: cannot read")), "{e}");
        assert_eq!(seen, keys[..first]);
    }

    /// Issue 11: a page is read like every other input: a device, a FIFO
    /// or a file over the limit is an error naming it, not an endless read.
    #[test]
    fn pages_are_regular_files_within_the_limit() {
        #[cfg(unix)]
        {
            let e = load_error(Path::new("/dev/zero"));
            assert!(
                e.starts_with("/dev/zero: cannot read: not a regular file"),
                "{e}"
            );
        }
        let dir = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        {
            let fifo = dir.path().join("page.md");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let e = load_error(&fifo);
                assert!(
                    e.contains("page.md: cannot read: not a regular file"),
                    "{e}"
                );
                // Found below a directory too.
                let e = load_error(dir.path());
                assert!(
                    e.contains("page.md: cannot read: not a regular file"),
                    "{e}"
                );
                // A link the listing finds is not taken for a regular
                // file: what it points to is looked at before opening.
                let linked = tempfile::tempdir().unwrap();
                std::os::unix::fs::symlink(&fifo, linked.path().join("link.md")).unwrap();
                let e = load_error(linked.path());
                assert!(
                    e.contains("link.md: cannot read: not a regular file"),
                    "{e}"
                );
                std::fs::remove_file(&fifo).unwrap();
            }
        }
        let huge = dir.path().join("huge.md");
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(INPUT_LIMIT + 1).unwrap();
        let e = load_error(&huge);
        assert!(
            e.contains("huge.md: cannot read: larger than the limit of 256 MiB"),
            "{e}"
        );
    }
}
