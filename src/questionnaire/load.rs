//! Reading a questionnaire file: TOML syntax, then structure, then every semantic rule.

use std::fmt;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::guard::{self, MAX_FILE_BYTES};
use super::model::{Questionnaire, Stage};
use super::text::Text;
use super::validate;
use crate::limited::{self, Limited};

/// A place in the file: `sections[2].questions[4]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place(pub Vec<Seg>);

/// One step of a [`Place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl Place {
    /// The place of a top-level key.
    pub fn key(k: &str) -> Self {
        Place(vec![Seg::Key(k.to_string())])
    }

    /// This place, one key deeper.
    pub fn at(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    /// This place, one array element deeper.
    pub fn idx(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// One thing wrong with a questionnaire file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// Where in the file, e.g. `sections[2].questions[4] (le_univ_curricula)`.
    pub place: String,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `LINE: PLACE: MESSAGE`, leaving out what is unknown; shown after `FILE:`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "{line}: ")?;
        }
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a questionnaire could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("could not read questionnaire {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", invalid_message(.file, .problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
    #[error(
        "no questionnaire \"{arg}\": it is neither a shipped questionnaire ({shipped}) nor a file"
    )]
    NotFound { arg: String, shipped: String },
    #[error(
        "{file}: the answers are for questionnaire \"{id}\", which is not shipped with \
         egready; pass its file with --questionnaire FILE"
    )]
    NotShipped { file: String, id: String },
}

fn invalid_message(file: &str, problems: &[Problem]) -> String {
    let n = problems.len();
    let mut s = format!(
        "{file} is not a valid questionnaire ({n} problem{}):",
        if n == 1 { "" } else { "s" }
    );
    for p in problems {
        let sep = if p.line.is_some() { ":" } else { ": " };
        s.push_str(&format!("\n  {file}{sep}{p}"));
    }
    s
}

/// Reads and validates a questionnaire file.
pub fn load_file(path: &Path) -> Result<Questionnaire, LoadError> {
    let name = path.display().to_string();
    let read_error = |source| LoadError::Read {
        path: name.clone(),
        source,
    };
    match limited::read(path, MAX_FILE_BYTES as u64).map_err(read_error)? {
        Limited::Bytes(bytes) => parse(&name, &bytes),
        Limited::TooLarge { size } => Err(LoadError::Invalid {
            file: name,
            problems: vec![Problem {
                line: None,
                place: String::new(),
                message: guard::too_large(size),
            }],
        }),
    }
}

/// Parses and validates questionnaire text; `file` names it in messages.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Questionnaire, LoadError> {
    let invalid = |line, message: String| LoadError::Invalid {
        file: file.to_string(),
        problems: vec![Problem {
            line,
            place: String::new(),
            message,
        }],
    };
    let text = guard::text(bytes).map_err(|(line, message)| invalid(line, message))?;
    // Only the first syntax error: after one, a parser's recovery mostly reports echoes of it.
    let root = DeTable::parse(text).map_err(|e| LoadError::Invalid {
        file: file.to_string(),
        problems: vec![parser_problem(text, &e)],
    })?;
    let spans = Spans {
        text,
        root: root.get_ref(),
    };

    let mut unknown = Vec::new();
    let deserializer = toml::de::Deserializer::from(root.clone());
    let result: Result<Questionnaire, _> = serde_ignored::deserialize(deserializer, |path| {
        unknown.push(place_of_ignored(&path));
    });
    let mut problems: Vec<Problem> = unknown
        .into_iter()
        .map(|(place, key)| Problem {
            line: spans.line(&place.at(&key)),
            place: place.to_string(),
            message: format!("unknown field `{key}` (a typo?)"),
        })
        .collect();
    let mut q = match result {
        Ok(q) => q,
        Err(e) => {
            problems.push(parser_problem(text, &e));
            return Err(LoadError::Invalid {
                file: file.to_string(),
                problems,
            });
        }
    };
    if q.stages.is_empty() {
        q.stages = default_stages();
    }
    validate::validate(&mut q, &spans, &mut problems);
    if problems.is_empty() {
        Ok(q)
    } else {
        Err(LoadError::Invalid {
            file: file.to_string(),
            problems,
        })
    }
}

/// The stages used when a file lists none.
pub fn default_stages() -> Vec<Stage> {
    [
        ("nascent", 0.0, "Nascent"),
        ("emerging", 20.0, "Emerging"),
        ("developing", 40.0, "Developing"),
        ("established", 60.0, "Established"),
        ("leading", 80.0, "Leading"),
    ]
    .into_iter()
    .map(|(id, min, label)| Stage {
        id: id.to_string(),
        min,
        label: Text::single("en", label),
        description: None,
    })
    .collect()
}

/// Finds the line of any place in the parsed file.
pub struct Spans<'a> {
    text: &'a str,
    root: &'a DeTable<'a>,
}

impl Spans<'_> {
    /// The 1-based line where the value at `place` starts, if it exists.
    pub fn line(&self, place: &Place) -> Option<usize> {
        let mut table = self.root;
        let mut value: Option<&DeValue> = None;
        let mut span = None;
        for seg in &place.0 {
            let next = match (seg, value) {
                (Seg::Key(k), None) => table.get(k.as_str()),
                (Seg::Key(k), Some(DeValue::Table(t))) => t.get(k.as_str()),
                (Seg::Index(i), Some(DeValue::Array(a))) => a.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            span = Some(next.span());
            value = Some(next.get_ref());
            if let DeValue::Table(t) = next.get_ref() {
                table = t;
            }
        }
        span.map(|s| line_of(self.text.as_bytes(), s.start))
    }
}

fn place_of_ignored(path: &serde_ignored::Path<'_>) -> (Place, String) {
    fn walk(path: &serde_ignored::Path<'_>, out: &mut Vec<Seg>) {
        use serde_ignored::Path as P;
        match path {
            P::Root => {}
            P::Seq { parent, index } => {
                walk(parent, out);
                out.push(Seg::Index(*index));
            }
            P::Map { parent, key } => {
                walk(parent, out);
                out.push(Seg::Key(key.clone()));
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
                walk(parent, out)
            }
        }
    }
    let mut segs = Vec::new();
    walk(path, &mut segs);
    let key = match segs.pop() {
        Some(Seg::Key(k)) => k,
        Some(Seg::Index(i)) => i.to_string(),
        None => String::new(),
    };
    (Place(segs), key)
}

/// A problem found by the TOML parser or by serde, worded for a questionnaire author: the
/// message, then the source text it points at.
fn parser_problem(text: &str, e: &toml::de::Error) -> Problem {
    let message = e.message().lines().next().unwrap_or_default().trim();
    let message = message
        .replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a sequence", "expected a list [..]")
        .replace("expected a map", "expected a table { .. }")
        // The parser's own guard, should nesting pass `guard::too_deep` some other way.
        .replace(
            "recursion limit",
            &format!(
                "nesting is too deep; the limit is {} levels",
                guard::MAX_DEPTH
            ),
        );
    let Some(span) = e.span() else {
        return Problem {
            line: None,
            place: String::new(),
            message,
        };
    };
    let start = span.start.min(text.len());
    let line_text = text[..start]
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .to_string()
        + text[start..].split('\n').next().unwrap_or_default();
    let snippet: String = line_text.trim().chars().take(80).collect();
    let message = if message == "duplicate key" {
        let key = text.get(span.clone()).unwrap_or_default().trim();
        format!("duplicate key `{key}`: each key may appear once in a table")
    } else if message.starts_with("missing field") {
        // The span is the whole table the field is missing from: its first line says nothing.
        format!("{message}, which is required")
    } else if snippet.is_empty() {
        message
    } else {
        format!("{message}, in: {snippet}")
    };
    Problem {
        line: Some(line_of(text.as_bytes(), start)),
        place: String::new(),
        message,
    }
}

/// The 1-based line of a byte offset.
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}
