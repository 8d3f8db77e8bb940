//! Hostile text through every output: ids, names and comments with formula prefixes, ANSI
//! escape sequences and other control characters, bidi override marks, very long strings and
//! path characters. The terminal gets no control sequence, CSV cells copied from input never
//! start a formula, file names stay inside the output folder, and JSON keeps the text as it
//! was (it is for programs, and escapes control characters itself).

#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;

mod common;

const TINY: &str = "tests/fixtures/tiny.toml";

fn egready(dir: &Path) -> Command {
    let mut cmd = common::egready();
    cmd.current_dir(dir);
    cmd
}

fn tiny() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(TINY)
        .display()
        .to_string()
}

/// Text a terminal can show as it is: no control character but line breaks, no bidi
/// override or isolate mark.
fn assert_clean(what: &str, text: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    });
    assert_eq!(bad, None, "{what}: {text:?}");
}

/// Every cell of an output CSV; none may start a formula (the outputs hold no negative
/// numbers, so a leading '-' is always text).
fn assert_no_formula(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let rows = common::csv_cells(text.trim_start_matches('\u{feff}'));
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{}: {cell:?}",
            path.display()
        );
    }
    rows
}

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const ESCAPES: &str = "\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{7}\u{1b}[2J";
const BIDI: &str = "\u{202E}txt.exe\u{202C}";

#[test]
fn report_shows_hostile_answers_safely_and_json_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string("tests/fixtures/bad/not_an_option.json")
        .unwrap()
        .replace("\"maybe\"", "\"yes\"");
    let mut answers: serde_json::Value = serde_json::from_str(&good).unwrap();
    let long = "long ".repeat(1999);
    let respondent = &mut answers["respondent"];
    respondent["id"] = "../../etc/passwd".into();
    respondent["organisation"] = format!("{FORMULA}{ESCAPES}").into();
    respondent["role"] = format!("{BIDI} role\r\nsecond line\u{8}\u{7f}").into();
    respondent["name"] = long.clone().into();
    answers["answers"]["lead"]["comment"] = format!("@SUM(A1){ESCAPES}").into();
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, serde_json::to_string(&answers).unwrap()).unwrap();

    let table =
        common::success_stdout(egready(dir.path()).args(["report", "hostile.json", "-q", &tiny()]));
    assert_clean("report table", &table);
    assert!(
        table.contains(&format!(
            "{FORMULA}red, txt.exe rolesecond line, 2026-03-02"
        )),
        "{table}"
    );

    let out = egready(dir.path())
        .args(["report", "hostile.json", "-q", &tiny(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["respondent"], answers["respondent"]);
}

#[test]
fn score_keeps_formulas_escapes_and_paths_out_of_harm() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(5_000);
    let mut w = csv::Writer::from_path(dir.path().join("hostile.csv")).unwrap();
    w.write_record([
        "id",
        "country",
        "organisation",
        "respondent",
        "role",
        "=grp",
        "lead",
    ])
    .unwrap();
    for row in [
        [FORMULA, "MUS", "@SUM(A1)", "+1", "-2", "=g1", "yes"],
        [ESCAPES, "FJI", BIDI, "\tTAB", "\rCR", "=g1", "no"],
        ["../../etc/passwd", "RWA", &long, "", "", "@g2", "yes"],
        ["bad-row", "=1+1", "org", "", "", "=g1", "yes"],
        ["bad-row-2", ESCAPES, "org", "", "", "=g1", "yes"],
    ] {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();

    let out = egready(dir.path())
        .args([
            "score",
            "hostile.csv",
            "-q",
            &tiny(),
            "--out",
            "out",
            "--detail",
        ])
        .args(["--group-by", "=grp"])
        .assert()
        .code(5)
        .get_output()
        .clone();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_clean("ranking", &stdout);
    assert_clean("messages", &stderr);
    assert!(stdout.contains("│ 3 ┆ red "), "{stdout}");
    assert!(
        stderr.contains("hostile.csv row 6, column country: \"red\" is not a country"),
        "{stderr}"
    );

    let out = dir.path().join("out");
    let scores = assert_no_formula(&out.join("scores.csv"));
    let ids: Vec<&str> = scores[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        ids,
        [format!("'{FORMULA}").as_str(), ESCAPES, "../../etc/passwd"]
    );
    assert_eq!(scores[3][2], long, "long text is kept whole");
    let errors = assert_no_formula(&out.join("errors.csv"));
    assert_eq!(errors[1][3], "'=1+1");
    let groups = assert_no_formula(&out.join("groups.csv"));
    assert_eq!(groups[0][0], "'=grp");
    let keys: Vec<&str> = groups[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(keys, ["'=g1", "'@g2"]);
    assert_no_formula(&out.join("answers.csv"));
    assert_no_formula(&out.join("recommendations.csv"));
}

#[test]
fn a_hostile_input_file_name_stays_inside_the_reports_folder() {
    let dir = tempfile::tempdir().unwrap();
    let rows = "id,country,lead\nr1,MUS,yes\n";
    for name in ["=evil\u{1b}[31m\u{202E}.csv", "..csv", "CON.csv"] {
        std::fs::write(dir.path().join(name), rows).unwrap();
        let out = egready(dir.path())
            .args(["score", name, "-q", &tiny()])
            .assert()
            .success()
            .get_output()
            .clone();
        assert_clean(name, &String::from_utf8(out.stderr).unwrap());
    }
    let mut made: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    made.sort();
    // Control characters and bidi marks replaced; "." (from "..csv") and the Windows device
    // name CON become "_".
    assert_eq!(made, ["=evil_[31m_", "_"]);
    let scores = assert_no_formula(&dir.path().join("reports/=evil_[31m_/scores.csv"));
    assert_eq!(
        scores[1][scores[0].len() - 2],
        "'=evil\u{1b}[31m\u{202E}.csv"
    );
}

#[test]
fn questionnaire_file_names_listed_from_a_folder_are_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(TINY, dir.path().join("a\u{1b}[31mred.toml")).unwrap();
    std::fs::write(dir.path().join("b\u{1b}[2J\u{202E}.toml"), "").unwrap();
    let listed =
        common::success_stdout(egready(dir.path()).args(["questionnaire", "list", "--dir", "."]));
    assert_clean("questionnaire list", &listed);
    assert!(listed.contains("./ared.toml"), "{listed}");
    assert!(
        listed.contains("./b.toml: not a valid questionnaire"),
        "{listed}"
    );
}

/// Everything `egready ARGS` prints on a terminal (a pseudo-terminal), once it has exited.
fn on_a_terminal(dir: &Path, args: &[&str]) -> String {
    use std::io::Read;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_egready"));
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    let mut s = expectrl::Session::spawn(cmd).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).ok(); // ends with EIO once the process has exited
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
fn scores_printed_on_a_terminal_lose_their_escape_sequences_but_not_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("id,country,lead\n\"{ESCAPES}\",MUS,yes\n\"x{BIDI}\",FJI,no\n");
    std::fs::write(dir.path().join("in.csv"), input).unwrap();
    for format in ["csv", "json"] {
        let args = [
            "score",
            "in.csv",
            "-q",
            &tiny(),
            "--out",
            "out",
            "--format",
            format,
        ];
        let printed = on_a_terminal(dir.path(), &args);
        // The terminal turns "\n" into "\r\n", and csv ends its lines with "\r\n".
        assert_clean(format, &printed.replace('\r', ""));
        assert!(printed.contains("red"), "{printed}");
        // In a pipe, the data is kept as it is (JSON escapes the control characters).
        let piped = egready(dir.path()).args(args).output().unwrap().stdout;
        let piped = String::from_utf8(piped).unwrap();
        let kept = if format == "csv" {
            ESCAPES.to_string()
        } else {
            serde_json::to_string(ESCAPES).unwrap()
        };
        assert!(piped.contains(&kept), "{format}: {piped:?}");
    }
}
