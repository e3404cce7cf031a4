//! HTTP signatures and body digests.
//!
//! Inbound requests are verified under either scheme the fediverse uses:
//! RFC 9421 HTTP Message Signatures when the request carries
//! `Signature-Input` ([`rfc9421`]), draft-cavage otherwise ([`cavage`]).
//! Both give a [`PendingSignature`]: the signer's `keyId`, the bytes that
//! were signed, and how; the caller fetches the key and verifies.
//! Outbound requests are signed with draft-cavage, which every peer reads.
//!
//! activitypub_federation signs and verifies internally but does not let us
//! see response statuses (needed to retry 401/429 and honour `Retry-After`)
//! nor verify signed GETs. So Agora signs and verifies here.

use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, Method};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha512};
use url::Url;

use crate::error::AppError;

mod cavage;
pub mod rfc9421;
pub mod structured;

/// How old a signature may be (its `Date`, or its `created`), and how far
/// ahead of our clock: the window Mastodon uses (12 hours back, one hour
/// of clock skew ahead).
const MAX_AGE: Duration = Duration::from_secs(12 * 60 * 60);
const MAX_AHEAD: Duration = Duration::from_secs(60 * 60);

/// Why a request's signature or digest was refused. Each maps to a 400 or
/// a 401 with this text as the reason.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the request is not signed (no Signature header)")]
    Missing,
    #[error("the signature headers are malformed: {0}")]
    Malformed(String),
    #[error("the signature has expired or its date is too far off")]
    Expired,
    #[error("the request has no Date header that can be read")]
    NoDate,
    #[error("the signature does not cover {0}")]
    Uncovered(String),
    #[error("the request was signed for {0}, not for this server")]
    OtherHost(String),
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("the signature's algorithm {0} does not fit the signer's key")]
    KeyMismatch(&'static str),
    #[error("the signature does not match the signer's key")]
    Invalid,
    #[error("the signer's public key is unusable")]
    BadKey,
    #[error("the body has no Digest (or Content-Digest) header")]
    DigestMissing,
    #[error("the body's digest header is malformed: {0}")]
    DigestMalformed(String),
    #[error("the body does not match its digest")]
    DigestMismatch,
}

impl SignatureError {
    /// A body that does not match its own digest is a broken request
    /// (400). Anything else is a signature we cannot verify: 401, so that
    /// a peer that tried one kind of signature (RFC 9421, say) tries
    /// another, as Fedify does.
    pub fn is_bad_request(&self) -> bool {
        matches!(self, SignatureError::DigestMismatch)
    }
}

impl From<SignatureError> for AppError {
    fn from(e: SignatureError) -> AppError {
        if e.is_bad_request() {
            AppError::BadRequest(e.to_string())
        } else {
            AppError::Unauthorized(e.to_string())
        }
    }
}

/// `SHA-256=<base64>`: the `Digest` header value for a body.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// `sha-256=:<base64>:`: the `Content-Digest` (RFC 9530) value for a body.
pub fn content_digest_header(body: &[u8]) -> String {
    format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body)))
}

/// Checks the body against its `Digest` (RFC 3230) or `Content-Digest`
/// (RFC 9530) header: every SHA-256 or SHA-512 digest given must match,
/// and there must be one. Other algorithms are ignored.
pub fn verify_digest(headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
    let mut found = false;
    let sha256 = Sha256::digest(body);
    let expected = BASE64.encode(sha256);
    for value in headers.get_all("digest") {
        let value = value
            .to_str()
            .map_err(|_| SignatureError::DigestMalformed("Digest is not ASCII".into()))?;
        for part in value.split(',') {
            if let Some((algorithm, digest)) = part.trim().split_once('=')
                && algorithm.eq_ignore_ascii_case("sha-256")
            {
                found = true;
                if digest.trim() != expected {
                    return Err(SignatureError::DigestMismatch);
                }
            }
        }
    }
    if let Some(value) = combined(headers, "content-digest")? {
        let members = structured::dictionary(&value)
            .map_err(|e| SignatureError::DigestMalformed(format!("Content-Digest: {e}")))?;
        for member in members {
            let computed = match member.key.as_str() {
                "sha-256" => sha256.to_vec(),
                "sha-512" => Sha512::digest(body).to_vec(),
                _ => continue,
            };
            let structured::Value::Item(structured::Item {
                value: structured::Bare::Bytes(given),
                ..
            }) = member.value
            else {
                return Err(SignatureError::DigestMalformed(format!(
                    "Content-Digest: {} is not a byte sequence",
                    member.key
                )));
            };
            found = true;
            if given != computed {
                return Err(SignatureError::DigestMismatch);
            }
        }
    }
    if found {
        Ok(())
    } else {
        Err(SignatureError::DigestMissing)
    }
}

/// All values of a header as one (`, `-joined, each trimmed), as
/// structured fields and RFC 9421 read them; `None` when absent.
fn combined(headers: &HeaderMap, name: &str) -> Result<Option<String>, SignatureError> {
    let mut out: Option<String> = None;
    for value in headers.get_all(name) {
        let value = value
            .to_str()
            .map_err(|_| SignatureError::Malformed(format!("{name} is not ASCII")))?;
        let joined = out.get_or_insert_with(String::new);
        if !joined.is_empty() {
            joined.push_str(", ");
        }
        joined.push_str(value.trim());
        if joined.len() > structured::MAX_FIELD {
            return Err(SignatureError::Malformed(format!(
                "{name} is longer than {} bytes",
                structured::MAX_FIELD
            )));
        }
    }
    Ok(out)
}

/// How a signature was made: named by the signature (RFC 9421's `alg`),
/// or read from the signer's key (draft-cavage's hs2019, RFC 9421 without
/// `alg`): RSASSA-PKCS1-v1_5 with SHA-256 for RSA keys, Ed25519 for
/// Ed25519 keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    FromKey,
    RsaV15Sha256,
    RsaPssSha512,
    Ed25519,
}

/// A parsed but not yet verified signature.
#[derive(Debug)]
pub struct PendingSignature {
    key_id: String,
    signature: Vec<u8>,
    /// What was signed: the signing string (draft-cavage) or the signature
    /// base (RFC 9421).
    base: String,
    algorithm: Algorithm,
    scheme: &'static str,
}

impl PendingSignature {
    /// The `keyId`: which actor's key to fetch.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// `draft-cavage` or `RFC 9421`.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// What was signed.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Verifies against the signer's public key (PEM): RSA, or Ed25519
    /// (an actor that publishes only a Multikey).
    pub fn verify(&self, public_key_pem: &str) -> Result<(), SignatureError> {
        let base = self.base.as_bytes();
        let Ok(key) = RsaPublicKey::from_public_key_pem(public_key_pem) else {
            let key =
                super::keys::ed25519_from_pem(public_key_pem).ok_or(SignatureError::BadKey)?;
            return match self.algorithm {
                Algorithm::FromKey | Algorithm::Ed25519 => {
                    let signature = ed25519_dalek::Signature::from_slice(&self.signature)
                        .map_err(|_| SignatureError::Invalid)?;
                    key.verify_strict(base, &signature)
                        .map_err(|_| SignatureError::Invalid)
                }
                Algorithm::RsaV15Sha256 => Err(SignatureError::KeyMismatch("rsa-v1_5-sha256")),
                Algorithm::RsaPssSha512 => Err(SignatureError::KeyMismatch("rsa-pss-sha512")),
            };
        };
        match self.algorithm {
            Algorithm::FromKey | Algorithm::RsaV15Sha256 => key.verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(base),
                &self.signature,
            ),
            Algorithm::RsaPssSha512 => {
                key.verify(Pss::new::<Sha512>(), &Sha512::digest(base), &self.signature)
            }
            Algorithm::Ed25519 => return Err(SignatureError::KeyMismatch("ed25519")),
        }
        .map_err(|_| SignatureError::Invalid)
    }
}

/// This instance as signed requests name it.
pub(crate) struct Ours<'a> {
    scheme: &'a str,
    authority: &'a str,
}

impl<'a> Ours<'a> {
    /// `https://agora.example` (or a bare `agora.example`, taken as
    /// https).
    fn of(base: &'a str) -> Ours<'a> {
        let (scheme, authority) = base.split_once("://").unwrap_or(("https", base));
        Ours {
            scheme,
            authority: authority.trim_end_matches('/'),
        }
    }
}

/// Parses the signature of a request to `path_and_query` on this instance
/// (`ours`: its base URL, `https://agora.example`). RFC 9421 when the
/// request has a `Signature-Input` header, draft-cavage otherwise. A
/// request with a body must have signed its digest, so the body is bound
/// to the signature.
pub fn parse(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    ours: &str,
    with_body: bool,
) -> Result<PendingSignature, SignatureError> {
    parse_at(
        method,
        path_and_query,
        headers,
        ours,
        with_body,
        SystemTime::now(),
    )
}

fn parse_at(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    ours: &str,
    with_body: bool,
    now: SystemTime,
) -> Result<PendingSignature, SignatureError> {
    let ours = Ours::of(ours);
    if headers.contains_key("signature-input") {
        let request = rfc9421::Request {
            method,
            path_and_query,
            headers,
            ours: &ours,
        };
        rfc9421::parse(&request, with_body, now)
    } else {
        cavage::parse(method, path_and_query, headers, &ours, with_body, now)
    }
}

/// The key a request says it is signed with, read without verifying
/// anything (to turn away a blocked sender before reading the body).
pub fn key_id_hint(headers: &HeaderMap) -> Option<String> {
    if headers.contains_key("signature-input") {
        return rfc9421::key_id_hint(headers);
    }
    let header = headers.get("signature")?.to_str().ok()?;
    let start = header.find("keyId=\"")? + "keyId=\"".len();
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

/// `host` against our own name, ignoring case, a trailing dot and the
/// default ports.
fn same_host(signed: &str, ours: &str) -> bool {
    let plain = |h: &str| {
        let h = h.trim().to_ascii_lowercase();
        let h = h
            .strip_suffix(":443")
            .or_else(|| h.strip_suffix(":80"))
            .unwrap_or(&h)
            .to_owned();
        h.trim_end_matches('.').to_owned()
    };
    plain(signed) == plain(ours)
}

/// A signature's time must be at most [`MAX_AGE`] old and at most
/// [`MAX_AHEAD`] in the future.
fn within_window(signed_at: SystemTime, now: SystemTime) -> Result<(), SignatureError> {
    let too_new = now.checked_add(MAX_AHEAD).is_some_and(|t| signed_at > t);
    let too_old = signed_at.checked_add(MAX_AGE).is_none_or(|t| t < now);
    if too_new || too_old {
        return Err(SignatureError::Expired);
    }
    Ok(())
}

/// An RSA private key, parsed once for many signatures.
///
/// Signing uses `ring` (already built for the object store) rather than
/// the `rsa` crate, which verifies: every delivery is signed, and `ring`
/// signs an RSA-2048 request several times faster (docs/benchmarks.md,
/// fan-out). Both give the same bytes: PKCS#1 v1.5 is deterministic.
pub struct PrivateKey(ring::rsa::KeyPair);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey")
    }
}

impl PrivateKey {
    /// RSASSA-PKCS1-v1_5 with SHA-256 of `message`.
    pub fn sign(&self, message: &[u8]) -> anyhow::Result<Vec<u8>> {
        let mut signature = vec![0; self.0.public().modulus_len()];
        self.0
            .sign(
                &ring::signature::RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| anyhow::anyhow!("the key could not sign"))?;
        Ok(signature)
    }
}

/// Parses a private key (PKCS#8 PEM) once, for many signatures.
pub fn private_key(pem: &str) -> anyhow::Result<PrivateKey> {
    use rsa::pkcs8::EncodePrivateKey;
    let der = RsaPrivateKey::from_pkcs8_pem(pem)?.to_pkcs8_der()?;
    let pair = ring::rsa::KeyPair::from_pkcs8(der.as_bytes())
        .map_err(|e| anyhow::anyhow!("unusable private key: {e}"))?;
    Ok(PrivateKey(pair))
}

/// The headers that sign a request to `url` as `key_id` (draft-cavage):
/// Host, Date, and for a body its Digest and Content-Type, covered by the
/// Signature.
pub fn sign(
    method: &Method,
    url: &Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &PrivateKey,
) -> anyhow::Result<HeaderMap> {
    cavage::sign_at(method, url, body, key_id, key, SystemTime::now())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn digests_are_required_and_content_digest_is_accepted() {
        let body = b"{}";
        assert_eq!(
            verify_digest(&HeaderMap::new(), body),
            Err(SignatureError::DigestMissing)
        );
        let mut headers = HeaderMap::new();
        let value = format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body)));
        headers.insert("content-digest", HeaderValue::from_str(&value).unwrap());
        verify_digest(&headers, body).unwrap();
    }

    #[test]
    fn garbage_signatures_are_errors_not_panics() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            parse(&Method::POST, "/inbox", &headers, "a.test", true).err(),
            Some(SignatureError::Missing)
        );
        headers.insert("signature", HeaderValue::from_static("garbage"));
        assert!(parse(&Method::POST, "/inbox", &headers, "a.test", true).is_err());
        headers.insert(
            "signature",
            HeaderValue::from_static(r#"keyId="x",headers="(request-target)",signature="%%%""#),
        );
        // The digest is not covered: refused before any key is fetched.
        assert!(parse(&Method::POST, "/inbox", &headers, "a.test", true).is_err());
    }
}
