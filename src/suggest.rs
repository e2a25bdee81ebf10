//! "Did you mean": the closest candidate to a misspelled name.

/// The candidate closest to `input` by edit distance, compared without case,
/// when it is close enough to be a likely typo (at most a third of the input's
/// length).
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest_within(input, candidates, (input.chars().count() / 3).max(1))
}

/// The candidate closest to `input`, compared without case, at most `limit`
/// edits away.
pub fn closest_within<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
    }

    #[test]
    fn suggestions() {
        let keys = ["blockType", "name", "truncated", "@odata.type"];
        assert_eq!(did_you_mean("blocktype", keys), Some("blockType"));
        assert_eq!(did_you_mean("truncate", keys), Some("truncated"));
        assert_eq!(did_you_mean("zzzzzzzz", keys), None);
    }
}
