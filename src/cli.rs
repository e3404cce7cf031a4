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
}

/// Runs the command line and returns the process exit code: 0 on success,
/// 2 for a configuration or usage error, 1 for anything else.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
    match runtime.block_on(run(cli.command, config)) {
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

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
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
