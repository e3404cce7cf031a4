//! How many connections are open, in total and per client address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::accounts::throttle::address;

/// Why a connection was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Total,
    PerAddress,
}

#[derive(Default)]
struct Counts {
    total: usize,
    /// Only addresses with open connections: never more entries than
    /// connections.
    by_address: HashMap<IpAddr, usize>,
}

/// Admits connections up to the limits.
pub struct Gate {
    max_total: usize,
    per_address: usize,
    counts: Mutex<Counts>,
}

/// An admitted connection; its place is given back when dropped.
pub struct Ticket {
    gate: Arc<Gate>,
    /// `None`: exempt from the per-address limit (a trusted proxy).
    address: Option<IpAddr>,
}

impl Gate {
    pub fn new(max_total: usize, per_address: usize) -> Arc<Gate> {
        Arc::new(Gate {
            max_total: max_total.max(1),
            per_address: per_address.max(1),
            counts: Mutex::default(),
        })
    }

    pub fn max_total(&self) -> usize {
        self.max_total
    }

    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a connection from `peer`, unless a limit is reached.
    /// Trusted proxies (`exempt`) count only towards the total.
    pub fn admit(self: &Arc<Self>, peer: IpAddr, exempt: bool) -> Result<Ticket, Refusal> {
        let mut counts = self.counts();
        if counts.total >= self.max_total {
            return Err(Refusal::Total);
        }
        let address = (!exempt).then(|| address(peer));
        if let Some(address) = address {
            let open = counts.by_address.entry(address).or_default();
            if *open >= self.per_address {
                return Err(Refusal::PerAddress);
            }
            *open += 1;
        }
        counts.total += 1;
        Ok(Ticket {
            gate: self.clone(),
            address,
        })
    }

    #[cfg(test)]
    fn open(&self) -> (usize, usize) {
        let counts = self.counts();
        (counts.total, counts.by_address.len())
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = self.gate.counts();
        counts.total = counts.total.saturating_sub(1);
        if let Some(address) = self.address
            && let Some(open) = counts.by_address.get_mut(&address)
        {
            *open -= 1;
            if *open == 0 {
                counts.by_address.remove(&address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_and_places_come_back() {
        let gate = Gate::new(3, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = gate.admit(a, false).unwrap();
        let _second = gate.admit(a, false).unwrap();
        assert_eq!(gate.admit(a, false).err(), Some(Refusal::PerAddress));
        let _third = gate.admit(b, false).unwrap();
        assert_eq!(gate.admit(b, false).err(), Some(Refusal::Total));
        drop(first);
        let proxied = gate.admit(a, true).unwrap();
        assert_eq!(gate.open(), (3, 2));
        drop(proxied);
        drop(_second);
        drop(_third);
        assert_eq!(gate.open(), (0, 0));
    }
}
