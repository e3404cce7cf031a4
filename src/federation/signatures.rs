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

/// How old a signed `Date` may be, and how far ahead of our clock: the
/// window Mastodon uses (12 hours back, one hour of clock skew ahead).
const MAX_AGE: Duration = Duration::from_secs(12 * 60 * 60);
const MAX_AHEAD: Duration = Duration::from_secs(60 * 60);
/// What every inbound signature must cover (plus the digest for bodies).
const REQUIRED: [&str; 3] = ["(request-target)", "host", "date"];

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
    #[error("the request has no Date header that can be read")]
    NoDate,
    #[error("the signature does not cover {0} (it must cover (request-target), host and date)")]
    Uncovered(String),
    #[error("the request was signed for {0}, not for this server")]
    OtherHost(String),
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
    /// A body that does not match its own digest is a broken request
    /// (400). Anything else is a signature we cannot verify: 401, so that
    /// a peer that tried one kind of signature (RFC 9421, say) tries
    /// another, as Fedify does.
    pub fn is_bad_request(&self) -> bool {
        matches!(self, SignatureError::DigestMismatch)
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

    /// Verifies against the signer's public key (PEM): RSA, or Ed25519
    /// (an actor that publishes only a Multikey).
    pub fn verify(&self, public_key_pem: &str) -> Result<(), SignatureError> {
        let signature = BASE64
            .decode(self.signature.trim())
            .map_err(|_| SignatureError::Malformed("the signature is not base64".into()))?;
        let Ok(key) = RsaPublicKey::from_public_key_pem(public_key_pem) else {
            let key =
                super::keys::ed25519_from_pem(public_key_pem).ok_or(SignatureError::BadKey)?;
            let signature = ed25519_dalek::Signature::from_slice(&signature)
                .map_err(|_| SignatureError::Invalid)?;
            return key
                .verify_strict(self.signing_string.as_bytes(), &signature)
                .map_err(|_| SignatureError::Invalid);
        };
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
    // HTTP/2 and some proxies drop Host; it is ours anyway. A Host that
    // names another server means the signature was made for that server.
    let signed_host = map.entry("host".into()).or_insert_with(|| host.to_owned());
    if !same_host(signed_host, host) {
        return Err(SignatureError::OtherHost(signed_host.clone()));
    }
    check_date(map.get("date").map(String::as_str), SystemTime::now())?;
    let mut config = Config::new().set_expiration(MAX_AGE);
    for header in REQUIRED {
        config = config.require_header(header);
    }
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
            http_signature_normalization::PrepareVerifyError::Required(missing) => {
                SignatureError::Uncovered(missing.to_string())
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

/// The `Date` must be readable, at most [`MAX_AGE`] old and at most
/// [`MAX_AHEAD`] in the future.
fn check_date(date: Option<&str>, now: SystemTime) -> Result<(), SignatureError> {
    let date = date
        .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        .ok_or(SignatureError::NoDate)?;
    if date > now + MAX_AHEAD || date + MAX_AGE < now {
        return Err(SignatureError::Expired);
    }
    Ok(())
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
    sign_at(method, url, body, key_id, key, SystemTime::now())
}

fn sign_at(
    method: &Method,
    url: &Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &RsaPrivateKey,
    date: SystemTime,
) -> anyhow::Result<HeaderMap> {
    let host = crate::urls::host_of(url).ok_or_else(|| anyhow::anyhow!("{url} has no host"))?;
    let mut headers = BTreeMap::new();
    headers.insert("host".to_owned(), host);
    headers.insert("date".to_owned(), httpdate::fmt_http_date(date));
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

    fn signed_at(url: &str, body: Option<&[u8]>, date: SystemTime) -> (HeaderMap, String) {
        let (key, public) = keys();
        let url = Url::parse(url).unwrap();
        let method = if body.is_some() {
            Method::POST
        } else {
            Method::GET
        };
        let headers = sign_at(
            &method,
            &url,
            body,
            "http://beta.test/users/b#main-key",
            &key,
            date,
        )
        .unwrap();
        (headers, public)
    }

    #[test]
    fn our_signed_gets_cover_target_host_and_date() {
        let (headers, public) = signed_at("http://alpha.test/users/ada", None, SystemTime::now());
        let signature = headers["signature"].to_str().unwrap();
        assert!(
            signature.contains(r#"headers="(request-target) date host""#),
            "{signature}"
        );
        let pending = parse(&Method::GET, "/users/ada", &headers, "alpha.test", false).unwrap();
        pending.verify(&public).unwrap();
    }

    #[test]
    fn a_signature_for_another_server_is_refused() {
        let (headers, _) = signed_at("http://gamma.test/inbox", Some(b"{}"), SystemTime::now());
        assert_eq!(
            parse(&Method::POST, "/inbox", &headers, "alpha.test", true).err(),
            Some(SignatureError::OtherHost("gamma.test".into()))
        );
        // Our name with a default port, another case or a trailing dot is ours.
        for host in ["ALPHA.test", "alpha.test:443", "alpha.test."] {
            assert!(same_host(host, "alpha.test"), "{host}");
        }
        assert!(!same_host("alpha.test:8443", "alpha.test"));
    }

    #[test]
    fn dates_within_mastodons_window_only() {
        let now = SystemTime::now();
        let hour = Duration::from_secs(3600);
        for (date, ok) in [
            (now, true),
            (now - 11 * hour, true),
            (now + hour / 2, true),
            (now - 13 * hour, false),
            (now + 2 * hour, false),
        ] {
            let (headers, public) = signed_at("http://alpha.test/inbox", Some(b"{}"), date);
            let parsed = parse(&Method::POST, "/inbox", &headers, "alpha.test", true);
            match ok {
                true => parsed.unwrap().verify(&public).unwrap(),
                false => assert_eq!(parsed.err(), Some(SignatureError::Expired)),
            }
        }
        let mut headers = signed_at("http://alpha.test/inbox", Some(b"{}"), now).0;
        headers.insert("date", HeaderValue::from_static("yesterday"));
        assert_eq!(
            parse(&Method::POST, "/inbox", &headers, "alpha.test", true).err(),
            Some(SignatureError::NoDate)
        );
    }

    #[test]
    fn a_signature_must_cover_target_host_and_date() {
        let (key, _) = keys();
        let date = httpdate::fmt_http_date(SystemTime::now());
        let body = b"{}";
        // Signed over the digest and date; Host sent but not signed.
        let mut signed = BTreeMap::new();
        signed.insert("digest".to_owned(), digest_header(body));
        signed.insert("date".to_owned(), date.clone());
        let signature = Config::new()
            .dont_use_created_field()
            .begin_sign("POST", "/inbox", signed.clone())
            .unwrap()
            .sign("http://beta.test/users/b#main-key".to_owned(), |s| {
                let bytes = key
                    .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(s.as_bytes()))
                    .unwrap();
                Ok::<_, rsa::Error>(BASE64.encode(bytes))
            })
            .unwrap()
            .signature_header();
        let mut headers = HeaderMap::new();
        headers.insert("digest", HeaderValue::from_str(&signed["digest"]).unwrap());
        headers.insert("host", HeaderValue::from_static("alpha.test"));
        headers.insert("date", HeaderValue::from_str(&date).unwrap());
        headers.insert("signature", HeaderValue::from_str(&signature).unwrap());
        match parse(&Method::POST, "/inbox", &headers, "alpha.test", true) {
            Err(SignatureError::Uncovered(missing)) => {
                assert!(missing.contains("host"), "{missing}");
            }
            other => panic!("expected Uncovered, got {:?}", other.err()),
        }
    }

    #[test]
    fn an_ed25519_multikey_verifies_signatures() {
        use ed25519_dalek::Signer;
        let signing = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let multibase = format!(
            "z{}",
            bs58::encode([&[0xed, 0x01][..], signing.verifying_key().as_bytes()].concat())
                .into_string()
        );
        let pem = super::super::keys::Multikey {
            id: "http://beta.test/users/b#ed25519-key".into(),
            controller: None,
            public_key_multibase: multibase,
        }
        .ed25519_pem()
        .unwrap();
        let mut headers = BTreeMap::new();
        headers.insert("host".to_owned(), "alpha.test".to_owned());
        headers.insert(
            "date".to_owned(),
            httpdate::fmt_http_date(SystemTime::now()),
        );
        let signature = Config::new()
            .mastodon_compat()
            .begin_sign("GET", "/users/ada", headers.clone())
            .unwrap()
            .sign("http://beta.test/users/b#ed25519-key".to_owned(), |s| {
                Ok::<_, rsa::Error>(BASE64.encode(signing.sign(s.as_bytes()).to_bytes()))
            })
            .unwrap()
            .signature_header();
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                HeaderName::try_from(name).unwrap(),
                HeaderValue::try_from(value).unwrap(),
            );
        }
        map.insert("signature", HeaderValue::from_str(&signature).unwrap());
        let pending = parse(&Method::GET, "/users/ada", &map, "alpha.test", false).unwrap();
        pending.verify(&pem).unwrap();
        let moved = parse(&Method::GET, "/users/bob", &map, "alpha.test", false).unwrap();
        assert_eq!(moved.verify(&pem), Err(SignatureError::Invalid));
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
