//! What a resident holding a tracking code sees (`/c/{code}`), and the rating the resident who
//! raised it gives.
pub mod api;
pub mod pages;
pub mod rating;
#[cfg(feature = "ssr")]
pub mod resident;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
