//! What every part of the app stands on, in both builds (server and browser): the error type,
//! the UI's strings, the clock, phone numbers, places, checks of what a form may contain, and
//! refused forms. It imports nothing else of the app.
pub mod clock;
pub mod codes;
pub mod error;
pub mod flash;
pub mod geo;
pub mod ids;
pub mod phone;
pub mod table;
pub mod text;
pub mod url;
pub mod validate;
