//! Stored enums: each variant has one code, kept in the database and sent by forms.
//! `codes!(Kind { A = "a", B = "b" })` gives `Kind::ALL`, `code()` and `from_code()`, so no
//! domain maps its enums by hand.

macro_rules! codes {
    ($ty:ty { $($variant:ident = $code:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),*];
            /// The code stored in the database and sent by forms.
            pub fn code(self) -> &'static str {
                match self { $(<$ty>::$variant => $code),* }
            }
            pub fn from_code(code: &str) -> Option<$ty> {
                match code { $($code => Some(<$ty>::$variant),)* _ => None }
            }
        }
    };
}

pub(crate) use codes;
