//! RFC 9421 HTTP Message Signatures on inbound requests: `Signature-Input`
//! names what is covered and how, `Signature` holds the bytes.
//!
//! The first signature (in `Signature-Input` order, at most
//! [`MAX_SIGNATURES`] tried) that has bytes in `Signature`, a `keyid`, a
//! `created` within the window and covers what we require is the one
//! verified. Required: `@method`; `@target-uri`, or `@authority` with
//! `@path` (or `@request-target`); and `content-digest` when there is a
//! body. Derived components are computed from this instance's own base
//! URL, so a signature made for another host or path does not verify.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, Method};

use super::structured::{self, Bare, Item, Member, Value, param};
use super::{Algorithm, Ours, PendingSignature, SignatureError, combined, same_host};

/// Signatures of one request looked at, at most.
pub const MAX_SIGNATURES: usize = 4;

const REQUIREMENT: &str = "an RFC 9421 signature must cover @method, @target-uri (or @authority and @path) and, for a body, content-digest";

/// The request, as the signature base reads it.
pub(crate) struct Request<'a> {
    pub method: &'a Method,
    pub path_and_query: &'a str,
    pub headers: &'a HeaderMap,
    pub ours: &'a Ours<'a>,
}

impl Request<'_> {
    fn path(&self) -> &str {
        let path = self
            .path_and_query
            .split_once('?')
            .map_or(self.path_and_query, |(p, _)| p);
        if path.is_empty() { "/" } else { path }
    }

    fn query(&self) -> &str {
        self.path_and_query.split_once('?').map_or("", |(_, q)| q)
    }

    /// The value of one covered component (RFC 9421 §2.1, §2.2).
    fn component(&self, name: &str) -> Result<String, SignatureError> {
        let authority = || self.ours.authority.to_ascii_lowercase();
        Ok(match name {
            "@method" => self.method.as_str().to_owned(),
            "@target-uri" => format!(
                "{}://{}{}",
                self.ours.scheme.to_ascii_lowercase(),
                authority(),
                self.path_and_query
            ),
            "@authority" => authority(),
            "@scheme" => self.ours.scheme.to_ascii_lowercase(),
            "@request-target" => self.path_and_query.to_owned(),
            "@path" => self.path().to_owned(),
            "@query" => format!("?{}", self.query()),
            derived if derived.starts_with('@') => {
                return Err(SignatureError::Malformed(format!(
                    "the component {derived} is not supported on requests"
                )));
            }
            // HTTP/2 and some proxies drop Host; it is ours anyway (and a
            // Host naming another server was refused before).
            "host" if !self.headers.contains_key("host") => self.ours.authority.to_owned(),
            field => combined(self.headers, field)?.ok_or_else(|| {
                SignatureError::Malformed(format!(
                    "the signature covers {field}, which the request does not carry"
                ))
            })?,
        })
    }
}

/// One signature from the headers, before any checks.
struct Candidate<'a> {
    input: &'a Member,
    signature: &'a [u8],
}

pub(crate) fn parse(
    request: &Request,
    with_body: bool,
    now: SystemTime,
) -> Result<PendingSignature, SignatureError> {
    let inputs = dictionary(request.headers, "signature-input")?;
    let signatures = dictionary(request.headers, "signature")?;
    if let Some(host) = request.headers.get("host") {
        let host = host.to_str().unwrap_or_default();
        if !same_host(host, request.ours.authority) {
            return Err(SignatureError::OtherHost(host.to_owned()));
        }
    }
    let candidates = inputs.iter().filter_map(|input| {
        let member = signatures.iter().find(|s| s.key == input.key)?;
        match &member.value {
            Value::Item(Item {
                value: Bare::Bytes(bytes),
                ..
            }) => Some(Candidate {
                input,
                signature: bytes,
            }),
            _ => None,
        }
    });
    let mut first_error = None;
    for candidate in candidates.take(MAX_SIGNATURES) {
        match prepare(request, &candidate, with_body, now) {
            Ok(pending) => return Ok(pending),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        SignatureError::Malformed("no label of Signature-Input has a signature in Signature".into())
    }))
}

/// The `keyid` of the first signature, unverified.
pub(crate) fn key_id_hint(headers: &HeaderMap) -> Option<String> {
    let inputs = dictionary(headers, "signature-input").ok()?;
    inputs.iter().find_map(|member| match &member.value {
        Value::InnerList(_, params) => match param(params, "keyid") {
            Some(Bare::String(key_id)) => Some(key_id.clone()),
            _ => None,
        },
        Value::Item(_) => None,
    })
}

fn dictionary(headers: &HeaderMap, name: &str) -> Result<Vec<Member>, SignatureError> {
    let value = combined(headers, name)?
        .ok_or_else(|| SignatureError::Malformed(format!("no {name} header")))?;
    structured::dictionary(&value).map_err(|e| SignatureError::Malformed(format!("{name}: {e}")))
}

fn prepare(
    request: &Request,
    candidate: &Candidate,
    with_body: bool,
    now: SystemTime,
) -> Result<PendingSignature, SignatureError> {
    let label = &candidate.input.key;
    let Value::InnerList(items, params) = &candidate.input.value else {
        return Err(SignatureError::Malformed(format!(
            "{label} in Signature-Input is not a list of components"
        )));
    };
    let key_id = match param(params, "keyid") {
        Some(Bare::String(key_id)) => key_id.clone(),
        _ => return Err(SignatureError::Malformed(format!("{label} has no keyid"))),
    };
    let created = match param(params, "created") {
        Some(Bare::Integer(created)) => *created,
        _ => return Err(SignatureError::Malformed(format!("{label} has no created"))),
    };
    super::within_window(epoch(created), now)?;
    match param(params, "expires") {
        None => {}
        Some(Bare::Integer(expires)) if epoch(*expires) >= now => {}
        Some(Bare::Integer(_)) => return Err(SignatureError::Expired),
        Some(_) => return Err(SignatureError::Malformed(format!("{label}: bad expires"))),
    }
    let algorithm = match param(params, "alg") {
        None => Algorithm::FromKey,
        Some(Bare::String(alg)) => match alg.as_str() {
            "rsa-v1_5-sha256" => Algorithm::RsaV15Sha256,
            "rsa-pss-sha512" => Algorithm::RsaPssSha512,
            "ed25519" => Algorithm::Ed25519,
            other => return Err(SignatureError::Algorithm(other.to_owned())),
        },
        Some(_) => return Err(SignatureError::Malformed(format!("{label}: bad alg"))),
    };
    let components = components(items)?;
    let covers = |name: &str| components.iter().any(|c| c == name);
    let mut missing = Vec::new();
    if !covers("@method") {
        missing.push("@method");
    }
    if !covers("@target-uri")
        && !(covers("@authority") && (covers("@path") || covers("@request-target")))
    {
        missing.push("@target-uri");
    }
    if with_body && !covers("content-digest") {
        missing.push("content-digest");
    }
    if !missing.is_empty() {
        return Err(SignatureError::Uncovered(format!(
            "{} ({REQUIREMENT})",
            missing.join(", ")
        )));
    }
    Ok(PendingSignature {
        key_id,
        signature: candidate.signature.to_vec(),
        base: signature_base(request, &components, &candidate.input.raw)?,
        algorithm,
        scheme: "RFC 9421",
    })
}

/// The covered components: lowercase names without parameters (`;sf`,
/// `;key`, `;req`… are not supported), each once.
fn components(items: &[Item]) -> Result<Vec<String>, SignatureError> {
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Bare::String(name) = &item.value else {
            return Err(SignatureError::Malformed(
                "a covered component is not a string".into(),
            ));
        };
        if !item.params.is_empty() {
            return Err(SignatureError::Malformed(format!(
                "parameters on the component {name} are not supported"
            )));
        }
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(SignatureError::Malformed(format!(
                "the component {name:?} is not a lowercase name"
            )));
        }
        if names.contains(name) {
            return Err(SignatureError::Malformed(format!(
                "the component {name} is covered twice"
            )));
        }
        names.push(name.clone());
    }
    Ok(names)
}

/// The signature base (RFC 9421 §2.5): one `"name": value` line per
/// component, then `"@signature-params": ` and the member's value exactly
/// as it stands in `Signature-Input`.
fn signature_base(
    request: &Request,
    components: &[String],
    params: &str,
) -> Result<String, SignatureError> {
    let mut base = String::new();
    for name in components {
        let value = request.component(name)?;
        base.push_str(&format!("\"{name}\": {value}\n"));
    }
    base.push_str("\"@signature-params\": ");
    base.push_str(params);
    Ok(base)
}

/// Seconds since the epoch as a time; negative ones are the epoch (and
/// so long expired). Structured integers have at most 15 digits, which
/// any clock can hold.
fn epoch(seconds: i64) -> SystemTime {
    let seconds = Duration::from_secs(u64::try_from(seconds).unwrap_or(0));
    UNIX_EPOCH.checked_add(seconds).unwrap_or(UNIX_EPOCH)
}

#[cfg(test)]
#[path = "rfc9421_tests.rs"]
mod tests;
