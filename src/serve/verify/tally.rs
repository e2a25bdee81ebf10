//! The verdict kept live by the server while it answers: counters per
//! example, the first unmatched requests, and the repairs per example.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::model::{Repaired, Unmatched, Verdict, note_repair};
use crate::serve::index::Index;
use crate::serve::journal::Answer;

/// The verdict kept live by the server, request by request: counters per
/// example, the first [`Tally::KEPT`] unmatched requests, and the repairs
/// per example.
///
/// The server calls, per request journaled: [`Tally::answered`] (or
/// [`Tally::matched`] when it has no [`Answer`]) for a request an example
/// answered, [`Tally::unmatched`] for one that matched none,
/// [`Tally::protocol`] for a `$batch` request it answered itself; and, in
/// addition, [`Tally::in_batch`] for each request inside a `$batch`.
#[derive(Debug)]
pub struct Tally {
    ids: Vec<String>,
    hits: Vec<AtomicUsize>,
    requests: AtomicUsize,
    unmatched: Mutex<Vec<Unmatched>>,
    omitted: AtomicUsize,
    protocol: AtomicUsize,
    in_batch: AtomicUsize,
    synthesised: AtomicUsize,
    repairs: Mutex<Repairs>,
}

/// The repairs counted so far, per route (bounded by the number of routes).
#[derive(Debug, Default)]
struct Repairs {
    requests: usize,
    codes: BTreeMap<String, usize>,
    by_route: BTreeMap<usize, Repaired>,
}

impl Tally {
    /// Unmatched requests kept in full; later ones are only counted.
    pub const KEPT: usize = 1000;

    pub fn new(index: &Index) -> Self {
        let ids: Vec<String> = index.ids().map(|id| id.as_str().to_string()).collect();
        let hits = ids.iter().map(|_| AtomicUsize::new(0)).collect();
        Tally {
            ids,
            hits,
            requests: AtomicUsize::new(0),
            unmatched: Mutex::new(Vec::new()),
            omitted: AtomicUsize::new(0),
            protocol: AtomicUsize::new(0),
            in_batch: AtomicUsize::new(0),
            synthesised: AtomicUsize::new(0),
            repairs: Mutex::new(Repairs::default()),
        }
    }

    /// A request that matched the example at `route`.
    pub fn matched(&self, route: usize) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(h) = self.hits.get(route) {
            h.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A request that the example at `route` answered as `answer`, journaled
    /// at `line`: counted as [`Tally::matched`], and its repairs and
    /// synthesis with it. Call this instead of `matched`, not as well.
    pub fn answered(&self, route: usize, answer: &Answer, line: usize) {
        self.matched(route);
        if answer.synthesised {
            self.synthesised.fetch_add(1, Ordering::Relaxed);
        }
        if answer.repaired.is_empty() {
            return;
        }
        if let Ok(mut r) = self.repairs.lock() {
            let r = &mut *r;
            r.requests += 1;
            let entry = r.by_route.entry(route).or_default();
            note_repair(&mut r.codes, entry, answer, line);
        }
    }

    /// The request just counted as matched was answered from the metadata.
    pub fn synthesised(&self) {
        self.synthesised.fetch_add(1, Ordering::Relaxed);
    }

    /// A protocol request (`$batch`) the server answered itself: a request,
    /// neither matched nor unmatched. Its inner requests are counted on
    /// their own.
    pub fn protocol(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.protocol.fetch_add(1, Ordering::Relaxed);
    }

    /// The request just counted (matched, answered or unmatched) came inside
    /// a `$batch`: call this as well, once per inner request.
    pub fn in_batch(&self) {
        self.in_batch.fetch_add(1, Ordering::Relaxed);
    }

    /// A request that matched none.
    pub fn unmatched(&self, u: Unmatched) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut kept) = self.unmatched.lock()
            && kept.len() < Self::KEPT
        {
            kept.push(u);
            return;
        }
        self.omitted.fetch_add(1, Ordering::Relaxed);
    }

    /// The verdict so far.
    pub fn verdict(&self) -> Verdict {
        let mut coverage = BTreeMap::new();
        for (id, h) in self.ids.iter().zip(&self.hits) {
            *coverage.entry(id.clone()).or_default() += h.load(Ordering::Relaxed);
        }
        let mut unmatched = self.unmatched.lock().map(|u| u.clone()).unwrap_or_default();
        unmatched.sort_by_key(|u| u.line);
        let (repaired_requests, repaired_codes, repaired) = match self.repairs.lock() {
            Ok(r) => (
                r.requests,
                r.codes.clone(),
                r.by_route
                    .iter()
                    .filter_map(|(route, e)| Some((self.ids.get(*route)?.clone(), e.clone())))
                    .collect(),
            ),
            Err(_) => Default::default(),
        };
        Verdict {
            requests: self.requests.load(Ordering::Relaxed),
            coverage,
            unmatched,
            omitted: self.omitted.load(Ordering::Relaxed),
            protocol: self.protocol.load(Ordering::Relaxed),
            in_batch: self.in_batch.load(Ordering::Relaxed),
            synthesised: self.synthesised.load(Ordering::Relaxed),
            repaired_requests,
            repaired_codes,
            repaired,
            warnings: Vec::new(),
        }
    }
}
