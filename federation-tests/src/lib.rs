//! A network of real Agora instances on loopback, each reached under its
//! own domain name through resolver overrides (no /etc/hosts).

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use agora::config::{RegistrationMode, database_kind};
use agora::{AppState, Application, Config};

pub mod peer;

/// One instance (running unless [`Network::stop`]ped).
pub struct Instance {
    pub domain: String,
    pub addr: SocketAddr,
    pub state: AppState,
    config: Config,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _data: tempfile::TempDir,
}

impl Instance {
    /// `http://DOMAIN` + `path`: the URL other instances use.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.domain)
    }

    /// The number a `SELECT COUNT(*) …` gives on this instance's database.
    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.state.db.read)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        n
    }

    /// Whether everything this instance had to send is sent: no recorded
    /// change waits to become activities, and no delivery waits. (The
    /// worker turns a change into deliveries in one transaction, so there
    /// is no moment in between when both look empty.)
    pub async fn drained(&self) -> bool {
        let db = &self.state.db;
        let (changes, _) = agora::changes::backlog(db)
            .await
            .unwrap_or_else(|e| panic!("the changes waiting: {e}"));
        let deliveries = agora::federation::outbox::pending(db)
            .await
            .unwrap_or_else(|e| panic!("the deliveries waiting: {e}"));
        changes == 0 && deliveries.is_empty()
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
        Self::start_with(domains, |_, _| {}).await
    }

    /// [`Network::start`], letting `configure` change each instance's
    /// configuration (given its domain) before it starts.
    pub async fn start_with(
        domains: &[&str],
        configure: impl Fn(&str, &mut Config),
    ) -> Result<Network, String> {
        let mut instances = Vec::new();
        let mut apps = Vec::new();
        for domain in domains {
            let data = tempfile::tempdir().map_err(|e| e.to_string())?;
            let mut config = Config::defaults();
            config.domain = (*domain).to_owned();
            config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
            config.database_url = format!("sqlite://{}", data.path().join("agora.db").display());
            config.database_kind = database_kind(&config.database_url)?;
            config.data_dir = data.path().join("files");
            config.registration = RegistrationMode::Open;
            // Test networks live on loopback, over http.
            config.allow_private_networks = true;
            configure(domain, &mut config);
            let app = Application::build(config)
                .await
                .map_err(|e| format!("{domain}: {e:#}"))?;
            apps.push((app, data));
        }
        // Every instance reaches every other one by its name.
        let addresses: Vec<(String, SocketAddr)> = apps
            .iter()
            .zip(domains)
            .map(|((app, _), domain)| ((*domain).to_owned(), app.local_addr()))
            .collect();
        for (app, data) in apps {
            for (domain, addr) in &addresses {
                app.host_overrides().insert(domain, *addr);
            }
            let addr = app.local_addr();
            let state = app.state().clone();
            let domain = state.config.domain.clone();
            let mut config = (*state.config).clone();
            config.bind = addr;
            let (shutdown, task) = spawn(app);
            instances.push(Instance {
                domain,
                addr,
                state,
                config,
                shutdown: Some(shutdown),
                task: Some(task),
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

    /// Registers a member on `instance` and returns an API token.
    pub async fn member(&self, instance: &Instance, username: &str) -> Result<String, String> {
        self.member_at(&self.client, &instance.url(""), username)
            .await
    }

    /// Registers `name` on `instance` with an instance `role` (`admin`,
    /// `moderator`) and returns a token made after the role was set.
    pub async fn staff(
        &self,
        instance: &Instance,
        name: &str,
        role: &str,
    ) -> Result<String, String> {
        self.member(instance, name).await?;
        sqlx::query("UPDATE accounts SET role = $1 WHERE username = $2 AND domain IS NULL")
            .bind(role)
            .bind(name)
            .execute(instance.state.db.writer())
            .await
            .map_err(|e| e.to_string())?;
        // Tokens cache their account for a few seconds: use a fresh one.
        self.member_token(instance, name).await
    }

    /// A new API token for an existing member of `instance`.
    pub async fn member_token(
        &self,
        instance: &Instance,
        username: &str,
    ) -> Result<String, String> {
        let token: serde_json::Value = self
            .client
            .post(instance.url("/api/v1/tokens"))
            .json(&serde_json::json!({"name": "tests", "login": username, "password": "correct horse battery staple"}))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        token["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no token for {username}: {token}"))
    }

    /// Registers a member on the instance at `base` (e.g. one running as a
    /// separate process) and returns an API token.
    pub async fn member_at(
        &self,
        client: &reqwest::Client,
        base: &str,
        username: &str,
    ) -> Result<String, String> {
        let password = "correct horse battery staple";
        let created = client
            .post(format!("{base}/api/v1/accounts"))
            .json(&serde_json::json!({"username": username, "email": format!("{username}@example.org"), "password": password}))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if created.status() != 201 {
            return Err(format!("register {username}: {}", created.status()));
        }
        let token: serde_json::Value = client
            .post(format!("{base}/api/v1/tokens"))
            .json(&serde_json::json!({"name": "tests", "login": username, "password": password}))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        token["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no token for {username}: {token}"))
    }

    /// A JSON request as the member holding `token` (or anonymously).
    pub async fn call(
        &self,
        method: reqwest::Method,
        url: String,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.request(method, &url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                (
                    status,
                    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
                )
            }
            Err(e) => panic!("{url}: {e}"),
        }
    }

    /// The member holding `token` on `instance` follows a space by handle
    /// (`@news@alpha.test`) and waits, up to 20 s, until it is accepted.
    pub async fn follow(&self, instance: &Instance, token: &str, handle: &str) {
        let (status, body) = self
            .call(
                reqwest::Method::POST,
                instance.url("/api/v1/follows"),
                Some(token),
                Some(serde_json::json!({ "handle": handle })),
            )
            .await;
        assert_eq!(status, 202, "follow {handle}: {body}");
        let space = handle.trim_start_matches('@').to_owned();
        eventually(
            &format!("{} follows {handle}", instance.domain),
            Duration::from_secs(20),
            || async {
                let (_, list) = self
                    .call(
                        reqwest::Method::GET,
                        instance.url("/api/v1/follows"),
                        Some(token),
                        None,
                    )
                    .await;
                list.as_array()?
                    .iter()
                    .any(|f| {
                        f["state"] == "accepted"
                            && f["handle"]
                                .as_str()
                                .is_some_and(|h| h.trim_start_matches('@') == space)
                    })
                    .then_some(())
            },
        )
        .await;
    }

    /// Stops an instance (gracefully: open connections are closed, work
    /// in flight is abandoned and resumed at the next start).
    pub async fn stop(&mut self, domain: &str) {
        let instance = self.instance_mut(domain);
        if let Some(shutdown) = instance.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = instance.task.take() {
            let _ = task.await;
        }
    }

    /// Starts a stopped instance again on the same address and data.
    pub async fn restart(&mut self, domain: &str) -> Result<(), String> {
        let addresses: Vec<(String, SocketAddr)> = self
            .instances
            .iter()
            .map(|i| (i.domain.clone(), i.addr))
            .collect();
        let instance = self.instance_mut(domain);
        let app = Application::build(instance.config.clone())
            .await
            .map_err(|e| format!("{domain}: {e:#}"))?;
        for (domain, addr) in &addresses {
            app.host_overrides().insert(domain, *addr);
        }
        instance.state = app.state().clone();
        let (shutdown, task) = spawn(app);
        instance.shutdown = Some(shutdown);
        instance.task = Some(task);
        Ok(())
    }

    fn instance_mut(&mut self, domain: &str) -> &mut Instance {
        match self.instances.iter_mut().find(|i| i.domain == domain) {
            Some(instance) => instance,
            None => panic!("no instance {domain} in this network"),
        }
    }

    pub fn instance(&self, domain: &str) -> &Instance {
        match self.instances.iter().find(|i| i.domain == domain) {
            Some(instance) => instance,
            None => panic!("no instance {domain} in this network"),
        }
    }
}

type Running = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
);

fn spawn(app: Application) -> Running {
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));
    (shutdown, task)
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
