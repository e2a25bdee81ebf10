//! Replaying one example: prepare, send through a target, check
//! ([`Replayer::replay`]); a suite is replayed by [`super::parallel`].

use std::sync::Arc;

use super::checks::{
    Exchange, ObservedJson, ReplayCheck, default_checks, live_checks, shape_snapshot, snapshot,
};
use super::live::placeholders::{Captures, Placeholders, created_by, fill, needs_capture};
use super::live::{LiveTarget, Redactor};
use super::prepare::Prepared;
use super::report::{ExampleReport, Verdict};
use super::target::{Observed, Target, TargetError};
use crate::contract::Example;
use crate::source::SourceFile;

/// A target and the checks applied to what it answers.
pub struct Replayer {
    target: Arc<dyn Target>,
    checks: Vec<Box<dyn ReplayCheck>>,
    /// Set for a live target.
    live: Option<LiveBinding>,
}

/// What a live replay adds: placeholder values, and the redaction of every
/// report.
struct LiveBinding {
    placeholders: Placeholders,
    redactor: Redactor,
    /// Whether the target sends writes (so that an example can create the
    /// object a later one names).
    writes: bool,
}

impl std::fmt::Debug for Replayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replayer")
            .field("checks", &self.checks.len())
            .field("live", &self.live.is_some())
            .finish_non_exhaustive()
    }
}

impl Replayer {
    /// A replayer with the default checks (status, Content-Type, body); add
    /// the snapshot check with [`Self::with_snapshots`] or [`Self::with_check`].
    pub fn new(target: Arc<dyn Target>) -> Self {
        Replayer {
            target,
            checks: default_checks(),
            live: None,
        }
    }

    /// A replayer for a live service, with the live checks (status, media
    /// type, body shape). `{placeholders}` of URLs are filled from
    /// `placeholders`, else from the objects earlier examples of the page
    /// created (see [`super::live::placeholders`]), so the examples of a page
    /// run in page order when one needs a captured value ([`PageSession`]).
    /// Every report is redacted with the target's [`Redactor`].
    pub fn live(target: Arc<LiveTarget>, placeholders: Placeholders) -> Self {
        let redactor = target.redactor();
        let writes = target.allows_writes();
        Replayer {
            target,
            checks: live_checks(),
            live: Some(LiveBinding {
                placeholders,
                redactor,
                writes,
            }),
        }
    }

    /// Adds a check, run after the others.
    pub fn with_check(mut self, check: impl ReplayCheck + 'static) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Adds the insta snapshot check under `root`: of the exchange against a
    /// stub, of the response's shape (redacted) against a live service. Give
    /// live snapshots their own root.
    pub fn with_snapshots(self, root: impl AsRef<std::path::Path>) -> Self {
        match &self.live {
            None => self.with_check(snapshot(root)),
            Some(live) => {
                let check = shape_snapshot(root).with_redactor(live.redactor.clone());
                self.with_check(check)
            }
        }
    }

    /// True for a live replayer ([`Self::live`]).
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// The redactor of a live replayer: whatever is written from its reports
    /// goes through it once more.
    pub fn redactor(&self) -> Option<&Redactor> {
        self.live.as_ref().map(|l| &l.redactor)
    }

    /// Replays one example of the page `source` and checks the exchange. A
    /// live replayer fills placeholders from the configuration only: to use
    /// the objects earlier examples created, replay through a
    /// [`PageSession`].
    pub async fn replay(&self, source: &SourceFile, example: &Example) -> ExampleReport {
        self.replay_in_page(source, example, &mut Captures::default())
            .await
    }

    /// [`Self::replay`] with the objects earlier examples of the page
    /// created; an object this example creates is added to `captures`.
    pub async fn replay_in_page(
        &self,
        source: &SourceFile,
        example: &Example,
        captures: &mut Captures,
    ) -> ExampleReport {
        let sent = match self.exchange(source, example, captures).await {
            Ok((prepared, observed)) => Ok((prepared, Ok(observed))),
            Err(verdict) => Err(verdict),
        };
        self.judge(source, example, sent)
    }

    /// The first half of a replay without placeholders: what to send for
    /// `example`, or the verdict that ends it before anything is sent (it
    /// cannot be prepared, or the target skips it). [`Self::send`] sends it
    /// and [`Self::judge`] checks the answer; [`super::pipeline`] sends while
    /// the pages load and judges once the schemas exist.
    pub fn prepare(&self, source: &SourceFile, example: &Example) -> Result<Prepared, Verdict> {
        let prepared = Prepared::new(source, example).map_err(|e| Verdict::Errored {
            error: e.to_string(),
        })?;
        match self.target.skip_reason(&prepared) {
            Some(reason) => Err(Verdict::Skipped { reason }),
            None => Ok(prepared),
        }
    }

    /// Sends a prepared example through the target.
    pub async fn send(&self, prepared: &Prepared) -> Result<Observed, TargetError> {
        self.target.send(prepared).await
    }

    /// The report of an example from what sending it gave: the target's
    /// answer checked by every check, or the verdict of an error.
    pub fn judge(
        &self,
        source: &SourceFile,
        example: &Example,
        sent: Result<(Prepared, Result<Observed, TargetError>), Verdict>,
    ) -> ExampleReport {
        let (verdict, observed_body) = match sent {
            Err(verdict) => (verdict, None),
            Ok((_, Err(e))) => (target_error(source, example, e), None),
            Ok((prepared, Ok(observed))) => self.checked(source, example, &prepared, &observed),
        };
        let mut report = ExampleReport {
            id: example.id.clone(),
            file: source.display_path(),
            line: example.request.place.at.line,
            method: example.request.message.method.clone(),
            url: example.request.message.url.clone(),
            verdict,
            observed_body,
        };
        if let Some(live) = &self.live {
            report.map_text(|t| live.redactor.redact(t).into_owned());
        }
        report
    }

    /// Why `example` will be skipped whatever else runs, known before
    /// anything is sent: the target's reason (a write in read-only live mode,
    /// a URL with nowhere to go), or, in read-only live mode, a placeholder
    /// the configuration does not fill (no example can create the object).
    /// The `cargo test` harness marks these trials ignored.
    pub fn skip_reason(&self, source: &SourceFile, example: &Example) -> Option<String> {
        let prepared = match self.prepare(source, example) {
            Ok(prepared) => prepared,
            Err(Verdict::Skipped { reason }) => return Some(reason),
            // Not preparable: an error when replayed, not a skip.
            Err(_) => return None,
        };
        let live = self.live.as_ref().filter(|l| !l.writes)?;
        fill(
            &prepared.request.template,
            &live.placeholders,
            &Captures::default(),
        )
        .err()
        .map(|unfilled| unfilled.to_string())
    }

    /// True when `example` has a placeholder that only an earlier example of
    /// its page can fill (live mode).
    pub fn needs_earlier_examples(&self, source: &SourceFile, example: &Example) -> bool {
        let Some(live) = &self.live else {
            return false;
        };
        Prepared::new(source, example)
            .is_ok_and(|p| needs_capture(&p.request.template, &live.placeholders))
    }

    /// How the checks judge an exchange, and the body the target answered
    /// when it failed (for reports that show it).
    fn checked(
        &self,
        source: &SourceFile,
        example: &Example,
        prepared: &Prepared,
        observed: &Observed,
    ) -> (Verdict, Option<String>) {
        let observed_json = ObservedJson::default();
        let exchange = Exchange {
            source,
            example,
            prepared,
            observed,
            observed_json: &observed_json,
        };
        let mut mismatches = Vec::new();
        for c in &self.checks {
            c.check(&exchange, &mut mismatches);
        }
        if mismatches.is_empty() {
            (Verdict::Passed, None)
        } else {
            (
                Verdict::Failed { mismatches },
                Some(kept_body(&observed.body)),
            )
        }
    }

    /// Prepares and sends the example (a live one with its placeholders
    /// filled): what was sent and what came back, or the verdict of an
    /// exchange that did not happen.
    async fn exchange(
        &self,
        source: &SourceFile,
        example: &Example,
        captures: &mut Captures,
    ) -> Result<(Prepared, Observed), Verdict> {
        let mut prepared = self.prepare(source, example)?;
        if let Some(live) = &self.live {
            match fill(&prepared.request.template, &live.placeholders, captures) {
                Ok(target) => prepared.request.target = target,
                Err(unfilled) => {
                    return Err(Verdict::Skipped {
                        reason: unfilled.to_string(),
                    });
                }
            }
        }
        let observed = match self.target.send(&prepared).await {
            Ok(o) => o,
            Err(e) => return Err(target_error(source, example, e)),
        };
        if self.live.is_some()
            && let Some(created) = created_by(
                &prepared.request.method,
                &prepared.request.template,
                &observed,
            )
        {
            captures.record(created);
        }
        Ok((prepared, observed))
    }
}

/// The verdict of an exchange the target could not make: a request the stub
/// did not match fails the example (at its request), a skip skips it, and
/// anything else is an error.
fn target_error(source: &SourceFile, example: &Example, error: TargetError) -> Verdict {
    match error {
        TargetError::NotMatched(why) => {
            let exchange_span = crate::source::Span::at(example.request.place.span.start);
            Verdict::Failed {
                mismatches: vec![
                    crate::outcome::Finding::new(
                        crate::outcome::Code::ReplayUnmatched,
                        source,
                        exchange_span,
                        format!("the request sent does not match the documented request: {why}"),
                    )
                    .with_example(example.id.as_str()),
                ],
            }
        }
        TargetError::Skipped(reason) => Verdict::Skipped { reason },
        e => Verdict::Errored {
            error: e.to_string(),
        },
    }
}

/// Longest observed body kept for a report.
const KEPT_BODY: usize = 256 * 1024;

/// An observed body as report text: lossy UTF-8, cut at [`KEPT_BODY`] bytes.
fn kept_body(body: &[u8]) -> String {
    let cut = &body[..body.len().min(KEPT_BODY)];
    String::from_utf8_lossy(cut).into_owned()
}
