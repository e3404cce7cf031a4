//! HTTP signatures (draft-cavage, RSA-SHA256) and body digests.
//!
//! activitypub_federation signs and verifies internally but does not let us
//! see response statuses (needed to retry 401/429 and honour `Retry-After`)
//! nor verify signed GETs. So Agora signs and verifies here, with
//! http-signature-normalization building the signing string.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_signature_normalization::Config;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use url::Url;

/// How long a signature stays valid (also bounds clock skew).
const VALIDITY: Duration = Duration::from_secs(60 * 60);

/// Why a request's signature or digest was refused. Each maps to a 400 or
/// a 401 with this text as the reason.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the request is not signed (no Signature header)")]
    Missing,
    #[error("the Signature header is malformed: {0}")]
    Malformed(String),
    #[error("the signature has expired or its date is too far off")]
    Expired,
    #[error("the signature does not cover the {0} header")]
    Uncovered(&'static str),
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("the signature does not match the signer's key")]
    Invalid,
    #[error("the signer's public key is unusable")]
    BadKey,
    #[error("the body has no Digest (or Content-Digest) header")]
    DigestMissing,
    #[error("the body does not match its digest")]
    DigestMismatch,
}

impl SignatureError {
    /// Malformed requests are 400; failed authentication 401.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            SignatureError::Malformed(_)
                | SignatureError::DigestMissing
                | SignatureError::DigestMismatch
        )
    }
}

/// `SHA-256=<base64>`: the `Digest` header value for a body.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// Checks the body against its `Digest` (RFC 3230) or `Content-Digest`
/// (RFC 9530) header. SHA-256 is required; other algorithms are ignored.
pub fn verify_digest(headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
    let expected = BASE64.encode(Sha256::digest(body));
    let mut found = false;
    for value in headers.get_all("digest") {
        let value = value.to_str().map_err(|_| SignatureError::DigestMismatch)?;
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
    for value in headers.get_all("content-digest") {
        let value = value.to_str().map_err(|_| SignatureError::DigestMismatch)?;
        for part in value.split(',') {
            if let Some((algorithm, digest)) = part.trim().split_once('=')
                && algorithm.eq_ignore_ascii_case("sha-256")
            {
                found = true;
                if digest.trim().trim_matches(':') != expected {
                    return Err(SignatureError::DigestMismatch);
                }
            }
        }
    }
    if found {
        Ok(())
    } else {
        Err(SignatureError::DigestMissing)
    }
}

/// A parsed but not yet verified signature.
pub struct PendingSignature {
    key_id: String,
    signature: String,
    signing_string: String,
}

impl PendingSignature {
    /// The `keyId`: which actor's key to fetch.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Verifies against the signer's public key (PEM).
    pub fn verify(&self, public_key_pem: &str) -> Result<(), SignatureError> {
        let key = RsaPublicKey::from_public_key_pem(public_key_pem)
            .map_err(|_| SignatureError::BadKey)?;
        let signature = BASE64
            .decode(self.signature.trim())
            .map_err(|_| SignatureError::Malformed("the signature is not base64".into()))?;
        key.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(self.signing_string.as_bytes()),
            &signature,
        )
        .map_err(|_| SignatureError::Invalid)
    }
}

/// Parses the `Signature` header of a request. A request with a body must
/// have signed its digest, so the body is bound to the signature.
pub fn parse(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    host: &str,
    with_body: bool,
) -> Result<PendingSignature, SignatureError> {
    let mut map = BTreeMap::new();
    for (name, value) in headers {
        if let Ok(value) = value.to_str() {
            map.insert(name.as_str().to_owned(), value.to_owned());
        }
    }
    if !map.contains_key("signature") && !map.contains_key("authorization") {
        return Err(SignatureError::Missing);
    }
    // HTTP/2 and some proxies drop Host; it is ours anyway.
    map.entry("host".into()).or_insert_with(|| host.to_owned());
    let mut config = Config::new().set_expiration(VALIDITY);
    if with_body {
        config = if map.contains_key("digest") {
            config.require_header("digest")
        } else {
            config.require_header("content-digest")
        };
    }
    let unverified = config
        .begin_verify(method.as_str(), path_and_query, map)
        .map_err(|e| match e {
            http_signature_normalization::PrepareVerifyError::Validate(
                http_signature_normalization::verify::ValidateError::Missing,
            ) => SignatureError::Missing,
            http_signature_normalization::PrepareVerifyError::Validate(_) => {
                SignatureError::Expired
            }
            http_signature_normalization::PrepareVerifyError::Parse(e) => {
                SignatureError::Malformed(format!("no {} field", e.missing_field()))
            }
            http_signature_normalization::PrepareVerifyError::Required(_) => {
                SignatureError::Uncovered(if with_body { "digest" } else { "host" })
            }
        })?;
    use http_signature_normalization::verify::{Algorithm, DeprecatedAlgorithm};
    match unverified.algorithm() {
        None
        | Some(Algorithm::Hs2019)
        | Some(Algorithm::Deprecated(DeprecatedAlgorithm::RsaSha256)) => {}
        Some(other) => return Err(SignatureError::Algorithm(format!("{other:?}"))),
    }
    let pending = PendingSignature {
        key_id: unverified.key_id().to_owned(),
        signature: unverified.signature().to_owned(),
        signing_string: unverified.signing_string().to_owned(),
    };
    Ok(pending)
}

/// Parses a private key once, for many signatures.
pub fn private_key(pem: &str) -> anyhow::Result<RsaPrivateKey> {
    Ok(RsaPrivateKey::from_pkcs8_pem(pem)?)
}

/// The headers that sign a request to `url` as `key_id`: Host, Date, and
/// for a body its Digest and Content-Type, covered by the Signature.
pub fn sign(
    method: &Method,
    url: &Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &RsaPrivateKey,
) -> anyhow::Result<HeaderMap> {
    let host = super::urls::host_of(url).ok_or_else(|| anyhow::anyhow!("{url} has no host"))?;
    let mut headers = BTreeMap::new();
    headers.insert("host".to_owned(), host);
    headers.insert(
        "date".to_owned(),
        httpdate::fmt_http_date(SystemTime::now()),
    );
    if let Some(body) = body {
        headers.insert("digest".to_owned(), digest_header(body));
        headers.insert("content-type".to_owned(), super::ACTIVITY_JSON.to_owned());
    }
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    // Mastodon-compatible: (request-target) plus the headers, and the Date
    // header rather than the `(created)` pseudo-header.
    let signed = Config::new()
        .mastodon_compat()
        .begin_sign(method.as_str(), &path, headers.clone())?
        .sign(key_id.to_owned(), |signing_string| {
            let signature = key.sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(signing_string.as_bytes()),
            )?;
            Ok::<_, rsa::Error>(BASE64.encode(signature))
        })?;
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(HeaderName::try_from(name)?, HeaderValue::try_from(value)?);
    }
    map.insert(
        HeaderName::from_static("signature"),
        HeaderValue::try_from(signed.signature_header())?,
    );
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (RsaPrivateKey, String) {
        let pair = activitypub_federation::http_signatures::generate_actor_keypair().unwrap();
        (private_key(&pair.private_key).unwrap(), pair.public_key)
    }

    fn signed(body: &[u8]) -> (HeaderMap, String) {
        let (key, public) = keys();
        let url = Url::parse("http://alpha.test/inbox").unwrap();
        let headers = sign(
            &Method::POST,
            &url,
            Some(body),
            "http://beta.test/users/b#main-key",
            &key,
        )
        .unwrap();
        (headers, public)
    }

    #[test]
    fn a_signed_request_verifies_and_a_changed_one_does_not() {
        let body = br#"{"type":"Follow"}"#;
        let (headers, public) = signed(body);
        verify_digest(&headers, body).unwrap();
        let pending = parse(&Method::POST, "/inbox", &headers, "alpha.test", true).unwrap();
        assert_eq!(pending.key_id(), "http://beta.test/users/b#main-key");
        pending.verify(&public).unwrap();

        // Another path: the signing string differs.
        let moved = parse(
            &Method::POST,
            "/users/x/inbox",
            &headers,
            "alpha.test",
            true,
        )
        .unwrap();
        assert_eq!(moved.verify(&public), Err(SignatureError::Invalid));
        // Another body: the digest no longer matches.
        assert_eq!(
            verify_digest(&headers, br#"{"type":"Delete"}"#),
            Err(SignatureError::DigestMismatch)
        );
        // Another key.
        let (_, other) = keys();
        assert_eq!(pending.verify(&other), Err(SignatureError::Invalid));
    }

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
