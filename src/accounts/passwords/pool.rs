//! The threads that compute password hashes, and the bounded queue in
//! front of them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::{MAX_BYTES, Scratch, dummy_hash, hash_with, verify_with};
use crate::error::{AppError, AppResult};

/// How long an idle worker keeps its 19 MiB before giving them back.
const KEEP_MEMORY_FOR: Duration = Duration::from_secs(1);

/// Computes password hashes on a fixed number of threads. Cheap to clone;
/// the threads stop when the last clone is dropped.
#[derive(Clone)]
pub struct Hasher {
    shared: Arc<Shared>,
    _open: Arc<Closer>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("workers", &self.shared.workers)
            .field("queue", &self.shared.queue_capacity)
            .finish()
    }
}

enum Task {
    Hash(String),
    /// `stored: None` checks against a dummy hash and says no.
    Verify {
        password: String,
        stored: Option<String>,
    },
}

enum Done {
    Hashed(String),
    Verified(bool),
}

enum Refused {
    /// Waited longer than allowed before a worker was free.
    Waited,
    Failed(anyhow::Error),
}

struct Job {
    task: Task,
    queued_at: Instant,
    reply: oneshot::Sender<Result<Done, Refused>>,
}

struct Queue {
    waiting: VecDeque<Job>,
    /// Workers computing a hash right now.
    busy: usize,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
    workers: usize,
    queue_capacity: usize,
    max_wait: Duration,
    /// A running average of how long one hash takes, in microseconds.
    average_micros: AtomicU64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // No code panics while holding the lock; if one did, the queue is
        // still consistent.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// When a worker is likely to be free for one more check.
    fn retry_after(&self, waiting: usize) -> Duration {
        let micros = self.average_micros.load(Ordering::Relaxed).max(50_000);
        let total = micros.saturating_mul(waiting as u64 + 1) / self.workers.max(1) as u64;
        Duration::from_micros(total).clamp(Duration::from_secs(1), Duration::from_secs(60))
    }
}

/// Stops the workers when the last [`Hasher`] goes.
struct Closer(Arc<Shared>);

impl Drop for Closer {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.wake.notify_all();
    }
}

impl Hasher {
    /// `workers` threads; up to `queue` checks waiting for them, each at
    /// most `max_wait`.
    pub fn new(workers: usize, queue: usize, max_wait: Duration) -> Hasher {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                waiting: VecDeque::new(),
                busy: 0,
                closed: false,
            }),
            wake: Condvar::new(),
            workers: workers.max(1),
            queue_capacity: queue,
            max_wait,
            average_micros: AtomicU64::new(0),
        });
        for n in 0..shared.workers {
            let worker = shared.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work(&worker));
            if let Err(e) = spawned {
                // Fewer workers only makes checks wait longer.
                tracing::error!(error = %e, "cannot start a password worker");
            }
        }
        Hasher {
            _open: Arc::new(Closer(shared.clone())),
            shared,
        }
    }

    /// An argon2id hash of `password`, as a PHC string.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        match self.run(Task::Hash(password)).await? {
            Done::Hashed(hash) => Ok(hash),
            Done::Verified(_) => Err(AppError::Internal(anyhow::anyhow!("hash: wrong answer"))),
        }
    }

    /// Whether `password` matches `stored`; with no hash, checks a dummy
    /// (so unknown logins take as long as known ones) and says no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> AppResult<bool> {
        if password.len() > MAX_BYTES {
            // No password that long was ever accepted.
            return Ok(false);
        }
        match self.run(Task::Verify { password, stored }).await? {
            Done::Verified(matches) => Ok(matches),
            Done::Hashed(_) => Err(AppError::Internal(anyhow::anyhow!("verify: wrong answer"))),
        }
    }

    async fn run(&self, task: Task) -> AppResult<Done> {
        let (reply, answer) = oneshot::channel();
        {
            let mut queue = self.shared.lock();
            // Free workers take a job at once; beyond them, the queue.
            let free = self.shared.workers.saturating_sub(queue.busy);
            if queue.waiting.len() >= self.shared.queue_capacity + free {
                let waiting = queue.waiting.len();
                drop(queue);
                return Err(self.busy(waiting));
            }
            queue.waiting.push_back(Job {
                task,
                queued_at: Instant::now(),
                reply,
            });
        }
        self.shared.wake.notify_one();
        match answer.await {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(Refused::Waited)) => {
                let waiting = self.shared.lock().waiting.len();
                Err(self.busy(waiting))
            }
            Ok(Err(Refused::Failed(cause))) => Err(AppError::Internal(cause)),
            Err(_) => Err(AppError::Internal(anyhow::anyhow!(
                "the password workers have stopped"
            ))),
        }
    }

    fn busy(&self, waiting: usize) -> AppError {
        tracing::debug!(
            waiting,
            workers = self.shared.workers,
            "password check refused: every worker and the queue are busy"
        );
        AppError::Busy {
            retry_after: self.shared.retry_after(waiting),
        }
    }
}

/// One worker: takes jobs until the [`Hasher`] is dropped, keeping its
/// scratch memory only while there is work.
fn work(shared: &Shared) {
    let mut scratch = Scratch::default();
    let mut queue = shared.lock();
    loop {
        if let Some(job) = queue.waiting.pop_front() {
            queue.busy += 1;
            drop(queue);
            let answer = serve(shared, &mut scratch, job);
            queue = shared.lock();
            // Free again before the answer goes out, so that whoever gets
            // it may ask again at once.
            queue.busy -= 1;
            if let Some((reply, result)) = answer {
                let _ = reply.send(result);
            }
            continue;
        }
        if queue.closed {
            return;
        }
        let timeout = if scratch.is_held() {
            KEEP_MEMORY_FOR
        } else {
            Duration::from_secs(3600)
        };
        let (guard, waited) = shared
            .wake
            .wait_timeout(queue, timeout)
            .unwrap_or_else(PoisonError::into_inner);
        queue = guard;
        if waited.timed_out() && queue.waiting.is_empty() && scratch.is_held() {
            drop(queue);
            scratch.release();
            queue = shared.lock();
        }
    }
}

type Answer = (
    oneshot::Sender<Result<Done, Refused>>,
    Result<Done, Refused>,
);

/// Does one job, and says what to answer (nothing when nobody waits).
fn serve(shared: &Shared, scratch: &mut Scratch, job: Job) -> Option<Answer> {
    if job.reply.is_closed() {
        // Whoever asked has gone (timed out, disconnected): skip the work.
        return None;
    }
    if job.queued_at.elapsed() > shared.max_wait {
        return Some((job.reply, Err(Refused::Waited)));
    }
    let started = Instant::now();
    let result = match job.task {
        Task::Hash(password) => hash_with(scratch, &password).map(Done::Hashed),
        Task::Verify { password, stored } => {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| dummy_hash(scratch).to_owned());
            verify_with(scratch, &password, &stored).map(|matches| Done::Verified(known && matches))
        }
    };
    let micros = started.elapsed().as_micros().min(u64::MAX as u128) as u64;
    let average = shared.average_micros.load(Ordering::Relaxed);
    let average = if average == 0 {
        micros
    } else {
        (average * 7 + micros) / 8
    };
    shared.average_micros.store(average, Ordering::Relaxed);
    Some((job.reply, result.map_err(Refused::Failed)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_says_busy_and_the_rest_still_answer() {
        let hasher = Hasher::new(1, 1, Duration::from_secs(30));
        let stored = hasher.hash("the right password".into()).await.unwrap();
        let attempts =
            (0..8).map(|_| hasher.verify("a wrong password".into(), Some(stored.clone())));
        let answers = futures_util::future::join_all(attempts).await;
        let busy = answers
            .iter()
            .filter(
                |a| matches!(a, Err(AppError::Busy { retry_after }) if retry_after.as_secs() >= 1),
            )
            .count();
        let checked = answers.iter().filter(|a| matches!(a, Ok(false))).count();
        // Two fit (one running, one waiting), unless this thread was held
        // up for a whole hash between two of its own polls.
        assert_eq!(busy + checked, 8);
        assert!(
            checked >= 2 && busy >= 4,
            "{checked} checked, {busy} refused"
        );
        assert!(
            hasher
                .verify("the right password".into(), Some(stored))
                .await
                .unwrap()
        );
        assert!(!hasher.verify("anything".into(), None).await.unwrap());
        assert!(
            !hasher
                .verify("x".repeat(MAX_BYTES + 1), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_check_that_waited_too_long_is_refused() {
        let hasher = Hasher::new(1, 4, Duration::from_millis(1));
        let attempts = (0..3).map(|_| hasher.verify("some password".into(), None));
        let answers = futures_util::future::join_all(attempts).await;
        // The third waits at least a whole hash (many milliseconds).
        assert!(matches!(answers[2], Err(AppError::Busy { .. })));
    }
}
