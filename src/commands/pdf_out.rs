//! Writing PDF reports to files: names made safe for every operating system and unique in
//! their folder, atomic writes, and the reports of a batch rendered on every core.

mod batch;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use batch::BatchPdfs;

use crate::cli::PaperSize;
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::report::Scored;
use crate::report::pdf::{Paper, RenderedPdf};
use crate::report::pdf_assessment::PdfReport;

/// The longest file name stem kept, in bytes: room for "-999.pdf" within the 255 bytes
/// that most file systems allow, and short enough to read in a file list.
const MAX_STEM_BYTES: usize = 120;

/// The paper of the layout layer.
pub fn paper(p: PaperSize) -> Paper {
    match p {
        PaperSize::A4 => Paper::A4,
        PaperSize::Letter => Paper::Letter,
    }
}

/// The file name stem of a report, `<name>-<date>`, safe on every operating system: no
/// folder separators or characters Windows forbids (`sanitize-filename` with its Windows
/// rules), no device names (`CON`, `NUL`...), no leading dots (hidden files, `..`), at most
/// 120 bytes. `name` is the respondent id, or the country when there is none. Never empty.
pub fn file_stem(name: &str, date: &str) -> String {
    let joined = match (name.trim(), date.trim()) {
        ("", "") => String::new(),
        (n, "") => n.to_string(),
        ("", d) => d.to_string(),
        (n, d) => format!("{n}-{d}"),
    };
    // Windows drops trailing dots and spaces; sanitize-filename would replace them.
    let joined = protect_device_name(joined.trim_end_matches(['.', ' ']));
    let safe = sanitize_filename::sanitize_with_options(
        &joined,
        sanitize_filename::Options {
            windows: true,
            truncate: true,
            replacement: "_",
        },
    );
    let trimmed = safe.trim_start_matches(['.', '_', ' ', '-']);
    let mut end = trimmed.len().min(MAX_STEM_BYTES);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    let stem = trimmed[..end].trim_end_matches(['.', ' ']);
    if stem.is_empty() {
        "assessment".to_string()
    } else {
        stem.to_string()
    }
}

/// "CON" and "con.x" name devices on Windows whatever their extension; `sanitize-filename`
/// would replace the whole name, so mark the device name instead: "CON_", "con_.x".
fn protect_device_name(name: &str) -> String {
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    let base = name.split('.').next().unwrap_or_default();
    let upper = base.to_ascii_uppercase();
    let numbered = upper.len() == 4
        && (upper.starts_with("COM") || upper.starts_with("LPT"))
        && upper.as_bytes()[3].is_ascii_digit();
    if DEVICES.contains(&upper.as_str()) || numbered {
        format!("{base}_{}", &name[base.len()..])
    } else {
        name.to_string()
    }
}

/// Hands out report paths in one folder: `<stem>.pdf`, or with `-2`, `-3`... when that name
/// exists (unless `force`) or was already handed out in this run. Names are compared without
/// case, as Windows and macOS do.
#[derive(Debug)]
pub struct Names {
    dir: PathBuf,
    force: bool,
    /// Lower-case names of the files in the folder when the run started.
    existing: HashSet<String>,
    claimed: HashSet<String>,
}

impl Names {
    /// Names in `dir`; with `force`, existing files may be replaced.
    pub fn new(dir: &Path, force: bool) -> Names {
        let existing = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        Names {
            dir: dir.to_path_buf(),
            force,
            existing,
            claimed: HashSet::new(),
        }
    }

    /// The path for the next report named `stem` (already safe: see [`file_stem`]).
    pub fn next(&mut self, stem: &str) -> PathBuf {
        for n in 1u64.. {
            let name = match n {
                1 => format!("{stem}.pdf"),
                _ => format!("{stem}-{n}.pdf"),
            };
            let lower = name.to_lowercase();
            let free = self.force || !self.existing.contains(&lower);
            if free && self.claimed.insert(lower) {
                return self.dir.join(name);
            }
        }
        unreachable!("a free name is found before u64 runs out")
    }
}

/// Writes a finished PDF atomically (a failure leaves any previous file untouched).
pub fn write(path: &Path, pdf: &RenderedPdf) -> Result<()> {
    write_atomic(path, |w| w.write_all(&pdf.bytes)).map_err(|e| Error::Output(e.to_string()))
}

/// Renders one assessment, writes it to a new file handed out by `names`, and prints the
/// path and any warnings (characters the fonts lack) on standard error.
pub fn write_assessment(s: &Scored<'_>, paper: Paper, names: &mut Names) -> Result<PathBuf> {
    let r = &s.answers.respondent;
    let name = if r.id.trim().is_empty() {
        r.country.as_str()
    } else {
        r.id.as_str()
    };
    let path = names.next(&file_stem(name, &r.date));
    let pdf = PdfReport { paper }
        .build(s)
        .map_err(|e| Error::Other(e.into()))?;
    write(&path, &pdf)?;
    eprintln!("{}", wrote_line(&path, pdf.page_count, pdf.bytes.len()));
    batch::print_warnings(&path, &pdf.warnings);
    Ok(path)
}

/// "wrote reports/x.pdf (6 pages, 31 KB)".
pub fn wrote_line(path: &Path, pages: usize, bytes: usize) -> String {
    format!(
        "wrote {} ({pages} page{}, {} KB)",
        path.display(),
        if pages == 1 { "" } else { "s" },
        bytes.div_ceil(1024)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_plain_file_names() {
        assert_eq!(file_stem("../../x", "2025-03-01"), "x-2025-03-01");
        assert_eq!(file_stem("a/b", ""), "a_b");
        assert_eq!(file_stem("a\\b:c*d?", "2025-03-01"), "a_b_c_d_-2025-03-01");
        assert_eq!(file_stem("..", ""), "assessment");
        assert_eq!(file_stem("", ""), "assessment");
        assert_eq!(file_stem("   ", "  "), "assessment");
        assert_eq!(file_stem("x\u{0}y\ny", ""), "x_y_y");
    }

    #[test]
    fn windows_device_names_are_kept_but_made_harmless() {
        assert_eq!(file_stem("CON", ""), "CON_");
        assert_eq!(file_stem("con", ""), "con_");
        assert_eq!(file_stem("nul.txt", ""), "nul_.txt");
        assert_eq!(file_stem("COM1", ""), "COM1_");
        assert_eq!(file_stem("CON", "2025-03-01"), "CON-2025-03-01");
        assert_eq!(file_stem("CONSULT", ""), "CONSULT");
        assert_eq!(file_stem("report. ", ""), "report");
        assert_eq!(file_stem("report.", "2025-03-01"), "report.-2025-03-01");
    }

    #[test]
    fn long_and_accented_names_are_cut_on_a_character_boundary() {
        assert_eq!(
            file_stem("São Tomé e Príncipe", "2025-03-01"),
            "São Tomé e Príncipe-2025-03-01"
        );
        let long = "é".repeat(200);
        let stem = file_stem(&long, "2025-03-01");
        assert_eq!(stem, "é".repeat(60));
    }

    #[test]
    fn names_get_a_suffix_instead_of_replacing_a_report() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.pdf"), b"old").unwrap();
        let mut names = Names::new(dir.path(), false);
        assert_eq!(names.next("x"), dir.path().join("x-2.pdf"));
        assert_eq!(names.next("X"), dir.path().join("X-3.pdf"));
        assert_eq!(names.next("y"), dir.path().join("y.pdf"));
        let mut forced = Names::new(dir.path(), true);
        assert_eq!(forced.next("x"), dir.path().join("x.pdf"));
        assert_eq!(forced.next("x"), dir.path().join("x-2.pdf"));
    }

    #[test]
    fn every_stem_stays_inside_the_folder() {
        let dir = Path::new("out");
        for hostile in [
            "../../x",
            "/etc/passwd",
            "a/b",
            "CON",
            "",
            "..\\..\\y",
            "C:x",
        ] {
            let path = Names::new(dir, true).next(&file_stem(hostile, "2025-03-01"));
            assert_eq!(path.parent(), Some(dir), "{hostile}");
            assert_eq!(path.components().count(), 2, "{hostile}");
        }
    }
}
