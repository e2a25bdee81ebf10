//! When a live request is tried again: 429, 503 and 504, honouring
//! `Retry-After`, a bounded number of times, never waiting longer than a cap.
//!
//! A 429 or a 503 says the request was not processed, so every method is
//! retried on them. A 504 says a gateway gave up waiting: the service may
//! still have done the work, so only idempotent methods (GET, HEAD, PUT,
//! DELETE, OPTIONS) are retried on it.

use std::time::{Duration, SystemTime};

/// How many times, and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt. Default 3.
    pub max_retries: u32,
    /// The longest wait before a retry. A `Retry-After` asking for more is
    /// not honoured with a shorter wait: the example fails, saying so.
    /// Default 60 s.
    pub max_wait: Duration,
    /// The wait before the first retry when the response has no usable
    /// `Retry-After`; doubled at each retry. Default 1 s.
    pub backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(60),
            backoff: Duration::from_secs(1),
        }
    }
}

/// True when a response with `status` to a `method` request is retried.
pub fn is_retryable(status: u16, method: &str) -> bool {
    match status {
        429 | 503 => true,
        504 => matches!(
            method.to_ascii_uppercase().as_str(),
            "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
        ),
        _ => false,
    }
}

/// The wait a `Retry-After` value asks for: delay-seconds, or an HTTP date
/// (a date in the past asks for no wait). `None` when it is neither.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than a u64 holds is still a (very long) wait: more
        // than any cap, so the run gives up at once instead of backing off.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What to do after a retryable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    Wait(Duration),
    /// Stop: the reason, for the failure message.
    GiveUp(String),
}

impl RetryPolicy {
    /// The decision after the `retries_done`-th retry (0 after the first
    /// attempt) got a retryable response, with the `Retry-After` it carried.
    pub fn decide(&self, retries_done: u32, retry_after: Option<Duration>) -> Decision {
        if retries_done >= self.max_retries {
            return Decision::GiveUp(format!(
                "gave up after {} {}",
                self.max_retries,
                if self.max_retries == 1 {
                    "retry"
                } else {
                    "retries"
                }
            ));
        }
        match retry_after {
            Some(wait) if wait > self.max_wait => Decision::GiveUp(format!(
                "Retry-After asks for {} s, more than the {} s this run waits",
                wait.as_secs(),
                self.max_wait.as_secs()
            )),
            Some(wait) => Decision::Wait(wait),
            None => Decision::Wait(
                self.backoff
                    .saturating_mul(2u32.saturating_pow(retries_done))
                    .min(self.max_wait),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(retry_after(" 1 ", now), Some(Duration::from_secs(1)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-1", now), None);
        assert_eq!(
            retry_after("99999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn a_retry_after_too_large_for_a_number_gives_up_at_once() {
        let now = SystemTime::now();
        let wait = retry_after("99999999999999999999", now);
        match RetryPolicy::default().decide(0, wait) {
            Decision::GiveUp(why) => assert!(why.contains("more than the 60 s"), "{why}"),
            other => panic!("expected to give up, got {other:?}"),
        }
    }

    #[test]
    fn retries_are_bounded_and_waits_capped() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide(0, Some(Duration::from_secs(1))),
            Decision::Wait(Duration::from_secs(1))
        );
        assert_eq!(p.decide(0, None), Decision::Wait(Duration::from_secs(1)));
        assert_eq!(p.decide(2, None), Decision::Wait(Duration::from_secs(4)));
        assert_eq!(
            p.decide(3, None),
            Decision::GiveUp("gave up after 3 retries".into())
        );
        assert_eq!(
            p.decide(0, Some(Duration::from_secs(3600))),
            Decision::GiveUp(
                "Retry-After asks for 3600 s, more than the 60 s this run waits".into()
            )
        );
    }

    #[test]
    fn a_504_is_retried_only_for_idempotent_methods() {
        assert!(is_retryable(429, "POST"));
        assert!(is_retryable(503, "PATCH"));
        assert!(is_retryable(504, "get"));
        assert!(!is_retryable(504, "POST"));
        assert!(!is_retryable(500, "GET"));
    }
}
