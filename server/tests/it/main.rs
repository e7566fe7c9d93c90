//! The server's integration tests, in one binary so the app and SurrealDB are linked once:
//! real HTTP against a real SurrealDB (`mem://`, and the embedded RocksDB engine in `restart`).
#![recursion_limit = "256"]

mod common;

mod accounts;
mod admin;
mod authz;
mod casework;
mod contacts;
mod intake;
mod map;
mod notify;
mod pipeline;
mod proposals;
mod records;
mod reminders;
mod reports;
mod restart;
mod review;
mod scores;
mod security;
mod sessions;
mod stats;
