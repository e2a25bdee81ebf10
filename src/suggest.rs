//! "Did you mean": the closest candidate to a misspelled name.

/// The candidate closest to `input`, if it is close enough to be what was
/// meant: a few edits away (about one per three characters), or `input` is
/// the start of it (`warn` for `warning`). Case is ignored.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    let len = input.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let prefix = input.len() >= 2 && lower.starts_with(&input);
            // The distance is at least the difference in length: skip the
            // table for candidates that cannot be close.
            if !prefix && lower.chars().count().abs_diff(len) > limit {
                return None;
            }
            let d = edit_distance(&input, &lower);
            (d <= limit || prefix).then_some((d, c))
        })
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// The candidate closest to `input`, case ignored, at most `limit` edits away.
pub fn closest_within<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    let len = input.chars().count();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(&input, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// Edit distance counting insertions, deletions, substitutions and swaps of
/// two neighbouring characters (optimal string alignment): `MC2010` is one
/// edit from `MC2001`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_a_swap_as_one_edit() {
        assert_eq!(edit_distance("MC2010", "MC2001"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggestions() {
        let keys = ["blockType", "name", "truncated", "@odata.type"];
        assert_eq!(did_you_mean("blocktype", keys), Some("blockType"));
        assert_eq!(did_you_mean("truncate", keys), Some("truncated"));
        assert_eq!(did_you_mean("zzzzzzzz", keys), None);
        assert_eq!(did_you_mean("warn", ["error", "warning"]), Some("warning"));
        assert_eq!(
            closest_within("Widget.Raed.All", ["Widget.Read.All", "Group.Read.All"], 2),
            Some("Widget.Read.All")
        );
        assert_eq!(
            closest_within("GroupMember.Read.All", ["Group.Read.All"], 2),
            None
        );
    }
}
