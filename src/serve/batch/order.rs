//! The order a batch runs in: every request after those it depends on,
//! the order given otherwise; a cycle refused and named.

use super::error::BatchError;
use super::request::InnerRequest;

/// Indices of `requests` in execution order: dependencies first, otherwise
/// the given order (at each step the first request whose dependencies have
/// all run). Requires every `dependsOn` id to exist.
pub(super) fn execution_order(requests: &[InnerRequest]) -> Result<Vec<usize>, BatchError> {
    let position = |id: &str| requests.iter().position(|r| r.id == id);
    let mut done = vec![false; requests.len()];
    let mut order = Vec::with_capacity(requests.len());
    while order.len() < requests.len() {
        let next = (0..requests.len()).find(|&i| {
            !done[i]
                && requests[i]
                    .depends_on
                    .iter()
                    .all(|d| position(d).is_some_and(|j| done[j]))
        });
        match next {
            Some(i) => {
                done[i] = true;
                order.push(i);
            }
            None => {
                return Err(BatchError::Cycle {
                    cycle: find_cycle(requests, &done),
                });
            }
        }
    }
    Ok(order)
}

/// A cycle among the requests not yet `done`: each of them waits for at
/// least one other that is not done, so following such edges must repeat.
fn find_cycle(requests: &[InnerRequest], done: &[bool]) -> Vec<String> {
    let pending_dep = |i: usize| {
        requests[i].depends_on.iter().find_map(|d| {
            requests
                .iter()
                .position(|r| &r.id == d)
                .filter(|&j| !done.get(j).copied().unwrap_or(true))
        })
    };
    let Some(start) = (0..requests.len()).find(|&i| !done.get(i).copied().unwrap_or(true)) else {
        return Vec::new();
    };
    let mut path: Vec<usize> = vec![start];
    let mut current = start;
    // At most n steps before a repeat.
    for _ in 0..=requests.len() {
        let Some(next) = pending_dep(current) else {
            break;
        };
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut cycle: Vec<String> = path[pos..]
                .iter()
                .map(|&i| requests[i].id.clone())
                .collect();
            cycle.push(requests[next].id.clone());
            return cycle;
        }
        path.push(next);
        current = next;
    }
    path.iter().map(|&i| requests[i].id.clone()).collect()
}
