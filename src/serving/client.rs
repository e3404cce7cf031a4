//! Who sent a request: the connection's peer, or, when the peer is a
//! trusted reverse proxy, the client its `X-Forwarded-For` names.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;
use crate::config::ConnectionLimits;
use crate::error::AppError;

/// The client's address, for throttling and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!(
                    "no peer address: the router is served without ConnectInfo"
                ))
            })?;
        Ok(ClientAddr(client_address(
            peer,
            &parts.headers,
            &state.config.connections,
        )))
    }
}

/// Hops of `X-Forwarded-For` looked at, at most.
const MAX_HOPS: usize = 32;

/// `peer`, unless it is a trusted proxy: then the nearest address in
/// `X-Forwarded-For` (read from the right, the end our proxies write) that
/// is not one of our proxies. What a client wrote there itself is never
/// believed: only entries appended by trusted proxies are read.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, limits: &ConnectionLimits) -> IpAddr {
    let peer = peer.to_canonical();
    if !limits.is_trusted_proxy(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev().take(MAX_HOPS) {
        let Some(addr) = parse_hop(hop) else {
            // Garbage where a proxy of ours should have written: keep the
            // last address we can vouch for.
            break;
        };
        client = addr;
        if !limits.is_trusted_proxy(addr) {
            break;
        }
    }
    client
}

/// `192.0.2.1`, `2001:db8::1`, `192.0.2.1:4711` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|addr| addr.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limits(trusted: &str) -> ConnectionLimits {
        ConnectionLimits {
            max_total: None,
            per_address: 10,
            header_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(1),
            trusted_proxies: trusted
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.trim().parse().unwrap())
                .collect(),
        }
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_trusted_proxies_are_believed() {
        let none = limits("");
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &none),
            ip("198.51.100.1")
        );

        let proxy = limits("127.0.0.1/32, 10.0.0.0/8");
        assert_eq!(
            client_address(ip("127.0.0.1"), &headers, &proxy),
            ip("203.0.113.9")
        );
        // A client's own X-Forwarded-For, passed on by our proxy, is not
        // believed: the right-most address our proxy added wins.
        let spoofed = forwarded(&["1.2.3.4, 203.0.113.9"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &spoofed, &proxy),
            ip("203.0.113.9")
        );
        // Through two of our proxies, in two headers.
        let chain = forwarded(&["1.2.3.4, 203.0.113.9", "10.1.1.1"]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &chain, &proxy),
            ip("203.0.113.9")
        );
        // With ports, in brackets, or garbage.
        let ports = forwarded(&["[2001:db8::7]:4711"]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &ports, &proxy),
            ip("2001:db8::7")
        );
        let garbage = forwarded(&["unknown"]);
        assert_eq!(
            client_address(ip("10.0.0.2"), &garbage, &proxy),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_address(ip("10.0.0.2"), &HeaderMap::new(), &proxy),
            ip("10.0.0.2")
        );
    }
}
