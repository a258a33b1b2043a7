//! When and how long to wait before retrying a failed request.

use std::time::Duration;

use reqwest::StatusCode;

use super::operation::HttpMethod;

/// How the client retries transient failures. On by default.
///
/// # Defaults
///
/// | setting | default | meaning |
/// | --- | --- | --- |
/// | [`max_retries`](Self::with_max_retries) | 3 | retries after the first attempt (so at most 4 requests) |
/// | [`base_delay`](Self::with_base_delay) | 200 ms | backoff before retry *n* is a random duration in `[0, min(max_delay, base_delay × 2ⁿ)]` ("full jitter") |
/// | [`max_delay`](Self::with_max_delay) | 10 s | cap of one backoff |
/// | [`max_elapsed`](Self::with_max_elapsed) | 30 s | no retry starts once this much time has passed since the first attempt, and no wait extends past it |
///
/// # What is retried
///
/// * HTTP **429 Too Many Requests**: always, for every method (the server did not act on the
///   request).
/// * HTTP **502, 503, 504**, **timeouts** and **transport failures after the request was sent**:
///   only for idempotent methods (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`). A `POST` or
///   `PATCH` is never retried once the server may have acted on it.
/// * **Connection failures** (the request never left the client): always.
///
/// When the response carries `Retry-After` (seconds or an HTTP date) the client waits exactly
/// that long instead of backing off; if that wait would end past `max_elapsed` the client gives
/// up and returns the error (whose [`retry_after`](super::Error::retry_after) tells how long
/// the server asked to wait).
///
/// A `401 Unauthorized` is handled separately: the client refreshes its token once and repeats
/// the request, without counting it as a retry.
///
/// ```
/// use std::time::Duration;
/// use genesys_cloud::runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_retries(5)
///     .with_base_delay(Duration::from_millis(100));
/// assert_eq!(policy.max_retries(), 5);
/// assert_eq!(RetryPolicy::disabled().max_retries(), 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the [type documentation](Self)).
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries (a `401` still triggers one token refresh).
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets how many retries may follow the first attempt.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the base of the exponential backoff.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the cap of a single backoff.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets the total time budget, measured from the first attempt, within which retries may
    /// start.
    pub fn with_max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// How many retries may follow the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The base of the exponential backoff.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The cap of a single backoff.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The total retry time budget.
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// Whether the policy ever retries.
    pub fn is_enabled(&self) -> bool {
        self.max_retries > 0
    }

    /// The backoff before retry number `retry` (0-based): uniformly random in
    /// `[0, min(max_delay, base_delay × 2^retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.min(20);
        let cap = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }

    /// The wait before the next retry, or `None` to give up.
    ///
    /// `retries_done` retries already happened, `elapsed` is the time since the first attempt.
    pub(crate) fn next_delay(
        &self,
        retries_done: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        let remaining = self.max_elapsed.checked_sub(elapsed)?;
        match retry_after {
            Some(wait) if wait > remaining => None,
            Some(wait) => Some(wait),
            None if remaining.is_zero() => None,
            None => Some(self.backoff(retries_done).min(remaining)),
        }
    }
}

/// Why an attempt failed, for the retry decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(StatusCode),
    /// The connection could not be established: the request was never sent.
    Connect,
    /// The request may have reached the server (timeout or broken connection after sending).
    AfterSend,
}

/// Whether `failure` of a `method` request may be retried at all (the policy then decides
/// whether budget is left).
pub(crate) fn is_retryable(failure: Failure, method: HttpMethod) -> bool {
    match failure {
        Failure::Status(status) => match status.as_u16() {
            429 => true,
            502..=504 => method.is_idempotent(),
            _ => false,
        },
        Failure::Connect => true,
        Failure::AfterSend => method.is_idempotent(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let cap = p
                .base_delay
                .saturating_mul(1u32 << retry.min(20))
                .min(p.max_delay);
            for _ in 0..20 {
                assert!(p.backoff(retry) <= cap);
            }
        }
    }

    #[test]
    fn gives_up_on_count_and_budget() {
        let p = RetryPolicy::default();
        assert!(p.next_delay(0, Duration::ZERO, None).is_some());
        assert!(p.next_delay(3, Duration::ZERO, None).is_none());
        assert!(p.next_delay(0, Duration::from_secs(31), None).is_none());
        // Retry-After honoured exactly, unless it overshoots the budget.
        assert_eq!(
            p.next_delay(0, Duration::from_secs(1), Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.next_delay(0, Duration::from_secs(20), Some(Duration::from_secs(20))),
            None
        );
        // A backoff never extends past the budget.
        let d = p
            .next_delay(2, Duration::from_millis(29_990), None)
            .expect("budget left");
        assert!(d <= Duration::from_millis(10));
        assert!(
            RetryPolicy::disabled()
                .next_delay(0, Duration::ZERO, None)
                .is_none()
        );
    }

    #[test]
    fn idempotency_rules() {
        use HttpMethod::*;
        let s = |c: u16| Failure::Status(StatusCode::from_u16(c).expect("valid"));
        for m in [Get, Put, Delete, Head, Options] {
            for c in [429, 502, 503, 504] {
                assert!(is_retryable(s(c), m));
            }
            assert!(is_retryable(Failure::AfterSend, m));
        }
        for m in [Post, Patch] {
            assert!(is_retryable(s(429), m));
            for c in [502, 503, 504] {
                assert!(!is_retryable(s(c), m));
            }
            assert!(!is_retryable(Failure::AfterSend, m));
            assert!(is_retryable(Failure::Connect, m));
        }
        for c in [400, 401, 403, 404, 409, 500] {
            assert!(!is_retryable(s(c), Get));
        }
    }
}
