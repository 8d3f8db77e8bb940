//! The columns of an input file against the questionnaire: no `id` column makes the file
//! unusable; unknown and missing columns are warnings, or errors under `--strict`.

use crate::batch::row::RowReader;
use crate::cli::ScoreArgs;
use crate::error::{Error, Result};
use crate::output::strip_control;

pub(super) fn check_columns(reader: &RowReader<'_>, file: &str, args: &ScoreArgs) -> Result<()> {
    let cols = &reader.columns;
    if cols.meta(crate::batch::columns::Field::Id).is_none() {
        return Err(Error::InputUnusable(format!(
            "{file} has no `id` column; the first row must be the header, with a column `id` that names each row"
        )));
    }
    if let Some(g) = &args.group_by
        && cols.group.is_none()
    {
        return Err(Error::Usage(format!(
            "--group-by {g}: {file} has no column \"{g}\""
        )));
    }
    let mut issues = Vec::new();
    if !cols.unknown.is_empty() {
        issues.push(format!(
            "{file}: column{} not in the questionnaire: {}",
            if cols.unknown.len() == 1 { "" } else { "s" },
            cols.unknown
                .iter()
                .map(|c| match cols.suggestion(c) {
                    Some(id) => format!("{} (did you mean {id}?)", strip_control(c)),
                    None => strip_control(c).into_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !cols.missing.is_empty() {
        let n = cols.missing.len();
        issues.push(format!(
            "{file}: no column for {} question{} of {}: {}",
            n,
            if n == 1 { "" } else { "s" },
            cols.questions.len(),
            cols.missing.join(", ")
        ));
    }
    if args.strict && !issues.is_empty() {
        return Err(Error::InputUnusable(format!(
            "{}; with --strict every column must be a question of the questionnaire and \
             every question needs a column",
            issues.join("; ")
        )));
    }
    if !cols.missing.is_empty() {
        // Only a warning: a partial survey still scores, with those questions unanswered.
        let last = issues.len() - 1;
        issues[last].push_str(" (counted as unanswered)");
    }
    for i in issues {
        crate::commands::warn(&i);
    }
    Ok(())
}
