//! The advice the report gives for each example country, through the real binary.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

mod common;
use common::{egready, example_report};

fn ids(report: &Value) -> Vec<&str> {
    report["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

fn recommendation<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

fn session(report: &Value, question: &str) -> String {
    report["answers_to_session_questions"][question]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn oruna_weak_on_everything_starts_with_laws_institutions_and_a_core_team() {
    let r = example_report("oruna");
    assert_eq!(
        ids(&r),
        [
            "core_laws",
            "lead_institution",
            "recurrent_budget",
            "knowledge_retention",
            "le_core_team",
            "senior_leadership",
            "private_sector",
            "data_protection",
            "cybersecurity",
            "donor_coordination",
            "curricula_and_training",
            "training_abroad_return",
            "regional_coe",
            "mentoring_twinning",
            "regional_cooperation",
            "user_engagement",
            "diaspora",
        ]
    );
    assert!(session(&r, "actions").starts_with(
        "Start with Legislative support (not met, scored 6.6), Institutions and coordination \
         (not met, scored 14.5) and Local expertise and engagement (not met, scored 20.0). \
         Do first: Enact the core laws"
    ));
    // All four of the session's ways fit a country with almost no local expertise.
    let ways = session(&r, "ways");
    for way in [
        "Curricula and civil-service and business training:",
        "Training abroad with a commitment to return:",
        "Centre of excellence:",
        "International mentoring framework:",
    ] {
        assert!(ways.contains(way), "{ways}");
    }
}

#[test]
fn tavola_partially_ready_keeps_its_expertise_and_completes_its_laws_first() {
    let r = example_report("tavola");
    assert_eq!(
        ids(&r),
        [
            "knowledge_retention",
            "digital_by_default_laws",
            "curricula_and_training",
            "training_abroad_return",
            "mentoring_twinning",
            "private_sector",
            "data_protection",
            "cybersecurity",
            "interoperability",
            "donor_coordination",
            "share_model",
        ]
    );
    assert_eq!(
        recommendation(&r, "digital_by_default_laws")["triggered_by"],
        serde_json::json!([
            "Legislative support is only partially met (scored 45.2)",
            "Is there a legal basis for agencies to share data with each other? You answered \"For some registers\".",
            "Is there a legal basis for digital identity? You answered \"Identifier only\".",
            "Does the law recognise electronic transactions and electronic signatures? You answered \"Operational\"."
        ])
    );
}

#[test]
fn velmora_capped_by_its_laws_is_told_to_pass_the_electronic_transactions_bill() {
    let r = example_report("velmora");
    assert_eq!(
        ids(&r),
        [
            "core_laws",
            "data_protection",
            "cybersecurity",
            "share_expertise",
            "share_model"
        ]
    );
    let core = recommendation(&r, "core_laws");
    assert_eq!(
        core["triggered_by"],
        serde_json::json!([
            "Legislative support is not met (scored 34.6)",
            "Does the law recognise electronic transactions and electronic signatures? You answered \"Draft\"."
        ])
    );
    assert_eq!(core["pathway_label"], "Legal framework");
    assert_eq!(core["cases"][0]["id"], "itu_eu_model_laws");
    assert_eq!(
        session(&r, "actions"),
        "Start with Legislative support (not met, scored 34.6), which holds the stage at \
         Emerging. Do first: Enact the core laws, starting with electronic transactions and \
         signatures. Experience to learn from: ITU-EU model ICT laws for ACP regions."
    );
}

#[test]
fn kalindra_meeting_every_precondition_is_told_to_sustain_and_share() {
    let r = example_report("kalindra");
    assert_eq!(ids(&r), ["regional_hub", "share_expertise", "share_model"]);
    let pathways: Vec<&str> = r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["pathway"].as_str().unwrap())
        .collect();
    assert_eq!(
        pathways,
        [
            "centre_of_excellence",
            "sustain_and_share",
            "sustain_and_share"
        ]
    );
    assert!(session(&r, "actions").starts_with(
        "Every precondition is met, so the task now is to sustain the expertise, institutions \
         and laws in place and to share them with others."
    ));
}

#[test]
fn every_reason_names_a_section_or_an_answer() {
    let sections = [
        "Local expertise and engagement",
        "Institutions and coordination",
        "Legislative support",
        "Capacity-building channels and cooperation",
    ];
    for example in ["oruna", "tavola", "velmora", "kalindra"] {
        let r = example_report(example);
        for rec in r["recommendations"].as_array().unwrap() {
            let reasons = rec["triggered_by"].as_array().unwrap();
            assert!(!reasons.is_empty(), "{example} {}", rec["id"]);
            for reason in reasons {
                let reason = reason.as_str().unwrap();
                assert!(
                    sections.iter().any(|s| reason.starts_with(s))
                        || reason.contains("? You answered \""),
                    "{example} {}: {reason}",
                    rec["id"]
                );
            }
        }
    }
}

#[test]
fn the_terminal_shows_the_top_three_and_points_to_json_for_the_rest() {
    let out = egready()
        .args(["report", "examples/velmora.json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Recommendations (3 of 5):"), "{text}");
    // Cells wrap at 100 columns, so only short phrases stay on one line.
    assert!(text.contains("Enact the core laws, starting"), "{text}");
    assert!(text.contains("Prepare an electronic"), "{text}");
    assert!(
        text.contains(
            "2 more recommendations: see them all, with their cases, with --format json."
        )
    );
    assert!(text.contains("What to do first"), "{text}");
    assert!(
        !text.contains("Keep institutions and laws up to date"),
        "{text}"
    );
}
