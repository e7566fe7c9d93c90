//! Sectors (界别): a list kept per district (区/县); every member belongs to one.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// The usual CPPCC sectors, offered to a district that starts its list.
pub const DEFAULT_SECTORS: [&str; 27] = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "青联",
    "工商联",
    "科技",
    "社科",
    "经济",
    "农业和农村",
    "教育",
    "文化艺术",
    "医药卫生",
    "体育",
    "新闻出版",
    "社会福利和社会保障",
    "少数民族",
    "宗教",
    "特邀",
];

/// A district an admin keeps the sector list of, with that list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictSectors {
    pub district: String,
    pub name: String,
    pub sectors: Vec<String>,
}
