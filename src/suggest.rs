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
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let d = edit_distance(&input, &lower);
            let prefix = input.len() >= 2 && lower.starts_with(&input);
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
    candidates
        .into_iter()
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
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
