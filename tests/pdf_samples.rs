//! The sample reports in `reports/samples/` must be what the tool makes today: each is
//! generated again and compared byte for byte. After a deliberate change to the reports,
//! refresh them with `EGREADY_UPDATE_SAMPLES=1 cargo test --test pdf_samples`.

#![allow(clippy::unwrap_used)]

use std::path::Path;

mod common;
use common::egready;

const SAMPLES: &str = "reports/samples";

/// Compares a freshly generated file with its sample, or replaces the sample on request.
fn check(fresh: &Path, sample: &str) {
    let sample = Path::new(SAMPLES).join(sample);
    let bytes = std::fs::read(fresh).unwrap();
    if std::env::var_os("EGREADY_UPDATE_SAMPLES").is_some() {
        std::fs::write(&sample, &bytes).unwrap();
        return;
    }
    let committed = std::fs::read(&sample).unwrap_or_default();
    assert!(
        committed == bytes,
        "{} is stale: refresh it with `EGREADY_UPDATE_SAMPLES=1 cargo test --test pdf_samples`",
        sample.display()
    );
}

#[test]
fn assessment_samples_are_up_to_date() {
    for (example, name) in [
        ("velmora", "velmora-2026-dta-2026-10-14.pdf"),
        ("oruna", "oruna-2026-mof-2026-09-03.pdf"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        egready()
            .args([
                "report",
                &format!("examples/{example}.json"),
                "--pdf",
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success();
        check(&dir.path().join(name), name);
    }
}

#[test]
fn comparison_sample_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    egready()
        .args(["score", "examples/batch.csv", "--pdf", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    check(&dir.path().join("comparison.pdf"), "comparison.pdf");
}
