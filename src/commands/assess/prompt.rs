//! The few kinds of prompt the assessment needs, behind one trait. The terminal
//! implementation ([`super::terminal`]) uses inquire; tests use `script::Script`, so the
//! flow is tested without a terminal. A prompter knows nothing of questionnaires: "don't
//! know", "back" and the like are ordinary entries or typed words, interpreted by the flow.

/// Why a prompt gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// Esc or Ctrl-C: save and stop.
    Interrupted,
    /// The terminal failed, e.g. it was closed.
    Failed(String),
}

/// The answer to one prompt.
pub type Reply<T> = Result<T, Stop>;

/// One entry of a list: a label, and a longer description shown under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub detail: Option<String>,
}

impl Entry {
    /// An entry with a label only.
    pub fn plain(label: impl Into<String>) -> Self {
        Entry {
            label: label.into(),
            detail: None,
        }
    }

    /// An entry with a label and a description.
    pub fn with_detail(label: impl Into<String>, detail: Option<String>) -> Self {
        Entry {
            label: label.into(),
            detail,
        }
    }
}

/// Pick one entry of a list.
#[derive(Debug, Clone)]
pub struct Choose<'a> {
    pub message: &'a str,
    pub entries: Vec<Entry>,
    /// The entry highlighted at first.
    pub start: usize,
    /// Typing filters the list (long lists such as countries).
    pub searchable: bool,
}

/// Tick any number of entries of a list.
#[derive(Debug, Clone)]
pub struct Check<'a> {
    pub message: &'a str,
    pub entries: Vec<Entry>,
    /// The entries ticked at first.
    pub ticked: Vec<usize>,
    /// Entries that must be ticked alone ("None of these", "Don't know", ...).
    pub alone: Vec<bool>,
}

/// Accepts a typed text, or says what is wrong with it.
pub type Rule<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// A line of text.
pub struct Input<'a> {
    pub message: &'a str,
    /// One line on how to answer, shown under the prompt.
    pub help: Option<&'a str>,
    /// Text already in the box, editable (the current answer).
    pub initial: String,
    /// What an empty answer means, shown in brackets and returned for an empty answer.
    pub default: Option<String>,
    /// Rejects a typed text with a message; the prompt stays until the text passes.
    pub check: Option<Rule<'a>>,
}

impl<'a> Input<'a> {
    /// A plain text prompt.
    pub fn new(message: &'a str) -> Self {
        Input {
            message,
            help: None,
            initial: String::new(),
            default: None,
            check: None,
        }
    }
}

/// Asks the respondent. Every method returns [`Stop`] on Esc or Ctrl-C.
pub trait Prompter {
    /// Shows text above the next prompt (section openings, question headers, notes).
    fn show(&mut self, text: &str);
    /// The width to lay text out for, in columns.
    fn width(&self) -> usize;
    fn select(&mut self, p: &Choose<'_>) -> Reply<usize>;
    fn multi(&mut self, p: &Check<'_>) -> Reply<Vec<usize>>;
    fn text(&mut self, p: &Input<'_>) -> Reply<String>;
    fn confirm(&mut self, message: &str, default: bool) -> Reply<bool>;
}

/// What is wrong with ticking these entries, if anything. One rule for every prompter, so
/// the scripted tests check what the terminal enforces.
pub fn check_ticks(p: &Check<'_>, ticked: &[usize]) -> Option<String> {
    if ticked.is_empty() {
        return Some("Tick at least one entry (Space), then press Enter.".to_string());
    }
    if ticked.len() > 1
        && let Some(i) = ticked.iter().find(|i| p.alone.get(**i) == Some(&true))
    {
        let label = p.entries.get(*i).map_or("", |e| e.label.as_str());
        return Some(format!(
            "\"{label}\" goes alone: untick it, or untick the others."
        ));
    }
    None
}

/// Word-wraps `text` to `width` columns, every line starting with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let fits = line.chars().count() + 1 + word.chars().count() <= room;
            if !line.is_empty() && !fits {
                lines.push(format!("{pad}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(format!("{pad}{line}"));
    }
    lines.join("\n")
}

/// Shortens `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
pub mod script {
    //! A prompter that plays a script, for tests of the flow.

    use std::collections::VecDeque;

    use super::*;

    /// One scripted reply.
    #[derive(Debug, Clone)]
    pub enum Step {
        /// Choose the entry whose label starts with this text.
        Pick(&'static str),
        /// Tick the entries whose labels start with these texts.
        Tick(Vec<&'static str>),
        /// Type this text and press Enter.
        Type(&'static str),
        /// Answer a yes/no question.
        Yes,
        No,
        /// Press Esc or Ctrl-C.
        Interrupt,
    }

    /// Plays its steps in order and records what was asked and shown.
    #[derive(Default)]
    pub struct Script {
        steps: VecDeque<Step>,
        /// Every message of every prompt, in order.
        pub asked: Vec<String>,
        /// Every text shown.
        pub shown: Vec<String>,
        /// Every rejection message of a check.
        pub rejected: Vec<String>,
        /// The entries offered at each select, by prompt.
        pub offered: Vec<Vec<String>>,
        /// The starting entry of each select.
        pub started_at: Vec<String>,
        /// The initial text of each text prompt.
        pub initial: Vec<String>,
    }

    impl Script {
        pub fn new(steps: Vec<Step>) -> Self {
            Script {
                steps: steps.into(),
                ..Script::default()
            }
        }

        /// Whether every step was played.
        pub fn done(&self) -> bool {
            self.steps.is_empty()
        }

        fn next(&mut self, message: &str) -> Step {
            self.asked.push(message.to_string());
            self.steps
                .pop_front()
                .unwrap_or_else(|| panic!("the script ended before the prompt {message:?}"))
        }

        fn find(entries: &[Entry], prefix: &str, message: &str) -> usize {
            entries
                .iter()
                .position(|e| e.label.starts_with(prefix))
                .unwrap_or_else(|| {
                    let labels: Vec<&str> = entries.iter().map(|e| e.label.as_str()).collect();
                    panic!("no entry {prefix:?} at {message:?}; entries: {labels:?}")
                })
        }
    }

    impl Prompter for Script {
        fn show(&mut self, text: &str) {
            self.shown.push(text.to_string());
        }

        fn width(&self) -> usize {
            80
        }

        fn select(&mut self, p: &Choose<'_>) -> Reply<usize> {
            self.offered
                .push(p.entries.iter().map(|e| e.label.clone()).collect());
            self.started_at.push(p.entries[p.start].label.clone());
            match self.next(p.message) {
                Step::Pick(prefix) => Ok(Self::find(&p.entries, prefix, p.message)),
                Step::Interrupt => Err(Stop::Interrupted),
                other => panic!("expected Pick at {:?}, found {other:?}", p.message),
            }
        }

        fn multi(&mut self, p: &Check<'_>) -> Reply<Vec<usize>> {
            loop {
                match self.next(p.message) {
                    Step::Tick(prefixes) => {
                        let mut ticked: Vec<usize> = prefixes
                            .iter()
                            .map(|x| Self::find(&p.entries, x, p.message))
                            .collect();
                        ticked.sort_unstable();
                        match check_ticks(p, &ticked) {
                            Some(problem) => self.rejected.push(problem),
                            None => return Ok(ticked),
                        }
                    }
                    Step::Interrupt => return Err(Stop::Interrupted),
                    other => panic!("expected Tick at {:?}, found {other:?}", p.message),
                }
            }
        }

        fn text(&mut self, p: &Input<'_>) -> Reply<String> {
            self.initial.push(p.initial.clone());
            loop {
                match self.next(p.message) {
                    Step::Type(typed) => {
                        let typed = match (&p.default, typed) {
                            (Some(d), "") => d.clone(),
                            _ => typed.to_string(),
                        };
                        match p.check.map_or(Ok(()), |c| c(&typed)) {
                            Err(problem) => self.rejected.push(problem),
                            Ok(()) => return Ok(typed),
                        }
                    }
                    Step::Interrupt => return Err(Stop::Interrupted),
                    other => panic!("expected Type at {:?}, found {other:?}", p.message),
                }
            }
        }

        fn confirm(&mut self, message: &str, _default: bool) -> Reply<bool> {
            match self.next(message) {
                Step::Yes => Ok(true),
                Step::No => Ok(false),
                Step::Interrupt => Err(Stop::Interrupted),
                other => panic!("expected Yes or No at {message:?}, found {other:?}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_with_an_indent() {
        let text = "Count staff on the government payroll, not consultants or donor project staff.";
        assert_eq!(
            wrap(text, 41, 2),
            "  Count staff on the government payroll,\n  not consultants or donor project staff."
        );
    }

    #[test]
    fn an_entry_that_must_stand_alone_is_refused_with_others() {
        let p = Check {
            message: "Which?",
            entries: vec![Entry::plain("A"), Entry::plain("None of these")],
            ticked: vec![],
            alone: vec![false, true],
        };
        assert_eq!(check_ticks(&p, &[0]), None);
        assert_eq!(check_ticks(&p, &[1]), None);
        assert_eq!(
            check_ticks(&p, &[0, 1]).as_deref(),
            Some("\"None of these\" goes alone: untick it, or untick the others.")
        );
        assert!(check_ticks(&p, &[]).is_some());
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Mandate and budget", 10), "Mandate a…");
        assert_eq!(truncate("None", 10), "None");
    }
}
