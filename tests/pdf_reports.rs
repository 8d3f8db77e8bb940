//! `egready report --pdf` through the real binary, reading the PDFs back with lopdf: what page
//! 1 says, the text and metadata of the whole report, determinism, and where files land.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{egready, squash, success_stderr};

const STP: &str = "tests/fixtures/pdf/sao_tome.json";
const STP_ORG: &str = "Ministério das Infraestruturas, Recursos Naturais e Ambiente, Direção-Geral das Tecnologias de Informação e Comunicação e da Transformação Digital";

/// Runs `report FILE --pdf --out DIR` plus `extra`; returns standard error.
fn report_pdf(file: &str, dir: &Path, extra: &[&str]) -> String {
    success_stderr(
        egready()
            .args(["report", file, "--pdf", "--out"])
            .arg(dir)
            .args(extra),
    )
}

/// The PDF files in `dir`, sorted.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

/// The text of page `n` (1-based), whitespace collapsed.
fn page_text(doc: &lopdf::Document, n: u32) -> String {
    let text = doc.extract_text(&[n]).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn all_text(doc: &lopdf::Document) -> String {
    (1..=doc.get_pages().len() as u32)
        .map(|n| page_text(doc, n))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text entry of the document information dictionary, decoded.
fn info(doc: &lopdf::Document, key: &[u8]) -> String {
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_object(id).unwrap().as_dict().unwrap();
    let bytes = dict.get(key).unwrap().as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn json_report(file: &str) -> Value {
    let out = egready()
        .args(["report", file, "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn page_one_gives_the_verdict_and_the_report_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = report_pdf(STP, dir.path(), &[]);
    let files = pdfs(dir.path());
    assert_eq!(
        files,
        vec![dir.path().join("stp-2026-mitrn-2026-05-12.pdf")]
    );
    assert!(
        stderr.contains("stp-2026-mitrn-2026-05-12.pdf (7 pages"),
        "{stderr}"
    );
    let doc = lopdf::Document::load(&files[0]).unwrap();
    assert_eq!(doc.get_pages().len(), 7);

    let json = json_report(STP);
    let index = format!("{:.1}", json["readiness_index"].as_f64().unwrap());
    let page1 = squash(&page_text(&doc, 1));
    for expected in [
        "E-government readiness report",
        "São Tomé e Príncipe (STP)",
        STP_ORG,
        "Ŋgɔnɛ Ɛsi Carvalho, Diretora-Geral",
        "12 May 2026",
        "version 1.0.0 (egov-preconditions)",
        &format!("{index} / 100"),
        "Stage: Developing",
        "Completeness: 100%",
        "Next step",
        // The scores, their legend and the radar stay on page 1 despite the long names.
        "Scores by section",
        "Not a precondition (counts in the index only)",
        "met from 60",
        "page 1 of 7",
        "egready 0.1.0",
    ] {
        assert!(
            page1.contains(&squash(expected)),
            "page 1 lacks {expected:?}: {page1}"
        );
    }
    let text = squash(&all_text(&doc));
    for section in json["sections"].as_array().unwrap() {
        let title = section["title"].as_str().unwrap();
        assert!(text.contains(&squash(title)), "no section {title:?}");
    }
    for expected in [
        "The session's three questions",
        "Recommendations",
        "Cases to learn from",
        "Answers by section",
        "Appendix: how the scores are computed",
        "Not met: a score below 40",
    ] {
        assert!(
            text.contains(&squash(expected)),
            "the report lacks {expected:?}"
        );
    }

    assert_eq!(
        info(&doc, b"Title"),
        "E-government readiness report: São Tomé e Príncipe"
    );
    assert_eq!(info(&doc, b"Author"), STP_ORG);
    assert!(info(&doc, b"Subject").contains("assessment of 12 May 2026"));
    assert_eq!(info(&doc, b"Creator"), "egready 0.1.0");
    assert_eq!(info(&doc, b"CreationDate"), "D:20260512000000+00'00'");
}

#[test]
fn page_one_holds_the_scores_on_letter_paper_too() {
    let dir = tempfile::tempdir().unwrap();
    report_pdf(STP, dir.path(), &["--paper", "letter"]);
    let doc = lopdf::Document::load(&pdfs(dir.path())[0]).unwrap();
    let page1 = squash(&page_text(&doc, 1));
    for expected in [
        "Next step",
        "Scores by section",
        "4. Capacity-building channels and cooperation",
        "Not a precondition (counts in the index only)",
        "met from 60",
    ] {
        assert!(
            page1.contains(&squash(expected)),
            "page 1 lacks {expected:?}: {page1}"
        );
    }
    // Nothing of page 1 (the radar, say) spilled over.
    let page2 = page_text(&doc, 2);
    assert!(
        page2.starts_with("The session's three questions"),
        "{page2}"
    );
}

/// The examples, whatever their number: `examples/*.json`.
fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_example_fits_seven_pages_on_a4_and_letter_and_lists_every_recommendation() {
    let files = examples();
    assert!(files.len() >= 4, "{files:?}");
    for file in &files {
        let file = file.to_str().unwrap();
        let json = json_report(file);
        let recs = json["recommendations"].as_array().unwrap();
        for paper in ["a4", "letter"] {
            let dir = tempfile::tempdir().unwrap();
            report_pdf(file, dir.path(), &["--paper", paper]);
            let doc = lopdf::Document::load(&pdfs(dir.path())[0]).unwrap();
            let pages = doc.get_pages().len();
            assert!(pages <= 7, "{file} on {paper}: {pages} pages");
            // Described in full or in the table, every recommendation is there with its
            // title and first action.
            let text = squash(&all_text(&doc));
            for r in recs {
                for expected in [&r["title"], &r["actions"][0]] {
                    let expected = expected.as_str().unwrap();
                    assert!(
                        text.contains(&squash(expected)),
                        "{file} on {paper} lacks {expected:?}"
                    );
                }
            }
            // The page budget takes detail away only where needed: Velmora's five
            // recommendations fit with the first three in full.
            if file.ends_with("velmora.json") {
                assert!(text.contains(&squash("The first three are described in full")));
            }
        }
    }
}

#[test]
fn the_same_answers_give_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    report_pdf("examples/oruna.json", a.path(), &[]);
    report_pdf("examples/oruna.json", b.path(), &[]);
    let (fa, fb) = (pdfs(a.path()), pdfs(b.path()));
    assert_eq!(fa.len(), 1);
    assert_eq!(
        std::fs::read(&fa[0]).unwrap(),
        std::fs::read(&fb[0]).unwrap()
    );
}

#[test]
fn letter_paper_is_letter_sized() {
    let dir = tempfile::tempdir().unwrap();
    report_pdf("examples/velmora.json", dir.path(), &["--paper", "letter"]);
    let doc = lopdf::Document::load(&pdfs(dir.path())[0]).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_float().unwrap().round())
        .collect::<Vec<_>>();
    assert_eq!(media, vec![0.0, 0.0, 612.0, 792.0]);
}

/// Writes a copy of `examples/velmora.json` with another respondent id into `dir`.
fn with_id(dir: &Path, id: &str) -> String {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("examples/velmora.json").unwrap()).unwrap();
    v["respondent"]["id"] = Value::from(id);
    let path = dir.join("answers.json");
    std::fs::write(&path, v.to_string()).unwrap();
    path.display().to_string()
}

#[test]
fn a_hostile_id_gives_a_file_inside_the_output_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a").join("b");
    for (id, name) in [
        ("../../x", "x-2026-10-14.pdf"),
        ("CON", "CON-2026-10-14.pdf"),
        ("a/b", "a_b-2026-10-14.pdf"),
        ("", "QVM-2026-10-14.pdf"),
    ] {
        let answers = with_id(root.path(), id);
        let stderr = report_pdf(&answers, &out, &[]);
        assert!(out.join(name).is_file(), "{id:?}: {stderr}");
    }
    assert_eq!(pdfs(&out).len(), 4);
    assert_eq!(
        pdfs(root.path()),
        Vec::<PathBuf>::new(),
        "nothing above the folder"
    );
    assert_eq!(pdfs(&root.path().join("a")), Vec::<PathBuf>::new());
}

#[test]
fn an_existing_report_gets_a_suffix_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("velmora-2026-dta-2026-10-14.pdf");
    std::fs::write(&first, b"an older report").unwrap();
    report_pdf("examples/velmora.json", dir.path(), &[]);
    report_pdf("examples/velmora.json", dir.path(), &[]);
    assert_eq!(std::fs::read(&first).unwrap(), b"an older report");
    assert!(
        dir.path()
            .join("velmora-2026-dta-2026-10-14-2.pdf")
            .is_file()
    );
    assert!(
        dir.path()
            .join("velmora-2026-dta-2026-10-14-3.pdf")
            .is_file()
    );
    let stderr = report_pdf("examples/velmora.json", dir.path(), &["--force"]);
    assert!(
        stderr.contains("velmora-2026-dta-2026-10-14.pdf ("),
        "{stderr}"
    );
    assert!(std::fs::read(&first).unwrap().starts_with(b"%PDF-"));
    assert_eq!(pdfs(dir.path()).len(), 3);
}

#[test]
fn an_unsupported_script_is_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string("examples/velmora.json").unwrap()).unwrap();
    v["respondent"]["organisation"] = Value::from("数字化转型局 Digital Agency");
    let answers = dir.path().join("answers.json");
    std::fs::write(&answers, v.to_string()).unwrap();
    let out = dir.path().join("out");
    let stderr = report_pdf(answers.to_str().unwrap(), &out, &[]);
    assert!(
        stderr.contains("warning: ") && stderr.contains("U+6570"),
        "{stderr}"
    );
    assert_eq!(pdfs(&out).len(), 1);
}

#[test]
fn pdf_options_need_pdf() {
    egready()
        .args(["report", "examples/velmora.json", "--paper", "letter"])
        .assert()
        .code(2);
}

#[test]
fn an_unwritable_folder_is_an_output_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    egready()
        .args(["report", "examples/velmora.json", "--pdf", "--out"])
        .arg(&blocker)
        .assert()
        .code(7);
}
