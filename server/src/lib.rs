//! The server's parts, as a library so that tests can assemble the same router in-process.
#![recursion_limit = "256"]

pub mod admin_cli;
pub mod config;
pub mod live;
pub mod retention;
pub mod routes;
