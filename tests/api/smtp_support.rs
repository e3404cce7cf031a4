//! A real SMTP server on loopback for the email tests: `tests/smtp/sink.py`
//! (Python's aiosmtpd, from PyPI; `.ci/run` installs it). Each test starts
//! its own, points its instance at it, and reads what arrived.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

/// One message as the SMTP server received it.
pub struct Received {
    pub raw: String,
    /// The envelope's recipients.
    pub recipients: Vec<String>,
}

impl SmtpSink {
    /// Starts a sink, or prints why the calling test is skipped and returns
    /// `None` (no python3, or no aiosmtpd).
    pub fn start(test: &str, args: &[&str]) -> Option<SmtpSink> {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/sink.py");
        let dir = tempfile::tempdir().expect("temp dir");
        let spawned = Command::new("python3")
            .arg(&script)
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                skipped(test, &format!("cannot run python3 ({e})"));
                return None;
            }
        };
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        let port = line
            .trim()
            .strip_prefix("port ")
            .and_then(|p| p.parse().ok());
        match (read, port) {
            (Some(Ok(_)), Some(port)) => Some(SmtpSink { child, port, dir }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                skipped(test, "the SMTP sink did not start (is aiosmtpd installed?)");
                None
            }
        }
    }

    /// The `email.smtp_url` that sends here (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .map(|path| Received {
                raw: std::fs::read_to_string(&path).unwrap_or_default(),
                recipients: std::fs::read_to_string(path.with_extension("rcpt"))
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_owned)
                    .collect(),
            })
            .collect()
    }

    /// Waits (up to 20 s) for a message to `to` that `pick` accepts.
    pub async fn wait_for(&self, to: &str, pick: impl Fn(&Received) -> bool) -> Received {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(found) = self
                .received()
                .into_iter()
                .find(|m| m.recipients.iter().any(|r| r == to) && pick(m))
            {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "no matching email to {to} within 20 s; received: {:?}",
                self.received()
                    .iter()
                    .map(|m| (m.recipients.clone(), m.subject()))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Says so on the process's stderr, which the test harness does not swallow
/// (it would swallow `println!` in a test that passes).
fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED {test}: {why}; the SMTP tests need Python 3 with aiosmtpd \
         (.ci/run installs it: pip install aiosmtpd) ***\n"
    );
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Received {
    fn parsed(&self) -> mail_parser::Message<'_> {
        MessageParser::default()
            .parse(self.raw.as_bytes())
            .expect("a parseable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// A header's raw value (trimmed), e.g. `List-Unsubscribe`.
    pub fn header(&self, name: &str) -> Option<String> {
        self.parsed().header_raw(name).map(|v| v.trim().to_owned())
    }

    /// The decoded plain-text part.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }

    /// The decoded HTML part.
    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }

    /// `Content-Language`.
    pub fn language(&self) -> Option<String> {
        self.parsed()
            .content_language()
            .as_text_list()
            .and_then(|l| l.first().map(|s| s.to_string()))
            .or_else(|| self.header("Content-Language"))
    }

    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.text();
        let at = text.find(prefix)?;
        Some(
            text[at..]
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default()
                .to_owned(),
        )
    }
}
