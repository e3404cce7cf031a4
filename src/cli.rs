//! The `agora` command line.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::accounts::{self, InstanceRole, NewAccount, Registration, passwords};
use crate::config::{Config, ConfigError};
use crate::db::{Db, format_time};
use crate::{Application, error::AppError};

#[derive(Parser)]
#[command(
    name = "agora",
    version,
    about = "Agora: a federated collaboration server for human-rights networks"
)]
struct Cli {
    /// Configuration file [default: config/agora.toml if it exists, else built-in defaults]
    #[arg(long, short, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (applies pending migrations first)
    Serve,
    /// Apply pending database migrations and exit
    Migrate,
    /// Administer the instance
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account. The password is read from standard input; when
    /// none is given, a strong one is generated and printed once.
    CreateUser {
        /// Username: letters, digits or _, starting with a letter
        name: String,
        /// Email address
        #[arg(long)]
        email: String,
        /// Make the account an instance admin
        #[arg(long)]
        admin: bool,
    },
    /// List every account on the instance
    ListUsers,
    /// Print a single-use link with which a member chooses a new password
    /// (valid 24 hours; needs no mail server). Using it signs the member
    /// out everywhere
    ResetPassword {
        /// The member's username
        name: String,
        /// Also turn off the member's second factor, for one who lost both
        /// their phone and their recovery codes
        #[arg(long)]
        remove_second_factor: bool,
    },
    /// Federation policy: whom this instance talks to
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The moderators' queue of reports
    Reports {
        /// Show closed reports (resolved and dismissed) instead of open ones
        #[arg(long)]
        closed: bool,
    },
    /// Copy the instance, while it runs, into a new folder: a consistent
    /// snapshot of the database (SQLite; pg_dump on PostgreSQL), the
    /// library's files and the configuration file
    Backup {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
    /// Rebuild the search index from the content (spaces, people, posts,
    /// comments, events, library items), showing its progress. Safe while
    /// the server runs: searches see the old entries until the new ones
    /// replace them
    Reindex,
    /// Bring a backup back into the configured database and data folder.
    /// Stop the server first
    Restore {
        /// The backup's folder
        dir: PathBuf,
        /// Replace a database that already holds data (SQLite: it is kept
        /// beside the restored one)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Show the mode and every domain rule
    List,
    /// Suspend a domain (and its subdomains): no traffic either way; its
    /// pending deliveries are dropped at once
    Suspend(RuleArgs),
    /// Limit a domain: its content stays out of the public feed
    Limit(RuleArgs),
    /// Allow a domain (for allowlist mode)
    Allow(RuleArgs),
    /// Lift the rule on a domain
    Lift {
        /// The domain, e.g. example.org
        domain: String,
    },
    /// Set the mode: open, blocklist or allowlist
    Mode {
        mode: crate::federation::policy::Mode,
    },
    /// Import rules from a Mastodon-style CSV; shows the changes, and
    /// writes them (all or nothing) with --apply
    Import {
        /// The CSV file (#domain,#severity,#reject_media,…)
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    /// Print the rules as a Mastodon-style CSV
    Export,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// The domain, e.g. example.org (covers its subdomains)
    domain: String,
    /// Shown in the public list of limited and suspended domains
    #[arg(long, default_value = "")]
    reason: String,
    /// For admins only
    #[arg(long, default_value = "")]
    comment: String,
    /// Refuse media and files from it
    #[arg(long)]
    reject_media: bool,
    /// Lift by itself after this many days
    #[arg(long, value_name = "DAYS")]
    expires_in_days: Option<i64>,
}

/// Runs the command line and returns the process exit code: 0 on success,
/// 2 for a configuration or usage error, 1 for anything else.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // The file the configuration comes from, for `admin backup`.
    let config_file = cli
        .config
        .clone()
        .or_else(|| Some(PathBuf::from(crate::config::DEFAULT_CONFIG_PATH)).filter(|p| p.exists()));
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(ConfigError(message)) => {
            eprintln!("agora: config error: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("agora: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config, config_file)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agora: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

async fn run(command: Command, config: Config, config_file: Option<PathBuf>) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let db = Db::connect(&config).await?;
            db.migrate().await?;
            db.close().await;
            println!("database is up to date");
            Ok(())
        }
        Command::Admin(AdminCommand::CreateUser { name, email, admin }) => {
            create_user(config, name, email, admin).await
        }
        Command::Admin(AdminCommand::ListUsers) => list_users(config).await,
        Command::Admin(AdminCommand::ResetPassword {
            name,
            remove_second_factor,
        }) => reset_password(config, name, remove_second_factor).await,
        Command::Admin(AdminCommand::Policy(command)) => policy_command(config, command).await,
        Command::Admin(AdminCommand::Reports { closed }) => reports(config, closed).await,
        Command::Admin(AdminCommand::Backup { dir }) => {
            let say = |line: String| println!("{line}");
            crate::backup::backup(&config, config_file.as_deref(), &dir, &say).await?;
            Ok(())
        }
        Command::Admin(AdminCommand::Reindex) => reindex(config).await,
        Command::Admin(AdminCommand::Restore { dir, force }) => {
            let say = |line: String| println!("{line}");
            crate::backup::restore(&config, &dir, force, &say).await?;
            Ok(())
        }
    }
}

/// `agora admin policy …`: writes to the database; running servers pick
/// the change up within seconds (the suspension's purge is immediate).
async fn policy_command(config: Config, command: PolicyCommand) -> anyhow::Result<()> {
    use crate::federation::policy::{self, NewRule, Policy, RuleAction};
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let policy = Policy::new(config.federation_mode);
    policy.reload(&db).await.map_err(app_error)?;
    let rule = |args: RuleArgs, action| NewRule {
        domain: args.domain,
        action,
        reject_media: args.reject_media,
        reject_reports: false,
        obfuscate: false,
        public_reason: args.reason,
        private_comment: args.comment,
        expires_in_days: args.expires_in_days,
    };
    let result: anyhow::Result<()> = async {
        match command {
            PolicyCommand::List => {
                println!("mode: {}", policy.mode());
                for r in policy::rules(&db).await.map_err(app_error)? {
                    let expires = r.expires_at.as_deref().unwrap_or("never");
                    println!(
                        "{:<32} {:<8} media:{:<5} expires:{:<28} {}",
                        r.domain,
                        r.action.as_str(),
                        if r.reject_media { "no" } else { "yes" },
                        expires,
                        r.public_reason
                    );
                }
            }
            PolicyCommand::Suspend(args) => {
                let stored =
                    policy::put_rule(&db, &policy, &rule(args, RuleAction::Suspend), "cli")
                        .await
                        .map_err(app_error)?;
                println!("suspended {} (pending deliveries dropped)", stored.domain);
            }
            PolicyCommand::Limit(args) => {
                let stored = policy::put_rule(&db, &policy, &rule(args, RuleAction::Limit), "cli")
                    .await
                    .map_err(app_error)?;
                println!("limited {}", stored.domain);
            }
            PolicyCommand::Allow(args) => {
                let stored = policy::put_rule(&db, &policy, &rule(args, RuleAction::Allow), "cli")
                    .await
                    .map_err(app_error)?;
                println!("allowed {}", stored.domain);
            }
            PolicyCommand::Lift { domain } => {
                policy::lift(&db, &policy, &domain, "cli")
                    .await
                    .map_err(app_error)?;
                println!("lifted the rule on {domain}");
            }
            PolicyCommand::Mode { mode } => {
                policy::set_mode(&db, &policy, mode, "cli")
                    .await
                    .map_err(app_error)?;
                println!("mode: {mode}");
            }
            PolicyCommand::Import { file, apply } => {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
                let rules = policy::parse_csv(&text).map_err(app_error)?;
                let changes = policy::import(&db, &policy, rules, apply, "cli")
                    .await
                    .map_err(app_error)?;
                for c in &changes {
                    let previous = c.previous.map(|p| p.as_str()).unwrap_or("-");
                    println!(
                        "{:<7} {:<32} {previous} -> {}",
                        c.change, c.domain, c.action
                    );
                }
                if apply {
                    println!("{} rule(s) imported", changes.len());
                } else {
                    println!("nothing written: run again with --apply to import");
                }
            }
            PolicyCommand::Export => {
                print!("{}", policy::export_csv(&db).await.map_err(app_error)?);
            }
        }
        Ok(())
    }
    .await;
    db.close().await;
    result
}

async fn reports(config: Config, closed: bool) -> anyhow::Result<()> {
    use crate::moderation::{self, ReportState};
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let result: anyhow::Result<Vec<_>> = async {
        let mut all = Vec::new();
        let states = if closed {
            vec![ReportState::Resolved, ReportState::Dismissed]
        } else {
            vec![ReportState::Open]
        };
        for state in states {
            all.extend(
                moderation::queue(&db, None, Some(state))
                    .await
                    .map_err(app_error)?,
            );
        }
        Ok(all)
    }
    .await;
    db.close().await;
    let all = result?;
    for r in &all {
        let what = match (r.post_id, r.comment_id) {
            (Some(id), _) => format!("post {id}"),
            (None, Some(id)) => format!("comment {id}"),
            (None, None) => "account".to_owned(),
        };
        let from = r
            .origin_domain
            .clone()
            .or_else(|| r.reporter.clone())
            .unwrap_or_else(|| "?".into());
        println!(
            "#{:<5} {:<9} {} about {} ({what}) from {from}: {}{}",
            r.id,
            r.state.as_str(),
            r.created_at,
            r.account.as_deref().unwrap_or("?"),
            r.reason,
            if r.resolution.is_empty() {
                String::new()
            } else {
                format!(" [{}]", r.resolution)
            }
        );
    }
    println!("{} report(s)", all.len());
    Ok(())
}

/// `agora admin reindex`: a progress bar on a terminal (none when the
/// output is a file), then one line with the result.
async fn reindex(config: Config) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("reindexing {bar:40} {pos}/{len} rows, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |p: crate::search::rebuild::Progress| {
        bar.set_length(p.total);
        bar.set_position(p.done);
    };
    let result = crate::search::rebuild::rebuild(&db, &progress).await;
    bar.finish_and_clear();
    db.close().await;
    let entries = result.map_err(app_error)?;
    println!("search index rebuilt: {entries} entries");
    Ok(())
}

fn app_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Internal(cause) => cause,
        other => anyhow::anyhow!("{other}"),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    if !config.https && !is_local(&config.domain) {
        tracing::warn!(
            domain = %config.domain,
            "instance.https is false for a public domain: cookies are not marked Secure"
        );
    }
    let app = Application::build(config).await?;
    tracing::info!(
        address = %app.local_addr(),
        url = %app.state().config.public_url(),
        database = ?app.state().db.kind,
        "agora is serving"
    );
    app.run_until(shutdown_signal()).await?;
    tracing::info!("stopped cleanly");
    Ok(())
}

fn is_local(domain: &str) -> bool {
    let host = domain.split(':').next().unwrap_or(domain);
    host == "localhost" || host.ends_with(".localhost") || host.ends_with(".test")
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn create_user(
    config: Config,
    name: String,
    email: String,
    admin: bool,
) -> anyhow::Result<()> {
    let given = read_password_from_stdin()?;
    let generated = given.is_none();
    let password = given.unwrap_or_else(passwords::generate);
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let role = if admin {
        InstanceRole::Admin
    } else {
        InstanceRole::Member
    };
    let result = accounts::create_account(
        &db,
        NewAccount {
            username: name,
            email,
            password: password.clone(),
            role,
        },
        Registration::Admin,
    )
    .await;
    db.close().await;
    let account = result.map_err(|e| match e {
        AppError::Internal(cause) => cause,
        other => anyhow::anyhow!("{other}"),
    })?;
    println!(
        "created {} ({}) <{}>",
        account.username, account.role, account.email
    );
    if generated {
        println!("password: {password}");
        println!("(shown only this once: keep it somewhere safe)");
    }
    Ok(())
}

/// The first line of standard input, unless it is a terminal or empty.
fn read_password_from_stdin() -> anyhow::Result<Option<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut input = String::new();
    stdin.lock().take(4096).read_to_string(&mut input)?;
    let line = input
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_owned();
    Ok(Some(line).filter(|l| !l.is_empty()))
}

async fn reset_password(
    config: Config,
    name: String,
    remove_second_factor: bool,
) -> anyhow::Result<()> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let result: Result<String, AppError> = async {
        let link = accounts::recovery::issue_reset_link(&db, &config.public_url(), &name).await?;
        if remove_second_factor {
            let account = accounts::find_by_username(&db, &name)
                .await?
                .ok_or(AppError::NotFound("account"))?;
            accounts::second_factor::remove(&db, account.id).await?;
        }
        Ok(link)
    }
    .await;
    db.close().await;
    let link = result.map_err(app_error)?;
    println!("{link}");
    if remove_second_factor {
        println!("(the second factor of {name} is off: they can add one again after signing in)");
    }
    println!(
        "(works once, for {} hours; hand it to {name} by a channel you trust)",
        accounts::links::ADMIN_RESET_LIFETIME_SECS / 3600
    );
    Ok(())
}

async fn list_users(config: Config) -> anyhow::Result<()> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let all = accounts::list(&db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"));
    db.close().await;
    let all = all?;
    println!(
        "{:>6}  {:<24} {:<32} {:<10} created",
        "id", "username", "email", "role"
    );
    for a in &all {
        println!(
            "{:>6}  {:<24} {:<32} {:<10} {}",
            a.id,
            a.username,
            a.email,
            a.role.as_str(),
            format_time(a.created_at)
        );
    }
    println!("{} account(s)", all.len());
    Ok(())
}
