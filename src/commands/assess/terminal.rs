//! The terminal prompter: inquire prompts on standard error, laid out for the terminal's size
//! so that an answer list with its descriptions fits under the question it answers.

use std::fmt;
use std::io::Write;

use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::ui::{RenderConfig, Styled};
use inquire::validator::Validation;
use inquire::{Confirm, MultiSelect, Select, Text};

use super::prompt::{Check, Choose, Entry, Input, Prompter, Reply, Stop, check_ticks, wrap};
use super::screen::MAX_WIDTH;

const HELP_SELECT: &str = "↑↓ move · Enter choose";
const HELP_SEARCH: &str = "type to search · ↑↓ move · Enter choose";
const HELP_MULTI: &str = "↑↓ move · Space tick or untick · Enter confirm";

/// Prompts in the terminal.
pub struct Terminal {
    config: RenderConfig<'static>,
    /// Lines of the text shown last (the question header), kept on screen above the list.
    header_lines: usize,
    /// What Esc does, for the help lines.
    esc: &'static str,
}

impl Terminal {
    pub fn new() -> Self {
        let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let config = if colour {
            RenderConfig::default_colored()
        } else {
            RenderConfig::empty()
        };
        Terminal {
            config: config.with_canceled_prompt_indicator(Styled::new("(stopped)")),
            header_lines: 0,
            esc: "Esc quit",
        }
    }

    /// From now on a draft exists, and Esc saves it before stopping.
    pub fn saving(&mut self) {
        self.esc = "Esc save and stop";
    }

    fn help(&self, help: &str) -> String {
        wrap(
            &format!("{help} · {}", self.esc),
            self.width().saturating_sub(3),
            0,
        )
    }

    /// A validation message, wrapped under its "# " prefix.
    fn problem(&self, message: &str) -> String {
        wrap(message, self.width().saturating_sub(3), 0)
    }

    /// An answer as left on screen after the prompt: on the prompt's line when it fits after
    /// `message`, else wrapped on the lines below.
    fn answered(&self, message: &str, answer: &str) -> String {
        let width = self.width();
        if answer.is_empty() {
            "(none)".to_string()
        } else if message.lines().last().map_or(0, |l| l.chars().count())
            + answer.chars().count()
            + 4
            <= width
        {
            answer.to_string()
        } else {
            format!("\n{}", wrap(answer, width, 2))
        }
    }

    fn size(&self) -> (usize, usize) {
        terminal_size::terminal_size_of(std::io::stderr())
            .map_or((80, 24), |(w, h)| (usize::from(w.0), usize::from(h.0)))
    }

    /// How many entries to show at once so that the list and the header fit on screen.
    fn page_size(&self, shown: &[Shown]) -> usize {
        let (_, height) = self.size();
        let tallest = shown
            .iter()
            .map(|s| s.text.lines().count())
            .max()
            .unwrap_or(1);
        let room = height.saturating_sub(self.header_lines + 4);
        (room / tallest).max(3).min(shown.len().max(1))
    }

    /// Entries laid out after a `prefix` of columns (cursor, checkbox), descriptions indented.
    fn shown(&self, entries: &[Entry], prefix: usize, indent: usize) -> Vec<Shown> {
        let width = self.width();
        entries
            .iter()
            .map(|e| {
                // A long label continues under itself, after the cursor or checkbox.
                // (Only when too long: wrapping would squeeze the spaces that align columns.)
                let room = width.saturating_sub(prefix);
                let label = if e.label.chars().count() <= room {
                    e.label.clone()
                } else {
                    wrap(&e.label, room, 0).replace('\n', &format!("\n{}", " ".repeat(prefix)))
                };
                Shown {
                    label: e.label.clone(),
                    text: match &e.detail {
                        // The detail names a draft file, which may be named anything.
                        Some(d) => format!(
                            "{label}\n{}",
                            wrap(&crate::output::strip_control(d), width, indent)
                        ),
                        None => label,
                    },
                }
            })
            .collect()
    }

    fn message(&self, message: &str) -> String {
        wrap(message, self.width().saturating_sub(2), 0)
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

/// An entry as listed: its label, then its description wrapped under it.
#[derive(Clone)]
struct Shown {
    label: String,
    text: String,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn stop(e: InquireError) -> Stop {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Stop::Interrupted,
        other => Stop::Failed(other.to_string()),
    }
}

impl Prompter for Terminal {
    fn show(&mut self, text: &str) {
        let width = self.width();
        // Notes quote draft files and their names, which may hold escape sequences.
        let fitted: Vec<String> = text
            .split('\n')
            .map(crate::output::strip_control)
            .map(|line| {
                if line.chars().count() <= width {
                    line.to_string()
                } else {
                    let indent = line.len() - line.trim_start().len();
                    wrap(line.trim_start(), width, indent)
                }
            })
            .collect();
        let text = fitted.join("\n");
        self.header_lines = text.lines().count();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
        let _ = err.flush();
    }

    /// One column less than the terminal: a line that fills the last column makes some
    /// terminals wrap, which would shift everything drawn after it.
    fn width(&self) -> usize {
        self.size().0.saturating_sub(1).min(MAX_WIDTH)
    }

    fn select(&mut self, p: &Choose<'_>) -> Reply<usize> {
        let shown = self.shown(&p.entries, 2, 4);
        let page = self.page_size(&shown);
        let message = self.message(p.message);
        let formatter = |o: ListOption<&Shown>| self.answered(&message, &o.value.label);
        let (help_search, help_select) = (self.help(HELP_SEARCH), self.help(HELP_SELECT));
        let mut prompt = Select::new(&message, shown)
            .with_render_config(self.config)
            .with_starting_cursor(p.start)
            .with_page_size(page)
            .with_formatter(&formatter);
        prompt = if p.searchable {
            prompt.with_help_message(&help_search)
        } else {
            prompt.with_help_message(&help_select).without_filtering()
        };
        let picked = prompt.raw_prompt().map_err(stop)?;
        self.header_lines = 0;
        Ok(picked.index)
    }

    fn multi(&mut self, p: &Check<'_>) -> Reply<Vec<usize>> {
        let shown = self.shown(&p.entries, 6, 6);
        let page = self.page_size(&shown);
        let message = self.message(p.message);
        let rule = Check {
            message: "",
            entries: p.entries.clone(),
            ticked: Vec::new(),
            alone: p.alone.clone(),
        };
        let width = self.width();
        let validator = move |chosen: &[ListOption<&Shown>]| {
            let ticked: Vec<usize> = chosen.iter().map(|o| o.index).collect();
            Ok(match check_ticks(&rule, &ticked) {
                Some(problem) => {
                    Validation::Invalid(wrap(&problem, width.saturating_sub(3), 0).into())
                }
                None => Validation::Valid,
            })
        };
        let formatter = |chosen: &[ListOption<&Shown>]| {
            let labels: Vec<&str> = chosen.iter().map(|o| o.value.label.as_str()).collect();
            self.answered(&message, &labels.join(", "))
        };
        let help = self.help(HELP_MULTI);
        let picked = MultiSelect::new(&message, shown)
            .with_render_config(self.config)
            .with_default(&p.ticked)
            .with_page_size(page)
            .with_help_message(&help)
            .with_formatter(&formatter)
            .with_validator(validator)
            .without_filtering()
            .raw_prompt()
            .map_err(stop)?;
        self.header_lines = 0;
        Ok(picked.iter().map(|o| o.index).collect())
    }

    fn text(&mut self, p: &Input<'_>) -> Reply<String> {
        let help = self.help(p.help.unwrap_or("Enter confirm"));
        let message = self.message(p.message);
        let check = p.check;
        let me: &Terminal = self;
        let validator = move |s: &str| {
            Ok(match check.map_or(Ok(()), |c| c(s)) {
                Ok(()) => Validation::Valid,
                Err(problem) => Validation::Invalid(me.problem(&problem).into()),
            })
        };
        let formatter = |s: &str| self.answered(&message, s.trim());
        let initial = crate::output::strip_control(&p.initial);
        let mut prompt = Text::new(&message)
            .with_render_config(self.config)
            .with_help_message(&help)
            .with_formatter(&formatter)
            // The initial value comes from a draft file: no escape sequences on the screen.
            .with_initial_value(&initial)
            .with_validator(validator);
        if let Some(d) = &p.default {
            prompt = prompt.with_default(d);
        }
        let typed = prompt.prompt().map_err(stop)?;
        self.header_lines = 0;
        Ok(typed)
    }

    fn confirm(&mut self, message: &str, default: bool) -> Reply<bool> {
        let message = self.message(message);
        let answer = Confirm::new(&message)
            .with_render_config(self.config)
            .with_default(default)
            .with_help_message(&self.help("y for yes, n for no"))
            .prompt()
            .map_err(stop)?;
        self.header_lines = 0;
        Ok(answer)
    }
}
