//! `config/agora.example.toml` documents every key with its default, and
//! loads to exactly the built-in defaults.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use agora::Config;

#[test]
fn example_config_is_the_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/agora.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let example = Config::from_sources(Some(&text), &path, &BTreeMap::new()).unwrap();
    assert_eq!(format!("{example:?}"), format!("{:?}", Config::defaults()));
    for variable in [
        "AGORA_INSTANCE_DOMAIN",
        "AGORA_INSTANCE_HTTPS",
        "AGORA_INSTANCE_REGISTRATION",
        "AGORA_HTTP_BIND",
        "AGORA_HTTP_MAX_BODY_BYTES",
        "AGORA_DATABASE_URL",
        "AGORA_DATABASE_MAX_CONNECTIONS",
        "AGORA_STORAGE_DATA_DIR",
        "AGORA_LOG_LEVEL",
    ] {
        assert!(text.contains(variable), "{variable} is not documented");
        let bad = if variable == "AGORA_LOG_LEVEL" {
            "?bad?"
        } else {
            ""
        };
        let env = BTreeMap::from([(variable.to_owned(), bad.to_owned())]);
        let error = Config::from_sources(Some(&text), &path, &env).err();
        assert!(
            error.is_some_and(|e| e.to_string().contains(variable)),
            "{variable} does not override its key"
        );
    }
}
