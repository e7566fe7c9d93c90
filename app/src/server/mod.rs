//! What only the server has (the `ssr` build), below every part of the domain: the state each
//! request reaches, the database, rate limits, the client's address, the tokens browsers hold,
//! the page policy, and the store of refused forms. It imports only `base`.
pub mod browser;
pub mod client_ip;
pub mod csp;
pub mod db;
pub mod flash;
pub mod qr;
pub mod rate_limit;
pub mod state;
pub mod xlsx;
