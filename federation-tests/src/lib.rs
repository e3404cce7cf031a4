//! A network of real Agora instances on loopback, each reached under its
//! own domain name through resolver overrides (no /etc/hosts).

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use agora::config::{RegistrationMode, database_kind};
use agora::{AppState, Application, Config};

/// One running instance.
pub struct Instance {
    pub domain: String,
    pub addr: SocketAddr,
    pub state: AppState,
    _data: tempfile::TempDir,
}

impl Instance {
    /// `http://DOMAIN` + `path`: the URL other instances use.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.domain)
    }
}

/// Several instances and an HTTP client that reaches each by its domain.
pub struct Network {
    pub instances: Vec<Instance>,
    pub client: reqwest::Client,
}

impl Network {
    /// Starts one instance per domain, each with its own SQLite database,
    /// on a random port of 127.0.0.1.
    pub async fn start(domains: &[&str]) -> Result<Network, String> {
        let mut instances = Vec::new();
        for domain in domains {
            let data = tempfile::tempdir().map_err(|e| e.to_string())?;
            let mut config = Config::defaults();
            config.domain = (*domain).to_owned();
            config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
            config.database_url = format!("sqlite://{}", data.path().join("agora.db").display());
            config.database_kind = database_kind(&config.database_url)?;
            config.data_dir = data.path().join("files");
            config.registration = RegistrationMode::Open;
            let app = Application::build(config)
                .await
                .map_err(|e| format!("{domain}: {e:#}"))?;
            let addr = app.local_addr();
            let state = app.state().clone();
            tokio::spawn(app.run_until(std::future::pending()));
            instances.push(Instance {
                domain: (*domain).to_owned(),
                addr,
                state,
                _data: data,
            });
        }
        let client = instances
            .iter()
            .fold(reqwest::Client::builder(), |builder, i| {
                builder.resolve(&i.domain, i.addr)
            })
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Network { instances, client })
    }

    pub fn instance(&self, domain: &str) -> &Instance {
        match self.instances.iter().find(|i| i.domain == domain) {
            Some(instance) => instance,
            None => panic!("no instance {domain} in this network"),
        }
    }
}

/// Polls `check` until it returns `Some`, or fails after `deadline`.
pub async fn eventually<T, F, Fut>(what: &str, deadline: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if started.elapsed() > deadline {
            panic!("{what}: not seen within {deadline:?}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
