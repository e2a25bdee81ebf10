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
    let long_enough = input.len() >= 2;
    let input: Vec<char> = input.chars().collect();
    let mut lower = Vec::new();
    candidates
        .into_iter()
        .filter_map(|c| {
            lowercase_into(c, &mut lower);
            let prefix = long_enough && lower.starts_with(&input);
            // A prefix is suggested whatever its distance; anything else
            // only within the limit, which bounds the table's work.
            let d = if prefix {
                edit_distance_chars(&input, &lower)
            } else {
                distance_within(&input, &lower, limit)?
            };
            Some((d, c))
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
    let input: Vec<char> = input.to_lowercase().chars().collect();
    let mut lower = Vec::new();
    candidates
        .into_iter()
        .filter_map(|c| {
            lowercase_into(c, &mut lower);
            distance_within(&input, &lower, limit).map(|d| (d, c))
        })
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// `s` lowercased into `out`, as `str::to_lowercase` would, without a new
/// allocation per candidate.
fn lowercase_into(s: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(s.chars().flat_map(char::to_lowercase));
}

/// Edit distance counting insertions, deletions, substitutions and swaps of
/// two neighbouring characters (optimal string alignment): `MC2010` is one
/// edit from `MC2001`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    table(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// [`edit_distance`] if it is at most `limit`, else `None`; the table stops
/// at the first row whose every cell is over the limit (a row's minimum never
/// goes down), so a far candidate costs a few rows, not the whole table.
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    // The distance is at least the difference in length.
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    table(a, b, limit)
}

/// The optimal-string-alignment table, row by row; `None` as soon as a row
/// holds nothing within `limit`, or when the distance is over it.
fn table(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    // Three rows of the table: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            cur[j] = best;
            row_min = row_min.min(best);
        }
        // Every cell of the next row is at least a cell of this one (a swap
        // reads two rows back, but `cur[j-1] <= prev[j-2] + 1` bounds it
        // too): once a whole row is over the limit, so is the distance.
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
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

    /// The bounded table gives the full table's answer whenever that is
    /// within the limit, and `None` exactly when it is not.
    #[test]
    fn the_bounded_distance_is_the_distance_within_its_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "User.Read",
            "user.raed",
            "User.ReadWrite",
            "Mail.Send",
            "Mail.Read",
            "kitten",
            "sitting",
            "MC2010",
            "MC2001",
            "Ünïcödé",
            "unicode",
            "abcdef",
            "badcfe",
            "Widget.Read.All",
            "Widget.Raed.All",
        ];
        for a in words {
            for b in words {
                let full = edit_distance(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in 0..6 {
                    let bounded = distance_within(&ca, &cb, limit);
                    assert_eq!(
                        bounded,
                        (full <= limit).then_some(full),
                        "{a:?} {b:?} {limit}"
                    );
                }
            }
        }
    }
}
