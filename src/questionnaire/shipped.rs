//! The questionnaires embedded in the binary, so the tool works from any folder, and the
//! one rule that turns a `--questionnaire ID|FILE` argument into a questionnaire.

use std::path::Path;

use super::load::{self, LoadError};
use super::model::Questionnaire;

/// The questionnaire used when none is given.
pub const DEFAULT_ID: &str = "egov-preconditions";

/// Shipped questionnaires: id and TOML text.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "egov-preconditions",
        include_str!("../../questionnaires/egov-preconditions.toml"),
    ),
    (
        "quick-scan",
        include_str!("../../questionnaires/quick-scan.toml"),
    ),
];

/// Where a questionnaire came from, for messages and listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Shipped(&'static str),
    File(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Shipped(id) => write!(f, "shipped:{id}"),
            Source::File(p) => write!(f, "{p}"),
        }
    }
}

/// Loads a shipped questionnaire by id, or a file by path. A shipped id wins over a file of
/// the same name in the current folder only when the argument has no path separator and no
/// `.toml` extension, so `./quick-scan.toml` always means the file.
pub fn resolve(arg: &str) -> Result<(Questionnaire, Source), LoadError> {
    if let Some((id, text)) = SHIPPED.iter().find(|(id, _)| *id == arg) {
        let q = load::parse(&format!("shipped questionnaire {id}"), text.as_bytes())?;
        return Ok((q, Source::Shipped(id)));
    }
    let path = Path::new(arg);
    if path.exists() {
        return Ok((load::load_file(path)?, Source::File(arg.to_string())));
    }
    if arg.ends_with(".toml") || arg.contains(['/', '\\']) {
        return Err(LoadError::Read {
            path: arg.to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    Err(LoadError::NotFound {
        arg: arg.to_string(),
        shipped: SHIPPED
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_questionnaire_is_valid_and_named_by_its_id() {
        for (id, _) in SHIPPED {
            let (q, _) = resolve(id).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(q.id, *id);
        }
    }
}
