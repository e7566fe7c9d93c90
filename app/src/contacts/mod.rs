//! Linked households (联系户 / 联系六邻): each member keeps the households or people they are
//! linked to, and logs each contact with them (when, how, what was heard). Contacts count toward
//! the member's "联系界别群众人次". Names, places and phones are personal data: the member and
//! their council's managers see them, nobody else. Types here are shared with the browser.
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// How a member was in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactVia {
    /// 上门
    Visit,
    /// 电话
    Phone,
    /// 微信
    Wechat,
    /// 接待日
    Reception,
}

codes!(ContactVia {
    Visit = "visit",
    Phone = "phone",
    Wechat = "wechat",
    Reception = "reception",
});

impl ContactVia {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ContactVia::Visit => t.contact_via_visit,
            ContactVia::Phone => t.contact_via_phone,
            ContactVia::Wechat => t.contact_via_wechat,
            ContactVia::Reception => t.contact_via_reception,
        }
    }
}

/// A household the member links to, as the form sends it. `id` is the phone's: sent twice, it
/// is stored once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdInput {
    pub id: String,
    pub council: String,
    /// The head of the household, or the person: "马大爷".
    pub name: String,
    /// Where in the village: "三社 12 号".
    pub place: String,
    pub phone: String,
    pub note: String,
}

/// One contact, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub id: String,
    pub household: String,
    /// `YYYY-MM-DD`
    pub on_date: String,
    pub via: String,
    /// What was heard, in a sentence or two.
    pub heard: String,
    /// A concern was raised from it: the tracking code of the case entered for it, if any.
    pub case_code: String,
}

/// A household on a member's list, with how often they were in touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdLine {
    pub key: String,
    pub council_name: String,
    pub member_name: String,
    pub name: String,
    pub place: String,
    pub phone: String,
    pub note: String,
    /// Contacts this year.
    pub contacts: i64,
    pub last_contact: Option<String>,
}

/// One logged contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactLine {
    pub key: String,
    pub household: String,
    pub household_name: String,
    pub date: String,
    pub via: ContactVia,
    pub heard: String,
    /// The case raised from it: (council key, tracking code).
    pub case: Option<(String, String)>,
}

/// What `/contacts` shows its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsOverview {
    /// The councils the caller serves as a member: where a new household can belong.
    pub councils: Vec<(String, String)>,
    /// The caller's own households.
    pub mine: Vec<HouseholdLine>,
    /// The caller's latest contacts.
    pub recent: Vec<ContactLine>,
    /// For a council's managers: every member's households in the councils they administer.
    pub managed: Vec<HouseholdLine>,
    /// This year's contacts of the caller, and the year's target.
    pub year_contacts: i64,
    pub year_target: i64,
}
