//! Slowing down guesses: wrong passwords per account and per client
//! address, registrations and bad invitation links per address.
//!
//! After a few free attempts, the next must wait: 1 s, then twice as long
//! after each further attempt, up to `limits.max_delay_secs`. An attempt
//! during the wait is refused with 429 and `Retry-After`, even with the
//! right password, and does not count. A count is forgotten after an hour
//! (or twice the longest delay) without attempts; a right password clears
//! the account's count, never the address's.
//!
//! Everything is in memory and belongs to one `agora serve` process: nodes
//! sharing a database each throttle on their own, so N nodes behind a load
//! balancer allow up to N times the attempts. Each throttle remembers at
//! most `limits.throttle_entries` keys (a 64-bit keyed hash of the account,
//! login or address: about 64 bytes each), so many addresses or accounts
//! cannot grow it without bound. When full, entries past their time go
//! first, then the half with the fewest attempts: a flood of one-off keys
//! evicts itself, not an account under attack.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::config::LoginLimits;
use crate::error::{AppError, AppResult};

/// The first wait; each further attempt doubles it.
const FIRST_DELAY: Duration = Duration::from_secs(1);

/// Whose password is being guessed.
#[derive(Clone, Copy, Debug)]
pub enum LoginKey<'a> {
    /// The login names this account (by username or email: both count
    /// together).
    Account(i64),
    /// A login that names nobody, trimmed and in lowercase: throttled the
    /// same way, so throttling says nothing about which accounts exist.
    Unknown(&'a str),
}

/// The throttles of one process.
pub struct Throttles {
    login_account: Throttle,
    login_address: Throttle,
    registration: Throttle,
    invitation: Throttle,
}

impl Throttles {
    pub fn new(limits: &LoginLimits) -> Throttles {
        let throttle = |free| Throttle::new(free, limits.max_delay, limits.throttle_entries);
        Throttles {
            login_account: throttle(limits.failures_per_account),
            login_address: throttle(limits.failures_per_address),
            registration: throttle(limits.registrations_per_address),
            invitation: throttle(limits.invitation_failures_per_address),
        }
    }

    /// Refuses a login while the account or the address must wait.
    pub fn check_login(&self, client: IpAddr, account: LoginKey) -> AppResult<()> {
        let now = Instant::now();
        refuse_longest([
            self.login_account
                .wait(account_key(&self.login_account, account), now),
            self.login_address
                .wait(self.login_address.key(address(client)), now),
        ])
    }

    /// A wrong password.
    pub fn login_failed(&self, client: IpAddr, account: LoginKey) {
        let now = Instant::now();
        self.login_account
            .record(account_key(&self.login_account, account), now);
        self.login_address
            .record(self.login_address.key(address(client)), now);
    }

    /// The right password: the account starts afresh (the address does
    /// not, or one's own account would reset a guesser's count).
    pub fn login_succeeded(&self, account: LoginKey) {
        self.login_account
            .clear(account_key(&self.login_account, account));
    }

    /// Refuses a registration while the address must wait (for
    /// registrations, or after bad invitation links).
    pub fn check_registration(&self, client: IpAddr) -> AppResult<()> {
        let now = Instant::now();
        refuse_longest([
            self.registration
                .wait(self.registration.key(address(client)), now),
            self.invitation
                .wait(self.invitation.key(address(client)), now),
        ])
    }

    /// A registration was tried (whatever comes of it).
    pub fn registration_attempted(&self, client: IpAddr) {
        self.registration
            .record(self.registration.key(address(client)), Instant::now());
    }

    /// An unknown, expired or used invitation link was tried.
    pub fn invitation_failed(&self, client: IpAddr) {
        self.invitation
            .record(self.invitation.key(address(client)), Instant::now());
    }
}

fn account_key(throttle: &Throttle, account: LoginKey) -> u64 {
    match account {
        LoginKey::Account(id) => throttle.key(("account", id)),
        LoginKey::Unknown(login) => throttle.key(("login", login)),
    }
}

/// The part of an address that one client controls: all of an IPv4
/// address, the /64 network of an IPv6 one (a single home or phone often
/// has a whole /64).
pub fn address(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !(u64::MAX as u128)).into()),
        v4 => v4,
    }
}

fn refuse_longest(waits: [Option<Duration>; 2]) -> AppResult<()> {
    match waits.into_iter().flatten().max() {
        Some(retry_after) => Err(AppError::TooManyRequests { retry_after }),
        None => Ok(()),
    }
}

struct Entry {
    attempts: u32,
    last: Instant,
    until: Option<Instant>,
}

/// One kind of attempt, counted per key, in a map of bounded size.
struct Throttle {
    free: u32,
    max_delay: Duration,
    forget_after: Duration,
    capacity: usize,
    /// Keys are hashed with a secret per process, so nobody can aim
    /// collisions at someone else's entry.
    hasher: RandomState,
    entries: Mutex<HashMap<u64, Entry>>,
}

impl Throttle {
    fn new(free: u32, max_delay: Duration, capacity: usize) -> Throttle {
        Throttle {
            free,
            max_delay,
            forget_after: (2 * max_delay).max(Duration::from_secs(3600)),
            capacity: capacity.max(2),
            hasher: RandomState::new(),
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn key(&self, value: impl Hash) -> u64 {
        self.hasher.hash_one(value)
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How long `key` must still wait, if at all.
    fn wait(&self, key: u64, now: Instant) -> Option<Duration> {
        let entries = self.entries();
        let until = entries.get(&key)?.until?;
        (until > now).then(|| until - now)
    }

    /// Counts an attempt; returns the wait it imposes on the next one.
    fn record(&self, key: u64, now: Instant) -> Option<Duration> {
        let mut entries = self.entries();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            self.make_room(&mut entries, now);
        }
        let entry = entries.entry(key).or_insert(Entry {
            attempts: 0,
            last: now,
            until: None,
        });
        if now.duration_since(entry.last) > self.forget_after {
            entry.attempts = 0;
        }
        entry.attempts = entry.attempts.saturating_add(1);
        entry.last = now;
        // The `free`-th attempt makes the next one wait 1 s.
        let over = entry.attempts.checked_sub(self.free)?;
        let delay = FIRST_DELAY
            .saturating_mul(1 << over.min(30))
            .min(self.max_delay);
        entry.until = Some(now + delay);
        Some(delay)
    }

    fn clear(&self, key: u64) {
        self.entries().remove(&key);
    }

    /// Forgets what is past its time, then, if still full, the half with
    /// the fewest (then oldest) attempts.
    fn make_room(&self, entries: &mut HashMap<u64, Entry>, now: Instant) {
        entries.retain(|_, e| now.duration_since(e.last) <= self.forget_after);
        if entries.len() < self.capacity {
            return;
        }
        let mut ranked: Vec<(u32, Instant, u64)> = entries
            .iter()
            .map(|(key, e)| (e.attempts, e.last, *key))
            .collect();
        let half = ranked.len() / 2;
        ranked.select_nth_unstable(half);
        for (_, _, key) in &ranked[..half] {
            entries.remove(key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(900);

    #[test]
    fn waits_double_after_the_free_attempts_up_to_the_limit() {
        let throttle = Throttle::new(3, Duration::from_secs(10), 100);
        let key = throttle.key("ada");
        let start = Instant::now();
        let delays: Vec<_> = (0..8)
            .map(|i| throttle.record(key, start + Duration::from_secs(100 * i)))
            .collect();
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(
            delays,
            [
                None,
                None,
                secs(1),
                secs(2),
                secs(4),
                secs(8),
                secs(10),
                secs(10)
            ]
        );
        let last = start + Duration::from_secs(700);
        assert_eq!(throttle.wait(key, last), secs(10));
        assert_eq!(throttle.wait(key, last + Duration::from_secs(4)), secs(6));
        assert_eq!(throttle.wait(key, last + Duration::from_secs(10)), None);
        assert_eq!(throttle.wait(throttle.key("grace"), last), None);
        throttle.clear(key);
        assert_eq!(throttle.wait(key, last), None);
    }

    #[test]
    fn counts_are_forgotten_after_an_hour_of_quiet() {
        let throttle = Throttle::new(2, Duration::from_secs(60), 100);
        let key = throttle.key(1);
        let start = Instant::now();
        throttle.record(key, start);
        assert!(throttle.record(key, start).is_some());
        let later = start + Duration::from_secs(3601);
        assert_eq!(throttle.record(key, later), None);
    }

    #[test]
    fn a_flood_of_keys_stays_bounded_and_keeps_the_account_under_attack() {
        let throttle = Throttle::new(2, LONG, 1000);
        let start = Instant::now();
        let victim = throttle.key("victim");
        for _ in 0..5 {
            throttle.record(victim, start);
        }
        for n in 0..100_000u32 {
            throttle.record(throttle.key(n), start);
            assert!(throttle.len() <= 1000);
        }
        assert!(throttle.wait(victim, start).is_some());
    }

    #[test]
    fn one_ipv6_network_is_one_address() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address(a), address(b));
        assert_ne!(address(a), address(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn logins_throttle_per_account_and_per_address() {
        let limits = LoginLimits {
            password_workers: 1,
            password_queue: 0,
            password_wait: Duration::from_secs(1),
            failures_per_account: 2,
            failures_per_address: 4,
            registrations_per_address: 1,
            invitation_failures_per_address: 1,
            max_delay: LONG,
            throttle_entries: 100,
        };
        let throttles = Throttles::new(&limits);
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        let ada = LoginKey::Account(1);
        // Two free attempts: the second failure makes the next one wait.
        for _ in 0..2 {
            throttles.check_login(here, ada).unwrap();
            throttles.login_failed(here, ada);
        }
        // The account waits, from anywhere; another account does not.
        assert!(matches!(
            throttles.check_login(there, ada),
            Err(AppError::TooManyRequests { .. })
        ));
        throttles
            .check_login(here, LoginKey::Unknown("grace"))
            .unwrap();
        throttles.login_failed(here, LoginKey::Unknown("grace"));
        throttles.login_failed(here, LoginKey::Unknown("grace"));
        // Four failures from `here`: every account waits from there.
        assert!(throttles.check_login(here, LoginKey::Account(7)).is_err());
        assert!(throttles.check_login(there, LoginKey::Account(7)).is_ok());
        throttles.login_succeeded(ada);
        assert!(throttles.check_login(there, ada).is_ok());
    }
}
