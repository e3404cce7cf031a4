//! Every configurable key, once: its dotted name, its environment
//! variable and its built-in default. `config/agora.example.toml` documents
//! each (a test checks that it loads to exactly these defaults).

/// One configurable key: its dotted name, its environment variable, its
/// built-in default, and how its value is checked.
pub(super) struct Setting {
    pub(super) key: &'static str,
    pub(super) env: &'static str,
    pub(super) default: &'static str,
}

pub(super) const SETTINGS: &[Setting] = &[
    Setting {
        key: "instance.domain",
        env: "AGORA_INSTANCE_DOMAIN",
        default: "localhost:8080",
    },
    Setting {
        key: "instance.https",
        env: "AGORA_INSTANCE_HTTPS",
        default: "false",
    },
    Setting {
        key: "instance.registration",
        env: "AGORA_INSTANCE_REGISTRATION",
        default: "invite",
    },
    Setting {
        key: "instance.language",
        env: "AGORA_INSTANCE_LANGUAGE",
        default: "en",
    },
    Setting {
        key: "http.bind",
        env: "AGORA_HTTP_BIND",
        default: "127.0.0.1:8080",
    },
    Setting {
        key: "http.max_body_bytes",
        env: "AGORA_HTTP_MAX_BODY_BYTES",
        default: "1048576",
    },
    Setting {
        key: "http.max_connections",
        env: "AGORA_HTTP_MAX_CONNECTIONS",
        default: "0",
    },
    Setting {
        key: "http.max_connections_per_address",
        env: "AGORA_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
        default: "256",
    },
    Setting {
        key: "http.header_timeout_secs",
        env: "AGORA_HTTP_HEADER_TIMEOUT_SECS",
        default: "15",
    },
    Setting {
        key: "http.idle_timeout_secs",
        env: "AGORA_HTTP_IDLE_TIMEOUT_SECS",
        default: "60",
    },
    Setting {
        key: "http.trusted_proxies",
        env: "AGORA_HTTP_TRUSTED_PROXIES",
        default: "",
    },
    Setting {
        key: "database.url",
        env: "AGORA_DATABASE_URL",
        default: "sqlite://data/agora.db",
    },
    Setting {
        key: "database.max_connections",
        env: "AGORA_DATABASE_MAX_CONNECTIONS",
        default: "8",
    },
    Setting {
        key: "storage.data_dir",
        env: "AGORA_STORAGE_DATA_DIR",
        default: "data",
    },
    Setting {
        key: "storage.backend",
        env: "AGORA_STORAGE_BACKEND",
        default: "local",
    },
    Setting {
        key: "storage.max_file_bytes",
        env: "AGORA_STORAGE_MAX_FILE_BYTES",
        default: "536870912",
    },
    Setting {
        key: "storage.space_quota_bytes",
        env: "AGORA_STORAGE_SPACE_QUOTA_BYTES",
        default: "10737418240",
    },
    Setting {
        key: "storage.s3_bucket",
        env: "AGORA_STORAGE_S3_BUCKET",
        default: "",
    },
    Setting {
        key: "storage.s3_endpoint",
        env: "AGORA_STORAGE_S3_ENDPOINT",
        default: "",
    },
    Setting {
        key: "storage.s3_region",
        env: "AGORA_STORAGE_S3_REGION",
        default: "us-east-1",
    },
    Setting {
        key: "storage.s3_access_key_id",
        env: "AGORA_STORAGE_S3_ACCESS_KEY_ID",
        default: "",
    },
    Setting {
        key: "storage.s3_secret_access_key",
        env: "AGORA_STORAGE_S3_SECRET_ACCESS_KEY",
        default: "",
    },
    Setting {
        key: "storage.s3_allow_http",
        env: "AGORA_STORAGE_S3_ALLOW_HTTP",
        default: "false",
    },
    Setting {
        key: "email.smtp_url",
        env: "AGORA_EMAIL_SMTP_URL",
        default: "",
    },
    Setting {
        key: "email.from",
        env: "AGORA_EMAIL_FROM",
        default: "",
    },
    Setting {
        key: "email.digest_hour",
        env: "AGORA_EMAIL_DIGEST_HOUR",
        default: "7",
    },
    Setting {
        key: "email.newsletter_per_minute",
        env: "AGORA_EMAIL_NEWSLETTER_PER_MINUTE",
        default: "120",
    },
    Setting {
        key: "limits.password_workers",
        env: "AGORA_LIMITS_PASSWORD_WORKERS",
        default: "0",
    },
    Setting {
        key: "limits.password_queue",
        env: "AGORA_LIMITS_PASSWORD_QUEUE",
        default: "64",
    },
    Setting {
        key: "limits.password_wait_secs",
        env: "AGORA_LIMITS_PASSWORD_WAIT_SECS",
        default: "5",
    },
    Setting {
        key: "limits.login_failures_per_account",
        env: "AGORA_LIMITS_LOGIN_FAILURES_PER_ACCOUNT",
        default: "5",
    },
    Setting {
        key: "limits.login_failures_per_address",
        env: "AGORA_LIMITS_LOGIN_FAILURES_PER_ADDRESS",
        default: "20",
    },
    Setting {
        key: "limits.registrations_per_address",
        env: "AGORA_LIMITS_REGISTRATIONS_PER_ADDRESS",
        default: "10",
    },
    Setting {
        key: "limits.invitation_failures_per_address",
        env: "AGORA_LIMITS_INVITATION_FAILURES_PER_ADDRESS",
        default: "5",
    },
    Setting {
        key: "limits.max_delay_secs",
        env: "AGORA_LIMITS_MAX_DELAY_SECS",
        default: "900",
    },
    Setting {
        key: "limits.throttle_entries",
        env: "AGORA_LIMITS_THROTTLE_ENTRIES",
        default: "50000",
    },
    Setting {
        key: "log.level",
        env: "AGORA_LOG_LEVEL",
        default: "info",
    },
    Setting {
        key: "federation.mode",
        env: "AGORA_FEDERATION_MODE",
        default: "blocklist",
    },
    Setting {
        key: "federation.signed_fetch",
        env: "AGORA_FEDERATION_SIGNED_FETCH",
        default: "false",
    },
    Setting {
        key: "federation.allow_private_networks",
        env: "AGORA_FEDERATION_ALLOW_PRIVATE_NETWORKS",
        default: "false",
    },
    Setting {
        key: "federation.resolve",
        env: "AGORA_FEDERATION_RESOLVE",
        default: "",
    },
    Setting {
        key: "federation.deliveries_per_host",
        env: "AGORA_FEDERATION_DELIVERIES_PER_HOST",
        default: "8",
    },
    Setting {
        key: "metrics.enabled",
        env: "AGORA_METRICS_ENABLED",
        default: "false",
    },
    Setting {
        key: "metrics.allow",
        env: "AGORA_METRICS_ALLOW",
        default: "",
    },
    Setting {
        key: "metrics.token",
        env: "AGORA_METRICS_TOKEN",
        default: "",
    },
    Setting {
        key: "translation.url",
        env: "AGORA_TRANSLATION_URL",
        default: "",
    },
    Setting {
        key: "translation.key",
        env: "AGORA_TRANSLATION_KEY",
        default: "",
    },
    Setting {
        key: "translation.private_content",
        env: "AGORA_TRANSLATION_PRIVATE_CONTENT",
        default: "false",
    },
    Setting {
        key: "translation.max_chars",
        env: "AGORA_TRANSLATION_MAX_CHARS",
        default: "20000",
    },
    Setting {
        key: "translation.timeout_secs",
        env: "AGORA_TRANSLATION_TIMEOUT_SECS",
        default: "10",
    },
    Setting {
        key: "translation.per_account_per_hour",
        env: "AGORA_TRANSLATION_PER_ACCOUNT_PER_HOUR",
        default: "60",
    },
];
