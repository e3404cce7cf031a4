//! The `[metrics]` section: whether `/metrics` answers, and to whom.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{ConfigError, parse_bool};

/// Shortest accepted `metrics.token`: guessing it must be hopeless.
const MIN_TOKEN_CHARS: usize = 24;

/// Who may read `/metrics`.
#[derive(Clone, Default)]
pub struct MetricsSettings {
    /// Off by default: `/metrics` answers 404 like any unknown path.
    pub enabled: bool,
    /// Client addresses that may read it without a token.
    pub allow: Vec<IpNet>,
    /// A bearer token that opens it from anywhere.
    pub token: Option<String>,
}

impl MetricsSettings {
    /// Whether a client at `address` may read it without a token. IPv4
    /// clients of a dual-stack listener (`::ffff:a.b.c.d`) count as IPv4.
    pub fn allows_address(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.allow.iter().any(|net| net.contains(&address))
    }
}

impl std::fmt::Debug for MetricsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("enabled", &self.enabled)
            .field("allow", &self.allow)
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .finish()
    }
}

/// A setting's check: `Err` says why the value is wrong.
type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// `a.b.c.d`, `a.b.c.d/n`, `::1`, `fd00::/8`…, comma-separated.
fn parse_allow(value: &str) -> Result<Vec<IpNet>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .map(|net| net.trunc())
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("\"{entry}\" is not an address or range like 10.0.0.5 or 10.0.0.0/24")
                })
        })
        .collect()
}

pub(super) fn metrics_settings(
    parse: &dyn Fn(&str, Check) -> Result<String, ConfigError>,
) -> Result<MetricsSettings, ConfigError> {
    let enabled =
        parse_bool(&parse("metrics.enabled", &|v| parse_bool(v).map(|_| ()))?).unwrap_or(false);
    let allow =
        parse_allow(&parse("metrics.allow", &|v| parse_allow(v).map(|_| ()))?).unwrap_or_default();
    let token = parse("metrics.token", &|v| {
        let v = v.trim();
        if v.is_empty() {
            Ok(())
        } else if v.chars().count() < MIN_TOKEN_CHARS {
            Err(format!(
                "must be at least {MIN_TOKEN_CHARS} characters (e.g. from `openssl rand -hex 32`)"
            ))
        } else if !v.chars().all(|c| c.is_ascii_graphic()) {
            Err("must be printable ASCII without spaces".into())
        } else {
            Ok(())
        }
    })?;
    let token = Some(token.trim().to_owned()).filter(|t| !t.is_empty());
    if enabled && allow.is_empty() && token.is_none() {
        return Err(ConfigError(
            "config key `metrics.enabled`: /metrics needs metrics.allow (addresses) or \
             metrics.token, or nobody could read it"
                .into(),
        ));
    }
    Ok(MetricsSettings {
        enabled,
        allow,
        token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_takes_addresses_and_ranges() {
        let nets = parse_allow("127.0.0.1, 10.1.2.3/8 ,::1,").unwrap();
        let settings = MetricsSettings {
            enabled: true,
            allow: nets,
            token: None,
        };
        for (address, allowed) in [
            ("127.0.0.1", true),
            ("127.0.0.2", false),
            ("10.200.0.1", true),
            ("11.0.0.1", false),
            ("::1", true),
            ("::ffff:127.0.0.1", true),
            ("::2", false),
        ] {
            let ip: IpAddr = address.parse().unwrap();
            assert_eq!(settings.allows_address(ip), allowed, "{address}");
        }
        assert!(parse_allow("10.0.0.0/33").is_err());
        assert!(parse_allow("localhost").is_err());
    }
}
