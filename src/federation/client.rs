//! The one HTTP client for every request Agora makes to other servers:
//! WebFinger, fetches of actors and objects (activitypub_federation's
//! included), deliveries, backfill. Every request goes through [`Guard`]:
//!
//! - a destination on this machine or a private network is refused before
//!   any connection, whether the URL names it by an IP literal in any
//!   notation (the `url` crate turns `2130706433`, `0x7f.1` and `[::1]`
//!   into addresses; [`check_destination`] checks those) or by a name that
//!   resolves to one (the resolver checks every address at connect time,
//!   so a name cannot change its answer in between) — unless
//!   `federation.allow_private_networks` is set;
//! - a GET that is not signed yet is signed by the instance actor over
//!   `(request-target) host date`, as Mastodon in authorized-fetch mode,
//!   GoToSocial and bovine require.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use activitypub_federation::resolver::ValidatingDnsResolver;
use axum::http::Extensions;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{Method, Request, Response};
use reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use super::signatures::PrivateKey;
use url::{Host, Url};

use super::{Urls, signatures};
use crate::config::Config;

/// Host names resolved to fixed addresses by the outbound client, for test
/// networks whose instances are `alpha.test`, `beta.test`… on loopback
/// (no /etc/hosts). Empty in production.
#[derive(Clone, Default, Debug)]
pub struct HostOverrides(Arc<RwLock<HashMap<String, SocketAddr>>>);

impl HostOverrides {
    pub fn insert(&self, host: &str, addr: SocketAddr) {
        if let Ok(mut map) = self.0.write() {
            map.insert(host.to_ascii_lowercase(), addr);
        }
    }

    fn get(&self, host: &str) -> Option<SocketAddr> {
        self.0.read().ok()?.get(host).copied()
    }
}

/// A key id and its private key.
type SigningKey = Arc<(String, PrivateKey)>;

/// The instance actor's key, which signs fetches once it is loaded.
#[derive(Clone, Default)]
pub struct FetchSigner(Arc<RwLock<Option<SigningKey>>>);

impl std::fmt::Debug for FetchSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FetchSigner")
    }
}

impl FetchSigner {
    pub fn set(&self, key_id: String, key: PrivateKey) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Some(Arc::new((key_id, key)));
        }
    }

    fn get(&self) -> Option<SigningKey> {
        self.0.read().ok()?.clone()
    }
}

/// Why a destination is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refused {
    #[error("only http and https URLs can be fetched")]
    Scheme,
    #[error("{0} is on this machine or a private network")]
    Private(IpAddr),
}

/// Refuses URLs whose host is an IP literal that is not public. Names are
/// checked when they are resolved (see the module's documentation).
pub fn check_destination(url: &Url, allow_private: bool) -> Result<(), Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Scheme);
    }
    if allow_private {
        return Ok(());
    }
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    if is_public(ip) {
        Ok(())
    } else {
        Err(Refused::Private(ip))
    }
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => public_v4(ip),
        IpAddr::V6(ip) => public_v6(ip),
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Carrier-grade NAT, IETF protocol assignments, benchmarking, reserved.
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    // IPv4-mapped (::ffff:a.b.c.d) and the IPv4 inside NAT64 and 6to4.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return public_v4(v4);
    }
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from(((hi as u32) << 16) | lo as u32);
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return public_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return public_v4(embedded(s[1], s[2]));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // The deprecated IPv4-compatible ::a.b.c.d, and ::/96 generally.
        || s[..6] == [0, 0, 0, 0, 0, 0]
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link local
        || (s[0] & 0xffc0) == 0xfec0 // site local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8)) // documentation
}

/// Every outbound request passes here (see the module's documentation).
struct Guard {
    allow_private: bool,
    signer: FetchSigner,
}

#[async_trait::async_trait]
impl Middleware for Guard {
    async fn handle(
        &self,
        mut request: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        check_destination(request.url(), self.allow_private)
            .map_err(reqwest_middleware::Error::middleware)?;
        if request.method() == Method::GET
            && !request.headers().contains_key("signature")
            && let Some(signer) = self.signer.get()
        {
            let (key_id, key) = &*signer;
            let headers = signatures::sign(&Method::GET, request.url(), None, key_id, key)
                .map_err(reqwest_middleware::Error::Middleware)?;
            request.headers_mut().extend(headers);
        }
        next.run(request, extensions).await
    }
}

struct Resolver {
    overrides: HostOverrides,
    system: ValidatingDnsResolver,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        match self.overrides.get(name.as_str()) {
            Some(addr) => {
                let addrs: Addrs = Box::new(std::iter::once(addr));
                Box::pin(async move { Ok(addrs) })
            }
            None => self.system.resolve(name),
        }
    }
}

/// Builds the client: no automatic redirects (activitypub_federation
/// follows one itself, after checking it), bounded times, the resolver
/// that refuses private addresses, and the [`Guard`].
pub fn build(
    config: &Config,
    overrides: HostOverrides,
    signer: FetchSigner,
) -> anyhow::Result<ClientWithMiddleware> {
    let resolver = Resolver {
        overrides,
        system: ValidatingDnsResolver::new(Vec::new(), !config.allow_private_networks),
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .user_agent(format!(
            "Agora/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            Urls::new(&config.domain, config.https).base()
        ))
        .dns_resolver(Arc::new(resolver))
        .build()?;
    Ok(reqwest_middleware::ClientBuilder::new(client)
        .with(Guard {
            allow_private: config.allow_private_networks,
            signer,
        })
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> bool {
        let url = Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        check_destination(&url, false).is_err()
    }

    #[test]
    fn private_addresses_in_any_notation_are_refused() {
        for url in [
            "http://127.0.0.1/",
            "http://127.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://0/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://[::1]/",
            "http://[::]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::127.0.0.1]/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[64:ff9b::a00:1]/",
            "http://[2002:c0a8:101::1]/",
            "https://[0:0:0:0:0:ffff:169.254.169.254]/",
        ] {
            assert!(refused(url), "{url} should be refused");
        }
        assert!(refused("file:///etc/passwd"));
        assert!(refused("gopher://example.org/"));
    }

    #[test]
    fn public_addresses_and_names_pass() {
        for url in [
            "https://93.184.216.34/",
            "https://[2606:4700::1111]/",
            "https://[::ffff:93.184.216.34]/",
            "https://mastodon.social/users/x",
            // Names are checked by the resolver when connecting.
            "https://localhost.example/",
        ] {
            assert!(!refused(url), "{url} should pass");
        }
        let loopback = Url::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(check_destination(&loopback, true), Ok(()));
    }
}
