use axum::http::{HeaderName, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs8::EncodePublicKey;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey};
use sha2::{Digest, Sha256, Sha512};

use super::super::{
    SignatureError, content_digest_header, key_id_hint, parse, parse_at, verify_digest,
};
use super::*;

// RFC 9421 Appendix B.1.4: test-key-ed25519.
const ED25519_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----\n\
    MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n\
    -----END PUBLIC KEY-----\n";
const ED25519_PRIVATE_PKCS8: &str =
    "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF";

fn header_map(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::try_from(*name).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

/// The test-request of RFC 9421 Appendix B.2.
fn b2_request() -> HeaderMap {
    header_map(&[
        ("host", "example.com"),
        ("date", "Tue, 20 Apr 2021 02:07:55 GMT"),
        ("content-type", "application/json"),
        (
            "content-digest",
            "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
        ),
        ("content-length", "18"),
    ])
}

#[test]
fn rfc_9421_b_2_6_ed25519_known_answer() {
    let mut headers = b2_request();
    // The body's digest, as RFC 9530 computes it (SHA-512 here).
    verify_digest(&headers, br#"{"hello": "world"}"#).unwrap();
    let input = r#"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#;
    let signature = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
    headers.insert("signature-input", HeaderValue::from_static(input));
    headers.insert("signature", HeaderValue::from_static(signature));
    let then = UNIX_EPOCH + Duration::from_secs(1618884475);
    let method = Method::POST;
    let target = "/foo?param=Value&Pet=dog";
    let pending = parse_at(
        &method,
        target,
        &headers,
        "https://example.com",
        false,
        then,
    )
    .unwrap();
    assert_eq!(pending.key_id(), "test-key-ed25519");
    assert_eq!(pending.scheme(), "RFC 9421");
    let expected_base = "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\
        \"@method\": POST\n\
        \"@path\": /foo\n\
        \"@authority\": example.com\n\
        \"content-type\": application/json\n\
        \"content-length\": 18\n\
        \"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    assert_eq!(pending.base(), expected_base);
    // No `alg`: the key's type (Ed25519) decides.
    pending.verify(ED25519_PUBLIC).unwrap();
    // Ed25519 is deterministic: the RFC's private key signs the base to
    // exactly the RFC's signature.
    use ed25519_dalek::Signer;
    let pkcs8 = BASE64.decode(ED25519_PRIVATE_PKCS8).unwrap();
    let seed: [u8; 32] = pkcs8[pkcs8.len() - 32..].try_into().unwrap();
    let ours = ed25519_dalek::SigningKey::from_bytes(&seed).sign(expected_base.as_bytes());
    assert_eq!(
        format!("sig-b26=:{}:", BASE64.encode(ours.to_bytes())),
        signature
    );

    // Our policy on the same request: a body needs content-digest covered,
    // and 2021 is long past.
    assert!(matches!(
        parse_at(&method, target, &headers, "https://example.com", true, then),
        Err(SignatureError::Uncovered(m)) if m.starts_with("content-digest")
    ));
    assert_eq!(
        parse(&method, target, &headers, "https://example.com", false).err(),
        Some(SignatureError::Expired)
    );
    // Another path, query aside: the base differs and the signature fails.
    let moved = parse_at(
        &method,
        "/bar",
        &headers,
        "https://example.com",
        false,
        then,
    )
    .unwrap();
    assert_eq!(moved.verify(ED25519_PUBLIC), Err(SignatureError::Invalid));
}

/// A signer written from the RFC for these tests: the components' values
/// are given, not computed by the code under test.
fn sign(
    headers: &mut HeaderMap,
    lines: &[(&str, &str)],
    params: &str,
    signer: impl Fn(&[u8]) -> Vec<u8>,
) {
    let names: Vec<String> = lines.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let input = format!("({}){params}", names.join(" "));
    let mut base = String::new();
    for (name, value) in lines {
        base.push_str(&format!("\"{name}\": {value}\n"));
    }
    base.push_str(&format!("\"@signature-params\": {input}"));
    let signature = BASE64.encode(signer(base.as_bytes()));
    headers.insert(
        "signature-input",
        HeaderValue::from_str(&format!("sig1={input}")).unwrap(),
    );
    headers.insert(
        "signature",
        HeaderValue::from_str(&format!("sig1=:{signature}:")).unwrap(),
    );
}

fn rsa_keys() -> (RsaPrivateKey, String) {
    let pair = activitypub_federation::http_signatures::generate_actor_keypair().unwrap();
    let key = {
        use rsa::pkcs8::DecodePrivateKey;
        RsaPrivateKey::from_pkcs8_pem(&pair.private_key).unwrap()
    };
    let public = key
        .to_public_key()
        .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
        .unwrap();
    (key, public)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

const KEY_ID: &str = "https://beta.test/users/b#main-key";
const BODY: &[u8] = br#"{"type":"Like"}"#;

/// A POST to https://alpha.test/inbox as Fedify signs it.
fn fedify_style(
    key: &RsaPrivateKey,
    target: &str,
    authority: &str,
    created: i64,
    extra: &str,
) -> HeaderMap {
    let digest = content_digest_header(BODY);
    let mut headers = header_map(&[
        ("host", "alpha.test"),
        ("date", "Tue, 20 Apr 2021 02:07:55 GMT"),
        ("content-digest", &digest),
    ]);
    sign(
        &mut headers,
        &[
            ("@method", "POST"),
            ("@target-uri", target),
            ("@authority", authority),
            ("host", "alpha.test"),
            ("date", "Tue, 20 Apr 2021 02:07:55 GMT"),
            ("content-digest", &digest),
        ],
        &format!(r#";alg="rsa-v1_5-sha256";keyid="{KEY_ID}";created={created}{extra}"#),
        |base| {
            key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(base))
                .unwrap()
        },
    );
    headers
}

fn inbox(headers: &HeaderMap) -> Result<PendingSignature, SignatureError> {
    parse(&Method::POST, "/inbox", headers, "https://alpha.test", true)
}

#[test]
fn rsa_v1_5_sha256_round_trip() {
    let (key, public) = rsa_keys();
    let headers = fedify_style(&key, "https://alpha.test/inbox", "alpha.test", now(), "");
    verify_digest(&headers, BODY).unwrap();
    assert_eq!(key_id_hint(&headers).as_deref(), Some(KEY_ID));
    let pending = inbox(&headers).unwrap();
    assert_eq!(pending.key_id(), KEY_ID);
    pending.verify(&public).unwrap();
    // Another key; an Ed25519 key for an RSA algorithm.
    let (_, other) = rsa_keys();
    assert_eq!(pending.verify(&other), Err(SignatureError::Invalid));
    assert_eq!(
        pending.verify(ED25519_PUBLIC),
        Err(SignatureError::KeyMismatch("rsa-v1_5-sha256"))
    );
    // The same headers presented for another path or method.
    let moved = parse(
        &Method::POST,
        "/users/x/inbox",
        &headers,
        "https://alpha.test",
        true,
    )
    .unwrap();
    assert_eq!(moved.verify(&public), Err(SignatureError::Invalid));
    let put = parse(&Method::PUT, "/inbox", &headers, "https://alpha.test", true).unwrap();
    assert_eq!(put.verify(&public), Err(SignatureError::Invalid));
    // Another body: the digest no longer matches (400, not 401).
    let digest = verify_digest(&headers, br#"{"type":"Delete"}"#).unwrap_err();
    assert_eq!(digest, SignatureError::DigestMismatch);
    assert!(digest.is_bad_request());
}

#[test]
fn a_signature_for_another_host_or_path_does_not_verify() {
    let (key, public) = rsa_keys();
    for (target, authority) in [
        ("https://gamma.test/inbox", "alpha.test"),
        ("https://alpha.test/inbox", "gamma.test"),
        ("https://alpha.test/users/x/inbox", "alpha.test"),
        ("http://alpha.test/inbox", "alpha.test"),
    ] {
        let headers = fedify_style(&key, target, authority, now(), "");
        let pending = inbox(&headers).unwrap();
        assert_eq!(
            pending.verify(&public),
            Err(SignatureError::Invalid),
            "{target}"
        );
    }
    // A Host header naming another server: refused before any key fetch.
    let mut headers = fedify_style(&key, "https://gamma.test/inbox", "gamma.test", now(), "");
    headers.insert("host", HeaderValue::from_static("gamma.test"));
    assert_eq!(
        inbox(&headers).err(),
        Some(SignatureError::OtherHost("gamma.test".into()))
    );
}

#[test]
fn created_and_expires_are_held_to_the_window() {
    let (key, public) = rsa_keys();
    let hour = 3600;
    for (created, extra, ok) in [
        (now(), "", true),
        (now() - 11 * hour, "", true),
        (now() + hour / 2, "", true),
        (now() - 13 * hour, "", false),
        (now() + 2 * hour, "", false),
        (now(), &*format!(";expires={}", now() + 60), true),
        (now() - 120, &*format!(";expires={}", now() - 60), false),
        (999_999_999_999_999, "", false),
        (-999_999_999_999_999, "", false),
    ] {
        let headers = fedify_style(
            &key,
            "https://alpha.test/inbox",
            "alpha.test",
            created,
            extra,
        );
        match ok {
            true => inbox(&headers).unwrap().verify(&public).unwrap(),
            false => assert_eq!(inbox(&headers).err(), Some(SignatureError::Expired)),
        }
    }
}

#[test]
fn coverage_is_required() {
    let (key, _) = rsa_keys();
    let signer = |base: &[u8]| {
        key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(base))
            .unwrap()
    };
    let params = format!(r#";keyid="{KEY_ID}";created={}"#, now());
    let digest = content_digest_header(BODY);
    type Lines<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Lines, Option<&str>); 5] = [
        // Mastodon's form: @authority and @path.
        (
            &[
                ("@method", "POST"),
                ("@authority", "alpha.test"),
                ("@path", "/inbox"),
                ("content-digest", &digest),
            ],
            None,
        ),
        (
            &[("@method", "POST"), ("content-digest", &digest)],
            Some("@target-uri"),
        ),
        (
            &[
                ("@target-uri", "https://alpha.test/inbox"),
                ("content-digest", &digest),
            ],
            Some("@method"),
        ),
        (
            &[
                ("@method", "POST"),
                ("@target-uri", "https://alpha.test/inbox"),
            ],
            Some("content-digest"),
        ),
        (
            &[
                ("@method", "POST"),
                ("@path", "/inbox"),
                ("content-digest", &digest),
            ],
            Some("@target-uri"),
        ),
    ];
    for (lines, missing) in cases {
        let mut headers = header_map(&[("content-digest", &digest)]);
        sign(&mut headers, lines, &params, signer);
        match missing {
            None => assert!(inbox(&headers).is_ok()),
            Some(missing) => assert!(
                matches!(inbox(&headers), Err(SignatureError::Uncovered(m)) if m.starts_with(missing)),
                "{missing}"
            ),
        }
    }
    // A GET needs no digest.
    let mut headers = HeaderMap::new();
    sign(
        &mut headers,
        &[
            ("@method", "GET"),
            ("@target-uri", "https://alpha.test/users/ada"),
        ],
        &params,
        signer,
    );
    parse(
        &Method::GET,
        "/users/ada",
        &headers,
        "https://alpha.test",
        false,
    )
    .unwrap();
}

#[test]
fn ed25519_and_rsa_pss_sha512() {
    use ed25519_dalek::Signer;
    let pkcs8 = BASE64.decode(ED25519_PRIVATE_PKCS8).unwrap();
    let seed: [u8; 32] = pkcs8[pkcs8.len() - 32..].try_into().unwrap();
    let ed = ed25519_dalek::SigningKey::from_bytes(&seed);
    let lines = [
        ("@method", "GET"),
        ("@target-uri", "https://alpha.test/users/ada"),
    ];
    let get = |headers: &HeaderMap| {
        parse(
            &Method::GET,
            "/users/ada",
            headers,
            "https://alpha.test",
            false,
        )
        .unwrap()
    };
    let mut headers = HeaderMap::new();
    let params = format!(r#";created={};keyid="{KEY_ID}";alg="ed25519""#, now());
    sign(&mut headers, &lines, &params, |b| {
        ed.sign(b).to_bytes().to_vec()
    });
    get(&headers).verify(ED25519_PUBLIC).unwrap();
    let (key, public) = rsa_keys();
    assert_eq!(
        get(&headers).verify(&public),
        Err(SignatureError::KeyMismatch("ed25519"))
    );

    let params = format!(
        r#";created={};keyid="{KEY_ID}";alg="rsa-pss-sha512""#,
        now()
    );
    sign(&mut headers, &lines, &params, |b| {
        key.sign_with_rng(&mut TestRng(7), Pss::new::<Sha512>(), &Sha512::digest(b))
            .unwrap()
    });
    get(&headers).verify(&public).unwrap();
    // PKCS#1 v1.5 bytes are no PSS signature.
    sign(&mut headers, &lines, &params, |b| {
        key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(b))
            .unwrap()
    });
    assert_eq!(get(&headers).verify(&public), Err(SignatureError::Invalid));

    let params = format!(r#";created={};keyid="{KEY_ID}";alg="hmac-sha256""#, now());
    sign(&mut headers, &lines, &params, |_| vec![0; 32]);
    assert_eq!(
        parse(
            &Method::GET,
            "/users/ada",
            &headers,
            "https://alpha.test",
            false
        )
        .err(),
        Some(SignatureError::Algorithm("hmac-sha256".into()))
    );
}

/// Not random at all: only for a PSS salt in a test.
struct TestRng(u8);

impl rsa::rand_core::RngCore for TestRng {
    fn next_u32(&mut self) -> u32 {
        u32::from(self.0)
    }
    fn next_u64(&mut self) -> u64 {
        u64::from(self.0)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for byte in dest {
            self.0 = self.0.wrapping_mul(31).wrapping_add(17);
            *byte = self.0;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for TestRng {}

#[test]
fn the_first_usable_signature_is_taken() {
    let (key, public) = rsa_keys();
    let good = fedify_style(&key, "https://alpha.test/inbox", "alpha.test", now(), "");
    let input = good["signature-input"]
        .to_str()
        .unwrap()
        .replacen("sig1", "b", 1);
    let signature = good["signature"].to_str().unwrap().replacen("sig1", "b", 1);
    let mut headers = good.clone();
    // A first signature that covers too little, a label with no bytes.
    headers.insert(
        "signature-input",
        HeaderValue::from_str(&format!(
            r#"a=("@method");keyid="x";created={}, c=("@method"), {input}"#,
            now()
        ))
        .unwrap(),
    );
    headers.insert(
        "signature",
        HeaderValue::from_str(&format!("a=:AAAA:, {signature}")).unwrap(),
    );
    inbox(&headers).unwrap().verify(&public).unwrap();
    // Split over two header lines: read as one.
    let mut split = good.clone();
    split.append("signature-input", HeaderValue::from_static("z=?1"));
    inbox(&split).unwrap().verify(&public).unwrap();
}

#[test]
fn malformed_headers_are_refusals_not_panics() {
    let (key, _) = rsa_keys();
    let good = fedify_style(&key, "https://alpha.test/inbox", "alpha.test", now(), "");
    let created = now();
    let long = format!("sig1=(\"{}\")", "a".repeat(9000));
    let inputs = [
        "garbage(".to_owned(),
        "sig1=\"not a list\"".to_owned(),
        format!(r#"sig1=("@method" "@target-uri" "content-digest");created={created}"#),
        r#"sig1=("@method" "@target-uri" "content-digest");keyid="k""#.to_owned(),
        format!(r#"sig1=("@method" "@target-uri" "content-digest");keyid=k;created={created}"#),
        r#"sig1=("@method" "@target-uri" "content-digest");keyid="k";created="1""#.to_owned(),
        format!(
            r#"sig1=("@method" "@method" "@target-uri" "content-digest");keyid="k";created={created}"#
        ),
        format!(r#"sig1=("@method" "@target-uri" "Content-Digest");keyid="k";created={created}"#),
        format!(
            r#"sig1=("@method" "@target-uri" "content-digest";sf);keyid="k";created={created}"#
        ),
        format!(
            r#"sig1=("@method" "@target-uri" "content-digest" "@status");keyid="k";created={created}"#
        ),
        format!(
            r#"sig1=("@method" "@target-uri" "content-digest" "x-missing");keyid="k";created={created}"#
        ),
        format!(r#"sig1=("@method" "@target-uri" "content-digest" 1);keyid="k";created={created}"#),
        format!(r#"other=("@method" "@target-uri" "content-digest");keyid="k";created={created}"#),
        long,
    ];
    for input in inputs {
        let mut headers = good.clone();
        headers.insert("signature-input", HeaderValue::from_str(&input).unwrap());
        let err = inbox(&headers).unwrap_err();
        assert!(
            matches!(err, SignatureError::Malformed(_)),
            "{input}: {err:?}"
        );
        assert!(!err.is_bad_request());
    }
    for signature in ["sig1=:%%%:", "sig1=\"text\"", "sig1", ""] {
        let mut headers = good.clone();
        headers.insert("signature", HeaderValue::from_str(signature).unwrap());
        assert!(
            matches!(inbox(&headers), Err(SignatureError::Malformed(_))),
            "{signature}"
        );
    }
    let mut headers = good.clone();
    headers.remove("signature");
    assert!(matches!(inbox(&headers), Err(SignatureError::Malformed(_))));
    // A wrong-length Ed25519 signature, a content-digest that is not one.
    let mut headers = good.clone();
    headers.insert("content-digest", HeaderValue::from_static("sha-256=abc"));
    assert!(matches!(
        verify_digest(&headers, BODY),
        Err(SignatureError::DigestMalformed(_))
    ));
    headers.insert("content-digest", HeaderValue::from_static("md5=:AAAA:"));
    assert_eq!(
        verify_digest(&headers, BODY),
        Err(SignatureError::DigestMissing)
    );
}
