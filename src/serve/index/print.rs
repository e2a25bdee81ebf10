//! A JSON body's fingerprint, to rank the bodies of many examples of one
//! operation by numbers instead of walking trees per request.

use serde_json::Value;

/// A JSON body's fingerprint: a hash of the whole value (object members in
/// any order) and the sorted hashes of its top-level names (annotations
/// aside). Worked out once per documented body and once per request, so
/// that ranking many examples of one operation compares numbers, not trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Print {
    pub(super) value: u64,
    names: Box<[u64]>,
}

impl Print {
    pub(super) fn of(v: &Value) -> Print {
        let mut names: Vec<u64> = match v {
            Value::Object(m) => m
                .keys()
                .filter(|k| !k.contains('@'))
                .map(|k| hash_of(k.as_bytes()))
                .collect(),
            _ => Vec::new(),
        };
        names.sort_unstable();
        Print {
            value: value_hash(v),
            names: names.into(),
        }
    }

    /// How many top-level names one body has that the other lacks.
    pub(super) fn names_distance(&self, other: &Print) -> usize {
        let (a, b) = (&self.names, &other.names);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        a.len() + b.len() - 2 * shared
    }
}

/// FNV-1a: small, fast, and stable for the fingerprints of one run.
fn hash_of(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hash of a JSON value in which object members commute.
fn value_hash(v: &Value) -> u64 {
    match v {
        Value::Null => 1,
        Value::Bool(b) => 2 + u64::from(*b),
        Value::Number(n) => hash_of(n.to_string().as_bytes()) ^ 4,
        Value::String(s) => hash_of(s.as_bytes()) ^ 5,
        Value::Array(items) => items.iter().fold(6u64, |h, i| {
            (h ^ value_hash(i)).wrapping_mul(0x0100_0000_01b3)
        }),
        Value::Object(m) => m.iter().fold(7u64, |h, (k, v)| {
            h.wrapping_add(hash_of(k.as_bytes()).wrapping_mul(31) ^ value_hash(v))
        }),
    }
}
