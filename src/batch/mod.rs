//! Batch scoring of many respondents read from a spreadsheet.

pub mod cells;
pub mod groups;
