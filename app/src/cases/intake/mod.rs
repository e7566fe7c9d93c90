//! Raising a concern at a room: the form (with or without JavaScript), its checks, the case it
//! creates under a fresh tracking code, and the photos its author adds.
pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod photos;
#[cfg(feature = "ssr")]
pub mod raise;
#[cfg(feature = "ssr")]
pub mod store;
