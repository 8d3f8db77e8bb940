//! Drafts and output files on disk. Every write goes to a temp file in the same folder, is
//! synced, then renamed into place, so a crash leaves the old file or the new one, never half
//! of one. Damaged drafts are set aside, never overwritten or deleted.

use std::io;
use std::path::{Path, PathBuf};

use crate::output;

use super::flow::Saver;
use crate::answers::{self, AnswersError, AnswersFile, Completion};
use crate::questionnaire::Questionnaire;

/// Replaces `path` atomically with `bytes` (see [`crate::output`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    output::write_atomic(path, |w| w.write_all(bytes)).map_err(io_error)
}

/// Writes a new file atomically; fails if `path` exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    output::write_new(path, bytes).map_err(io_error)
}

/// Keeps the kind (callers test for AlreadyExists) and the plain-words message.
fn io_error(e: output::OutputError) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}

/// `base`, or `base-2`, `base-3`, ... : the first for which no `dir/<name><suffix>` exists.
pub fn free_name(dir: &Path, base: &str, suffixes: &[&str]) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|name| {
            suffixes
                .iter()
                .all(|s| !dir.join(format!("{name}{s}")).exists())
        })
        .unwrap_or_else(|| base.to_string())
}

/// A file name made from an assessment id: only letters, digits, `-`, `_` and `.`, not
/// starting with a dot, so that a hostile id cannot name a file outside the folder.
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    let stem: String = stem.chars().take(80).collect();
    if stem.is_empty() {
        "assessment".to_string()
    } else {
        stem
    }
}

/// The pretty JSON of an answers file, ending with a newline.
pub fn to_json(file: &AnswersFile) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Saves drafts to one path.
pub struct DraftFile {
    pub path: PathBuf,
}

impl Saver for DraftFile {
    fn save(&mut self, file: &AnswersFile) -> Result<(), String> {
        write_atomic(&self.path, &to_json(file))
            .map_err(|e| format!("could not save the draft to {}: {e}", self.path.display()))
    }
}

/// Why a draft cannot be opened.
#[derive(Debug)]
pub enum Unusable {
    /// It cannot be read at all (missing, no permission).
    Unreadable(AnswersError),
    /// It is not a valid answers file: cut off, not JSON, too large.
    Damaged(AnswersError),
}

/// Reads a draft; JSON syntax errors and oversized files count as damage.
pub fn read(path: &Path) -> Result<AnswersFile, Unusable> {
    answers::read(path).map_err(|e| match e {
        AnswersError::Read { .. } => Unusable::Unreadable(e),
        other => Unusable::Damaged(other),
    })
}

/// Renames a damaged draft to `<name>.damaged` (or `.damaged-2`, ...) and returns the new path.
pub fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".to_string());
    let dir = path.parent().unwrap_or(Path::new(""));
    let target = (1..)
        .map(|n| {
            if n == 1 {
                dir.join(format!("{name}.damaged"))
            } else {
                dir.join(format!("{name}.damaged-{n}"))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{name}.damaged")));
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// A draft of the questionnaire being answered, found in the drafts folder.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub file: AnswersFile,
    /// When it was last saved, e.g. "2026-03-02 14:10".
    pub saved: String,
}

/// The drafts in `dir` that can be resumed with `q`, newest first, and a note on each file
/// that looks like a draft but cannot be used.
pub fn scan(dir: &Path, q: &Questionnaire) -> (Vec<Found>, Vec<String>) {
    let (mut found, mut notes) = (Vec::new(), Vec::new());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), notes);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        match read(&path) {
            Ok(file) if file.questionnaire.id != q.id || file.status != Completion::Draft => {}
            Ok(file) if file.questionnaire.version != q.version => notes.push(format!(
                "{} is a draft of {} version {}, not of version {}; it is left as it is.",
                path.display(),
                q.id,
                file.questionnaire.version,
                q.version
            )),
            Ok(file) => {
                let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
                let saved = modified.map(local_time).unwrap_or_default();
                found.push((modified, Found { path, file, saved }));
            }
            Err(Unusable::Damaged(e)) => notes.extend(damaged(&path, &e)),
            Err(Unusable::Unreadable(_)) => {}
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    (found.into_iter().map(|(_, f)| f).collect(), notes)
}

/// What to say about a file in the drafts folder that cannot be read as a draft, after
/// setting it aside when it is a damaged draft: cut off or not JSON at all, or JSON shaped
/// like an answers file. Other JSON files (not drafts) and oversized files are left alone.
fn damaged(path: &Path, e: &AnswersError) -> Option<String> {
    if let AnswersError::TooLarge { .. } = e {
        return Some(format!("{e}; it is left as it is."));
    }
    let looks_like_draft = match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes)
            .map_or(true, |v| v.get("questionnaire").is_some()),
        Err(_) => return None,
    };
    if !looks_like_draft {
        return Some(format!(
            "{} is not a draft; it is left as it is.",
            path.display()
        ));
    }
    Some(match set_aside(path) {
        Ok(aside) => format!(
            "{e}\nThe damaged draft was renamed to {} so that nothing is lost.",
            aside.display()
        ),
        Err(io) => {
            format!("{e}\nThe damaged draft could not be set aside ({io}); it is left as it is.")
        }
    })
}

fn local_time(t: std::time::SystemTime) -> String {
    jiff::Timestamp::try_from(t)
        .map(|ts| {
            ts.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{QuestionnaireRef, Respondent};
    use crate::questionnaire;

    fn draft(id: &str, version: &str, status: Completion) -> AnswersFile {
        AnswersFile {
            questionnaire: QuestionnaireRef {
                id: id.into(),
                version: version.into(),
            },
            status,
            language: "en".into(),
            respondent: Respondent {
                country: "MUS".into(),
                date: "2026-03-02".into(),
                ..Respondent::default()
            },
            answers: Default::default(),
        }
    }

    #[test]
    fn new_files_never_replace_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        write_new(&path, b"first").unwrap();
        assert!(write_new(&path, b"second").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert_eq!(
            free_name(dir.path(), "a", &[".csv", "-answers.json"]),
            "a-2"
        );
        assert_eq!(free_name(dir.path(), "b", &[".csv"]), "b");
    }

    #[test]
    fn drafts_are_replaced_whole_and_no_temp_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts/d.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path().join("drafts"))
                .unwrap()
                .count(),
            1
        );
    }

    #[test]
    fn a_damaged_draft_is_renamed_beside_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        std::fs::write(dir.path().join("d.json.damaged"), "older").unwrap();
        std::fs::write(&path, "{").unwrap();
        let aside = set_aside(&path).unwrap();
        assert_eq!(aside, dir.path().join("d.json.damaged-2"));
        assert_eq!(std::fs::read_to_string(aside).unwrap(), "{");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("d.json.damaged")).unwrap(),
            "older"
        );
    }

    #[test]
    fn file_names_stay_inside_the_folder() {
        assert_eq!(file_stem("../../etc/passwd"), "-..-etc-passwd");
        assert_eq!(file_stem("mus-2026-03-02-moict"), "mus-2026-03-02-moict");
        assert_eq!(file_stem(""), "assessment");
    }

    #[test]
    fn only_drafts_of_the_questionnaire_are_offered() {
        let (q, _) = questionnaire::resolve("quick-scan").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, file: &AnswersFile| {
            std::fs::write(dir.path().join(name), to_json(file)).unwrap();
        };
        put(
            "mine.json",
            &draft("quick-scan", "1.0.0", Completion::Draft),
        );
        put("old.json", &draft("quick-scan", "0.9.0", Completion::Draft));
        put(
            "other.json",
            &draft("egov-preconditions", "1.0.0", Completion::Draft),
        );
        put(
            "done.json",
            &draft("quick-scan", "1.0.0", Completion::Complete),
        );
        std::fs::write(dir.path().join("cut.json"), "{\"questionnaire\": {").unwrap();
        std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
        let (found, notes) = scan(dir.path(), &q);
        let names: Vec<_> = found.iter().map(|f| f.path.file_name().unwrap()).collect();
        assert_eq!(names, ["mine.json"]);
        assert_eq!(notes.len(), 3, "{notes:?}");
        let cut = dir.path().join("cut.json");
        assert_eq!(
            notes[0],
            format!(
                "{}:1:19: not a valid answers file: EOF while parsing an object (the file ends \
                 too early: was it cut off while being written?)\nThe damaged draft was renamed \
                 to {}.damaged so that nothing is lost.",
                cut.display(),
                cut.display()
            )
        );
        assert!(!cut.exists());
        assert!(
            notes[1].contains("version 0.9.0, not of version 1.0.0"),
            "{notes:?}"
        );
        assert_eq!(
            notes[2],
            format!(
                "{} is not a draft; it is left as it is.",
                dir.path().join("package.json").display()
            )
        );
        assert!(dir.path().join("package.json").exists());
    }
}
