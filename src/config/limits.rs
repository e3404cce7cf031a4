//! Limits that keep anonymous visitors from costing the server more than it
//! can give: connections (`[http]`), password checks and the throttling of
//! logins, registrations and invitations (`[limits]`).

use std::net::IpAddr;
use std::time::Duration;

use ipnet::IpNet;

use super::ConfigError;

/// What one `agora serve` process accepts from the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at once, in total; `None`: three quarters of the
    /// open-file limit, at most 10,000 (decided when serving starts).
    pub max_total: Option<usize>,
    /// Open connections at once from one client address (an IPv6 /64
    /// counts as one address); trusted proxies are exempt.
    pub per_address: usize,
    /// Time a client has to send a request's headers, from its first byte.
    pub header_timeout: Duration,
    /// Time a connection may stay open with no request under way and
    /// nothing sent or received.
    pub idle_timeout: Duration,
    /// Reverse proxies whose `X-Forwarded-For` says who the client is.
    pub trusted_proxies: Vec<IpNet>,
}

impl ConnectionLimits {
    pub fn is_trusted_proxy(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.trusted_proxies.iter().any(|net| net.contains(&addr))
    }
}

/// Password checks and how hard it is to guess at them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// Password hashes computed at once (each holds 19 MiB while it runs).
    pub password_workers: usize,
    /// Password checks that may wait for a worker; more get 503.
    pub password_queue: usize,
    /// Longest a password check waits for a worker before it gets 503.
    pub password_wait: Duration,
    /// Wrong passwords for one account before each further one makes it
    /// wait (1 s, then twice as long each time).
    pub failures_per_account: u32,
    /// The same, for wrong passwords from one client address.
    pub failures_per_address: u32,
    /// Registrations tried from one client address before each further one
    /// waits.
    pub registrations_per_address: u32,
    /// Unknown, expired or used invitation links tried from one address
    /// before each further one waits.
    pub invitation_failures_per_address: u32,
    /// The longest wait the doubling reaches.
    pub max_delay: Duration,
    /// Accounts or addresses each throttle remembers at most.
    pub throttle_entries: usize,
}

/// A setting's check: `Err` says why the value is wrong.
type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;
type Parse<'a> = &'a dyn Fn(&str, Check) -> Result<String, ConfigError>;

/// A whole number between `min` and `max`.
fn number(parse: Parse, key: &str, min: u64, max: u64) -> Result<u64, ConfigError> {
    parse(key, &|v| match v.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(()),
        _ => Err(format!("\"{v}\" must be a number between {min} and {max}")),
    })?
    .parse()
    .map_err(|_| ConfigError(key.into()))
}

/// `203.0.113.7, 10.0.0.0/8, 2001:db8::/32`: addresses or networks.
pub(super) fn parse_networks(value: &str) -> Result<Vec<IpNet>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| format!("\"{entry}\" is not an address or network like 10.0.0.0/8"))
        })
        .collect()
}

pub(super) fn connection_limits(parse: Parse) -> Result<ConnectionLimits, ConfigError> {
    let max_total = number(parse, "http.max_connections", 0, 1_000_000)?;
    Ok(ConnectionLimits {
        max_total: (max_total > 0).then_some(max_total as usize),
        per_address: number(parse, "http.max_connections_per_address", 1, 1_000_000)? as usize,
        header_timeout: Duration::from_secs(number(parse, "http.header_timeout_secs", 1, 3600)?),
        idle_timeout: Duration::from_secs(number(parse, "http.idle_timeout_secs", 1, 3600)?),
        trusted_proxies: parse_networks(&parse("http.trusted_proxies", &|v| {
            parse_networks(v).map(|_| ())
        })?)
        .map_err(ConfigError)?,
    })
}

pub(super) fn login_limits(parse: Parse) -> Result<LoginLimits, ConfigError> {
    let workers = match number(parse, "limits.password_workers", 0, 256)? {
        // As many as the machine has cores, but never so many that their
        // memory alone (19 MiB each) would pass 152 MiB.
        0 => std::thread::available_parallelism().map_or(2, |n| n.get().min(8)),
        n => n as usize,
    };
    let count =
        |key: &str| -> Result<u32, ConfigError> { Ok(number(parse, key, 1, 1_000_000)? as u32) };
    Ok(LoginLimits {
        password_workers: workers,
        password_queue: number(parse, "limits.password_queue", 0, 100_000)? as usize,
        password_wait: Duration::from_secs(number(parse, "limits.password_wait_secs", 1, 600)?),
        failures_per_account: count("limits.login_failures_per_account")?,
        failures_per_address: count("limits.login_failures_per_address")?,
        registrations_per_address: count("limits.registrations_per_address")?,
        invitation_failures_per_address: count("limits.invitation_failures_per_address")?,
        max_delay: Duration::from_secs(number(parse, "limits.max_delay_secs", 1, 86_400)?),
        throttle_entries: number(parse, "limits.throttle_entries", 100, 10_000_000)? as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_and_single_addresses() {
        let nets = parse_networks(" 10.1.2.3/8, 203.0.113.7 ,2001:db8::1/32").unwrap();
        assert_eq!(nets.len(), 3);
        assert_eq!(nets[0].to_string(), "10.0.0.0/8");
        assert_eq!(nets[1].to_string(), "203.0.113.7/32");
        assert_eq!(nets[2].to_string(), "2001:db8::/32");
        assert!(parse_networks("").unwrap().is_empty());
        assert!(parse_networks("10.0.0.0/33").is_err());
        assert!(parse_networks("proxy.example").is_err());
    }

    #[test]
    fn mapped_addresses_count_as_ipv4() {
        let limits = ConnectionLimits {
            max_total: None,
            per_address: 1,
            header_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(1),
            trusted_proxies: parse_networks("127.0.0.1").unwrap(),
        };
        assert!(limits.is_trusted_proxy("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!limits.is_trusted_proxy("127.0.0.2".parse().unwrap()));
    }
}
