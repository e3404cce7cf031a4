//! How many texts one member may send to the translation server per hour.
//!
//! Not the login throttle (`accounts::throttle`): that one makes each
//! attempt past a few wait twice as long as the last and forgets only
//! after an hour of quiet, which suits password guesses but would punish
//! a member who reads steadily all day. Translations count in fixed
//! one-hour windows per account; only texts actually sent to the server
//! count (a cached translation costs nothing). In memory, per process,
//! like the throttle; at most [`MAX_ACCOUNTS`] accounts are remembered,
//! and finished windows are forgotten first.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(3600);
const MAX_ACCOUNTS: usize = 100_000;

pub struct Limiter {
    per_window: u32,
    /// Account id → (start of its window, texts sent in it).
    windows: Mutex<HashMap<i64, (Instant, u32)>>,
}

impl Limiter {
    pub fn new(per_hour: u32) -> Limiter {
        Limiter {
            per_window: per_hour,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one text for `account`, or says how long until it may send
    /// the next.
    pub fn take(&self, account: i64, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() >= MAX_ACCOUNTS && !windows.contains_key(&account) {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
            if windows.len() >= MAX_ACCOUNTS {
                // Everyone is mid-window: forgetting someone lets them
                // start afresh, which is the lesser harm than refusing all.
                windows.clear();
            }
        }
        let (start, used) = windows.entry(account).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *used = 0;
        }
        if *used >= self.per_window {
            return Err(WINDOW.saturating_sub(now.duration_since(*start)));
        }
        *used += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_share_then_starts_again() {
        let limiter = Limiter::new(2);
        let start = Instant::now();
        assert!(limiter.take(1, start).is_ok());
        assert!(limiter.take(1, start).is_ok());
        let wait = limiter
            .take(1, start + Duration::from_secs(600))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(3000));
        assert!(
            limiter.take(2, start).is_ok(),
            "another member has their own"
        );
        assert!(limiter.take(1, start + WINDOW).is_ok());
    }
}
