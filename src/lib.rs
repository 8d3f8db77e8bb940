//! egready: measure a country's readiness for e-government against its three preconditions
//! (local expertise and engagement, institutions and coordination, legislative support), and
//! advise how to close the gaps.
//!
//! The core is pure: [`questionnaire`] loads and validates the data, [`answers`] reads one
//! assessment, [`scoring`] computes its result, [`recommend`] derives the advice. [`commands`] connects them to files and the
//! terminal; [`report`] renders results, one module per format.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod answers;
pub mod batch;
pub mod bug;
pub mod cli;
pub mod commands;
pub mod country;
pub mod error;
pub mod limited;
pub mod number;
pub mod output;
pub mod questionnaire;
pub mod recommend;
pub mod report;
pub mod scoring;
pub mod status;

pub use error::{Error, ExitCode, Result};
