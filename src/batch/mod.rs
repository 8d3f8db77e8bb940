//! Batch scoring of many respondents read from a spreadsheet: reading the files
//! ([`input`]), turning cells into answers ([`cells`], [`columns`], [`row`], `exact`), and the output
//! rows and group statistics ([`write`](mod@write), [`groups`]).

pub mod cells;
pub mod columns;
mod exact;
pub mod groups;
pub mod input;
pub mod row;
pub mod write;
