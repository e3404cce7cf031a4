//! Integration tests: the real application on port 0 with a fresh database
//! per test, on SQLite always and on PostgreSQL when
//! `AGORA_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod smtp_support;
mod support;
mod translation_server;
mod web_support;

mod accounts;
mod atom;
mod bovine;
mod cookie_writes;
mod errors;
mod event_replays;
mod events;
mod events_link;
mod events_participants;
mod fedify;
mod fixtures;
mod fixtures_setup;
mod front_page;
mod headers;
mod interop;
mod interop_cards;
mod interop_moderation;
mod interop_people;
mod interop_private;
mod library;
mod limits;
mod mail;
mod metrics;
mod moderation;
mod notifications;
mod ops;
mod outbound;
mod permissions;
mod personal_data;
mod policy;
mod posts;
mod privacy;
mod private_ids;
mod search;
mod search_files;
mod search_visibility;
mod second_factor;
mod security;
mod signers;
mod smtp;
mod spaces;
mod translation;
mod web;
mod web_admin;
mod web_events;
mod web_library;
mod web_people;
mod web_search;
