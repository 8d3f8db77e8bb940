//! Batch scoring of many respondents read from a spreadsheet.

pub mod cells;
pub mod columns;
pub mod groups;
pub mod row;
pub mod write;
