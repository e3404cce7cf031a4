//! Configuration: one TOML file plus `AGORA_*` environment overrides.
//!
//! Every setting is declared once in [`SETTINGS`]; that table drives the file
//! parser, the environment overrides and the error messages, so a key cannot
//! be read from one place and forgotten in another. Values are validated
//! before anything starts, and a bad one is reported as a single line naming
//! the key (see [`ConfigError`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

mod email;
mod keys;
mod limits;
mod metrics;
mod translation;

pub use email::EmailSettings;
use email::email_settings;
use keys::SETTINGS;
pub use limits::{ConnectionLimits, LoginLimits};
pub use metrics::MetricsSettings;
use metrics::metrics_settings;
pub use translation::TranslationSettings;

/// The file `agora serve` reads when `--config` is not given and it exists.
pub const DEFAULT_CONFIG_PATH: &str = "config/agora.toml";

/// Who may create an account through the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationMode {
    /// Anyone may register.
    Open,
    /// Only holders of an invitation link may register.
    Invite,
    /// Nobody may register; admins create accounts with `agora admin create-user`.
    Closed,
}

impl FromStr for RegistrationMode {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "open" => Ok(Self::Open),
            "invite" => Ok(Self::Invite),
            "closed" => Ok(Self::Closed),
            other => Err(format!(
                "\"{other}\" is not a registration mode; use open, invite or closed"
            )),
        }
    }
}

/// Where library files live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageBackend {
    /// A folder under the data dir (`files/`).
    Local,
    /// An S3-compatible bucket.
    S3(S3Settings),
}

#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// e.g. `https://s3.eu-west-3.amazonaws.com` or a MinIO/Garage URL;
    /// empty for AWS's own endpoint of the region.
    pub endpoint: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Allow an `http://` endpoint (a bucket on the same machine).
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"(hidden)")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// The database engine, chosen by the scheme of `database.url`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Host name (optionally with port) under which this instance is reached.
    pub domain: String,
    /// Whether the public URL is https (sets the `Secure` cookie flag).
    pub https: bool,
    pub registration: RegistrationMode,
    /// The web interface's language for visitors whose browser asks for
    /// none of the translated ones.
    pub language: String,
    pub bind: SocketAddr,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    pub database_url: String,
    pub database_kind: DatabaseKind,
    pub database_max_connections: u32,
    pub data_dir: PathBuf,
    /// Where library files are kept.
    pub storage: StorageBackend,
    /// Largest library file, in bytes.
    pub max_file_bytes: u64,
    /// Most bytes of library content one space may hold (0: no limit).
    pub space_quota_bytes: u64,
    /// A `tracing` filter directive such as `info` or `agora=debug,tower_http=info`.
    pub log_level: String,
    /// Whether AS2 GETs must carry a valid HTTP signature ("authorized fetch").
    pub signed_fetch: bool,
    /// Test networks only: allow http URLs, explicit ports and private or
    /// loopback addresses of other instances.
    pub allow_private_networks: bool,
    /// Deliveries in flight at once to one remote host.
    pub deliveries_per_host: usize,
    /// Test networks only: fixed addresses for other instances' host names.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Whom to federate with, until an admin changes it at runtime.
    pub federation_mode: crate::federation::policy::Mode,
    /// Outgoing email.
    pub email: EmailSettings,
    /// Who may read `/metrics`, if anyone.
    pub metrics: MetricsSettings,
    /// Connections: how many, from whom, for how long (`[http]`).
    pub connections: ConnectionLimits,
    /// Password checks and throttling of logins, registrations and
    /// invitations (`[limits]`).
    pub logins: LoginLimits,
    /// The translation server, if any (`[translation]`).
    pub translation: TranslationSettings,
}

impl Config {
    /// The URL other people and servers use to reach this instance.
    pub fn public_url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.domain)
    }
}

/// A configuration problem, printed as one line by the CLI (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Loads the configuration the way `agora` does: the given file (or
    /// `config/agora.toml` when it exists), then the environment.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match path {
            Some(path) => Some(path.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_PATH)).filter(|p| p.exists()),
        };
        let text = match &file {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                ConfigError(format!("cannot read config file {}: {e}", path.display()))
            })?),
            None => None,
        };
        let env: BTreeMap<String, String> = std::env::vars()
            .filter(|(name, _)| name.starts_with("AGORA_"))
            .collect();
        Self::from_sources(
            text.as_deref(),
            file.as_deref().unwrap_or(Path::new("(defaults)")),
            &env,
        )
    }

    /// Builds a configuration from the text of a TOML file and a set of
    /// environment variables. Separate from [`Config::load`] so tests need no
    /// process-wide state.
    pub fn from_sources(
        toml_text: Option<&str>,
        origin: &Path,
        env: &BTreeMap<String, String>,
    ) -> Result<Self, ConfigError> {
        let mut values: BTreeMap<&'static str, (String, String)> = SETTINGS
            .iter()
            .map(|s| (s.key, (s.default.to_owned(), "default".to_owned())))
            .collect();

        if let Some(text) = toml_text {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                let line = e
                    .span()
                    .map(|span| text[..span.start].matches('\n').count() + 1)
                    .unwrap_or(0);
                ConfigError(format!(
                    "{}: line {line}: {}",
                    origin.display(),
                    e.message().trim()
                ))
            })?;
            for (section, entries) in &table {
                let toml::Value::Table(entries) = entries else {
                    return Err(ConfigError(format!(
                        "{}: `{section}` must be a [section]; known keys: {}",
                        origin.display(),
                        known_keys()
                    )));
                };
                for (name, value) in entries {
                    let key = format!("{section}.{name}");
                    let Some(setting) = SETTINGS.iter().find(|s| s.key == key) else {
                        return Err(ConfigError(format!(
                            "{}: unknown key `{key}`; known keys: {}",
                            origin.display(),
                            known_keys()
                        )));
                    };
                    let text = match value {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Boolean(b) => b.to_string(),
                        other => {
                            return Err(ConfigError(format!(
                                "{}: key `{key}`: expected a string, number or boolean, found {}",
                                origin.display(),
                                other.type_str()
                            )));
                        }
                    };
                    values.insert(setting.key, (text, origin.display().to_string()));
                }
            }
        }

        for setting in SETTINGS {
            if let Some(value) = env.get(setting.env) {
                values.insert(
                    setting.key,
                    (value.clone(), format!("environment {}", setting.env)),
                );
            }
        }

        let get = |key: &str| -> (&str, &str) {
            let (value, source) = &values[key];
            (value.as_str(), source.as_str())
        };
        let parse = |key: &str, check: &dyn Fn(&str) -> Result<(), String>| {
            let (value, source) = get(key);
            check(value)
                .map(|()| value.to_owned())
                .map_err(|why| ConfigError(format!("config key `{key}` (from {source}): {why}")))
        };

        let domain = parse("instance.domain", &validate_domain)?.to_ascii_lowercase();
        let https =
            parse_bool(&parse("instance.https", &|v| parse_bool(v).map(|_| ()))?).unwrap_or(false);
        let registration = parse("instance.registration", &|v| {
            RegistrationMode::from_str(v).map(|_| ())
        })?
        .parse()
        .map_err(ConfigError)?;
        let language = parse("instance.language", &|v| {
            if crate::accounts::INTERFACE_LANGUAGES.contains(&v) {
                Ok(())
            } else {
                Err(format!(
                    "\"{v}\" must be one of {}",
                    crate::accounts::INTERFACE_LANGUAGES.join(", ")
                ))
            }
        })?;
        let bind: SocketAddr = parse("http.bind", &|v| {
            v.parse::<SocketAddr>()
                .map(|_| ())
                .map_err(|_| format!("\"{v}\" is not an address like 127.0.0.1:8080"))
        })?
        .parse()
        .map_err(|_| ConfigError("http.bind".into()))?;
        let max_body_bytes = parse("http.max_body_bytes", &|v| match v.parse::<usize>() {
            Ok(n) if (1024..=1024 * 1024 * 1024).contains(&n) => Ok(()),
            _ => Err(format!(
                "\"{v}\" must be a number of bytes between 1024 and 1073741824"
            )),
        })?
        .parse()
        .unwrap_or(1024 * 1024);
        let database_url = parse("database.url", &|v| database_kind(v).map(|_| ()))?;
        let database_kind = database_kind(&database_url).map_err(ConfigError)?;
        let database_max_connections =
            parse("database.max_connections", &|v| match v.parse::<u32>() {
                Ok(n) if (1..=1000).contains(&n) => Ok(()),
                _ => Err(format!("\"{v}\" must be a number between 1 and 1000")),
            })?
            .parse()
            .unwrap_or(8);
        let data_dir = PathBuf::from(parse("storage.data_dir", &|v| {
            if v.trim().is_empty() {
                Err("must not be empty".into())
            } else {
                Ok(())
            }
        })?);
        let bytes = |key: &str, min: u64| -> Result<u64, ConfigError> {
            parse(key, &|v| match v.parse::<u64>() {
                Ok(n) if n >= min => Ok(()),
                _ => Err(format!("\"{v}\" must be a number of bytes, at least {min}")),
            })?
            .parse()
            .map_err(|_| ConfigError(key.into()))
        };
        let max_file_bytes = bytes("storage.max_file_bytes", 1)?;
        let space_quota_bytes = bytes("storage.space_quota_bytes", 0)?;
        let text = |key: &str| parse(key, &|_| Ok(()));
        let storage = match parse("storage.backend", &|v| match v {
            "local" | "s3" => Ok(()),
            other => Err(format!("\"{other}\" must be local or s3")),
        })?
        .as_str()
        {
            "s3" => {
                let bucket = text("storage.s3_bucket")?;
                if bucket.trim().is_empty() {
                    return Err(ConfigError(
                        "config key `storage.s3_bucket`: storage.backend = \"s3\" needs a bucket name"
                            .into(),
                    ));
                }
                let endpoint = text("storage.s3_endpoint")?;
                let allow_http = parse_bool(&parse("storage.s3_allow_http", &|v| {
                    parse_bool(v).map(|_| ())
                })?)
                .unwrap_or(false);
                if endpoint.starts_with("http://") && !allow_http {
                    return Err(ConfigError(
                        "config key `storage.s3_endpoint`: an http:// endpoint needs \
                         storage.s3_allow_http = true"
                            .into(),
                    ));
                }
                StorageBackend::S3(S3Settings {
                    bucket,
                    endpoint,
                    region: text("storage.s3_region")?,
                    access_key_id: text("storage.s3_access_key_id")?,
                    secret_access_key: text("storage.s3_secret_access_key")?,
                    allow_http,
                })
            }
            _ => StorageBackend::Local,
        };
        let log_level = parse("log.level", &|v| {
            tracing_subscriber::EnvFilter::try_new(v)
                .map(|_| ())
                .map_err(|e| {
                    format!("\"{v}\" is not a log filter such as info or agora=debug: {e}")
                })
        })?;
        let flag = |key: &str| -> Result<bool, ConfigError> {
            Ok(parse_bool(&parse(key, &|v| parse_bool(v).map(|_| ()))?).unwrap_or(false))
        };
        let signed_fetch = flag("federation.signed_fetch")?;
        let allow_private_networks = flag("federation.allow_private_networks")?;
        let deliveries_per_host = parse("federation.deliveries_per_host", &|v| match v
            .parse::<usize>()
        {
            Ok(n) if (1..=64).contains(&n) => Ok(()),
            _ => Err(format!("\"{v}\" must be a number between 1 and 64")),
        })?
        .parse()
        .unwrap_or(8);

        let resolve = parse_resolve(&parse("federation.resolve", &|v| {
            parse_resolve(v).map(|_| ())
        })?)
        .unwrap_or_default();
        if !resolve.is_empty() && !allow_private_networks {
            return Err(ConfigError(
                "config key `federation.resolve`: only for test networks; it needs \
                 federation.allow_private_networks = true"
                    .into(),
            ));
        }

        let federation_mode = parse("federation.mode", &|v| {
            v.parse::<crate::federation::policy::Mode>()
                .map(|_| ())
                .map_err(|_| format!("\"{v}\" must be open, blocklist or allowlist"))
        })?
        .parse()
        .unwrap_or(crate::federation::policy::Mode::Blocklist);

        let email = email_settings(&domain, &|key: &str, check| parse(key, check))?;
        let metrics = metrics_settings(&|key: &str, check| parse(key, check))?;

        let connections = limits::connection_limits(&|key: &str, check| parse(key, check))?;
        let logins = limits::login_limits(&|key: &str, check| parse(key, check))?;
        let translation = translation::translation_settings(&|key: &str, check| parse(key, check))?;

        Ok(Config {
            email,
            metrics,
            connections,
            logins,
            translation,
            federation_mode,
            resolve,
            signed_fetch,
            allow_private_networks,
            deliveries_per_host,
            domain,
            https,
            registration,
            language,
            bind,
            max_body_bytes,
            database_url,
            database_kind,
            database_max_connections,
            data_dir,
            storage,
            max_file_bytes,
            space_quota_bytes,
            log_level,
        })
    }

    /// Built-in defaults with no file and no environment: what a fresh
    /// checkout runs with.
    pub fn defaults() -> Self {
        match Self::from_sources(None, Path::new("(defaults)"), &BTreeMap::new()) {
            Ok(config) => config,
            // The defaults are constants checked by a unit test.
            Err(e) => unreachable!("built-in defaults are invalid: {e}"),
        }
    }
}

fn known_keys() -> String {
    SETTINGS
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `host=ip:port,host=ip:port`.
fn parse_resolve(value: &str) -> Result<Vec<(String, SocketAddr)>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (host, addr) = entry
                .split_once('=')
                .ok_or_else(|| format!("\"{entry}\" is not host=ip:port"))?;
            validate_domain(host.trim())?;
            let addr = addr
                .trim()
                .parse::<SocketAddr>()
                .map_err(|_| format!("\"{addr}\" is not an address like 127.0.0.1:8081"))?;
            Ok((host.trim().to_ascii_lowercase(), addr))
        })
        .collect()
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        other => Err(format!("\"{other}\" must be true or false")),
    }
}

fn validate_domain(value: &str) -> Result<(), String> {
    let (host, port) = match value.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    };
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |p| p == 0)
    {
        return Err(format!("\"{value}\" has an invalid port"));
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.is_empty() || host.len() > 253 || !host.split('.').all(label_ok) {
        return Err(format!(
            "\"{value}\" is not a host name like agora.example.org (no scheme, no path)"
        ));
    }
    Ok(())
}

pub fn database_kind(url: &str) -> Result<DatabaseKind, String> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        if path.is_empty() {
            return Err("sqlite URL has no file path, e.g. sqlite://data/agora.db".into());
        }
        Ok(DatabaseKind::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseKind::Postgres)
    } else {
        let scheme = url.split(':').next().unwrap_or(url);
        Err(format!(
            "unsupported database \"{scheme}\"; use sqlite://PATH or postgres://USER@HOST/DB"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_are_valid_and_embedded() {
        let config = Config::defaults();
        assert_eq!(config.database_url, "sqlite://data/agora.db");
        assert_eq!(config.database_kind, DatabaseKind::Sqlite);
        assert_eq!(config.registration, RegistrationMode::Invite);
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn file_then_environment() {
        let text = "[instance]\ndomain = \"Agora.Example.org\"\nregistration = \"open\"\n[http]\nbind = \"0.0.0.0:9000\"\n";
        let config = Config::from_sources(
            Some(text),
            Path::new("a.toml"),
            &env(&[("AGORA_INSTANCE_REGISTRATION", "closed")]),
        )
        .expect("valid");
        assert_eq!(config.domain, "agora.example.org");
        assert_eq!(config.registration, RegistrationMode::Closed);
        assert_eq!(config.bind.port(), 9000);
    }

    #[test]
    fn errors_name_the_key_on_one_line() {
        type Case<'a> = (Option<&'a str>, &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case] = &[
            (
                Some("[instance]\nregistration = \"maybe\"\n"),
                &[],
                "instance.registration",
            ),
            (Some("[instance]\ncolour = 1\n"), &[], "instance.colour"),
            (None, &[("AGORA_HTTP_BIND", "nowhere")], "AGORA_HTTP_BIND"),
            (None, &[("AGORA_DATABASE_URL", "mysql://x")], "database.url"),
            (None, &[("AGORA_LOG_LEVEL", "loud=[")], "log.level"),
            (
                None,
                &[("AGORA_INSTANCE_DOMAIN", "https://x.org/")],
                "instance.domain",
            ),
            (Some("[instance\n"), &[], "line 1"),
        ];
        for (text, vars, needle) in cases {
            let err = Config::from_sources(*text, Path::new("a.toml"), &env(vars))
                .expect_err("must be rejected");
            let message = err.to_string();
            assert!(message.contains(needle), "{message:?} should name {needle}");
            assert!(!message.contains('\n'), "{message:?} must be one line");
        }
    }
}
