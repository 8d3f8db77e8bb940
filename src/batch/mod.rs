//! Batch scoring of many respondents read from a spreadsheet.

pub mod input;
