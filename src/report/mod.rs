//! Report rendering.

pub mod pdf;
