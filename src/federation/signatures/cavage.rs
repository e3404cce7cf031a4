//! draft-cavage-http-signatures-12, the `Signature: keyId=…` header most
//! of the fediverse sends, read and written with
//! http-signature-normalization, which builds the signing string.

use std::collections::BTreeMap;
use std::time::SystemTime;

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_signature_normalization::Config;
use url::Url;

use super::{
    Algorithm, MAX_AGE, Ours, PendingSignature, PrivateKey, SignatureError, digest_header,
    within_window,
};

/// What every draft-cavage signature must cover (plus the digest for
/// bodies).
const REQUIRED: [&str; 3] = ["(request-target)", "host", "date"];

/// Parses the `Signature` header of a request. A request with a body must
/// have signed its digest, so the body is bound to the signature.
pub(super) fn parse(
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
    ours: &Ours,
    with_body: bool,
    now: SystemTime,
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
    let signed_host = map
        .entry("host".into())
        .or_insert_with(|| ours.authority.to_owned());
    if !super::same_host(signed_host, ours.authority) {
        return Err(SignatureError::OtherHost(signed_host.clone()));
    }
    let date = map
        .get("date")
        .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        .ok_or(SignatureError::NoDate)?;
    within_window(date, now)?;
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
                SignatureError::Uncovered(format!(
                    "{missing} (a draft-cavage signature must cover (request-target), host and date)"
                ))
            }
        })?;
    use http_signature_normalization::verify::{Algorithm as Named, DeprecatedAlgorithm};
    match unverified.algorithm() {
        None | Some(Named::Hs2019) | Some(Named::Deprecated(DeprecatedAlgorithm::RsaSha256)) => {}
        Some(other) => return Err(SignatureError::Algorithm(format!("{other:?}"))),
    }
    let signature = BASE64
        .decode(unverified.signature().trim())
        .map_err(|_| SignatureError::Malformed("the signature is not base64".into()))?;
    Ok(PendingSignature {
        key_id: unverified.key_id().to_owned(),
        signature,
        base: unverified.signing_string().to_owned(),
        // hs2019 names no algorithm: the key's type decides (RSA with
        // SHA-256, or Ed25519).
        algorithm: Algorithm::FromKey,
        scheme: "draft-cavage",
    })
}

pub(super) fn sign_at(
    method: &Method,
    url: &Url,
    body: Option<&[u8]>,
    key_id: &str,
    key: &PrivateKey,
    date: SystemTime,
) -> anyhow::Result<HeaderMap> {
    let host = crate::urls::host_of(url).ok_or_else(|| anyhow::anyhow!("{url} has no host"))?;
    let mut headers = BTreeMap::new();
    headers.insert("host".to_owned(), host);
    headers.insert("date".to_owned(), httpdate::fmt_http_date(date));
    if let Some(body) = body {
        headers.insert("digest".to_owned(), digest_header(body));
        headers.insert(
            "content-type".to_owned(),
            crate::federation::ACTIVITY_JSON.to_owned(),
        );
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
            let signature = key.sign(signing_string.as_bytes())?;
            Ok::<_, anyhow::Error>(BASE64.encode(signature))
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
    use std::time::Duration;

    use super::*;
    use crate::federation::signatures::{parse, private_key, same_host, sign, verify_digest};

    fn keys() -> (PrivateKey, String) {
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
                let bytes = key.sign(s.as_bytes()).unwrap();
                Ok::<_, anyhow::Error>(BASE64.encode(bytes))
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
        let pem = crate::federation::keys::Multikey {
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
}
