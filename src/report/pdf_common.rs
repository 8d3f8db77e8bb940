//! What the PDF reports share: the tool line of the footer, status colours and their legend,
//! the threshold lines, dates and country names.

use super::pdf::{PdfDate, Rgb, Threshold, palette};
use crate::questionnaire::Questionnaire;
use crate::status::Status;

/// The tool name and version, printed in every footer and in the PDF metadata.
pub const TOOL: &str = concat!("egready ", env!("CARGO_PKG_VERSION"));

/// The colour of sections that are not preconditions: they count in the index but have no
/// status, so they get a neutral blue instead of a status colour.
pub const NOT_A_PRECONDITION: Rgb = Rgb::hex(0x7F93AD);

/// The colour of a precondition status; `None` is a section that is not a precondition.
pub fn status_color(status: Option<Status>) -> Rgb {
    match status {
        Some(Status::Met) => palette::MET,
        Some(Status::PartiallyMet) => palette::PARTIALLY_MET,
        Some(Status::NotMet) => palette::NOT_MET,
        Some(Status::InsufficientData) => palette::NO_DATA,
        None => NOT_A_PRECONDITION,
    }
}

/// A light tint of a status colour, for dense tables where solid colour would shout: the
/// value printed in the cell stays dark and legible.
pub fn status_tint(status: Status) -> Rgb {
    match status {
        Status::Met => Rgb::hex(0xCDE7D6),
        Status::PartiallyMet => Rgb::hex(0xFBE7A8),
        Status::NotMet => Rgb::hex(0xEFC9C4),
        Status::InsufficientData => Rgb::hex(0xEBEBEB),
    }
}

/// The key to [`status_color`]; the last entry only when some section is not a precondition.
pub fn status_legend(q: &Questionnaire) -> Vec<(&'static str, Rgb)> {
    let mut items: Vec<(&'static str, Rgb)> = [
        Status::NotMet,
        Status::PartiallyMet,
        Status::Met,
        Status::InsufficientData,
    ]
    .into_iter()
    .map(|s| (s.label(), status_color(Some(s))))
    .collect();
    if q.sections.iter().any(|s| !s.precondition) {
        items.push((
            "Not a precondition (counts in the index only)",
            NOT_A_PRECONDITION,
        ));
    }
    items
}

/// The questionnaire's `partially_met` and `met` thresholds as chart lines.
pub fn thresholds(q: &Questionnaire) -> Vec<Threshold> {
    vec![
        Threshold::new(
            q.scoring.partially_met,
            format!("partially met from {}", number(q.scoring.partially_met)),
        ),
        Threshold::new(q.scoring.met, format!("met from {}", number(q.scoring.met))),
    ]
}

/// A threshold or weight as people write it: "60", "0.8", "62.5".
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The PDF date of an ISO date (`YYYY-MM-DD`); 1 January 1970 when there is none, so that
/// the output never depends on the clock.
pub fn pdf_date(iso: &str) -> PdfDate {
    PdfDate::parse_iso(iso)
        .or_else(|| PdfDate::new(1970, 1, 1))
        .expect("1970-01-01 is a valid date")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "14 October 2026" for "2026-10-14"; other text unchanged.
pub fn long_date(iso: &str) -> String {
    match PdfDate::parse_iso(iso) {
        Some(d) => {
            let (y, m, day) = d.ymd();
            format!("{day} {} {y}", MONTHS[usize::from(m) - 1])
        }
        None => iso.to_string(),
    }
}

/// The name to show for a country: the name given with the answers, else the ISO name, else
/// the code itself.
pub fn country_name(code: &str, given: Option<&str>) -> String {
    given
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .or_else(|| crate::country::by_alpha3(code).map(|c| c.name.to_string()))
        .unwrap_or_else(|| code.trim().to_string())
}

/// "Republic of Velmora (QVM)", or just the name or code when the other is missing.
pub fn country_with_code(code: &str, given: Option<&str>) -> String {
    let name = country_name(code, given);
    let code = code.trim();
    if code.is_empty() || name == code {
        name
    } else {
        format!("{name} ({code})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(long_date("2026-10-14"), "14 October 2026");
        assert_eq!(long_date("2025-01-01"), "1 January 2025");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(pdf_date("").ymd(), (1970, 1, 1));
        assert_eq!(pdf_date("2026-10-14").ymd(), (2026, 10, 14));
    }

    #[test]
    fn countries_prefer_the_given_name() {
        assert_eq!(country_with_code("CIV", None), "Côte d'Ivoire (CIV)");
        assert_eq!(
            country_with_code("STP", Some("São Tomé e Príncipe")),
            "São Tomé e Príncipe (STP)"
        );
        assert_eq!(country_with_code("QVM", None), "QVM");
        assert_eq!(country_with_code("", None), "");
    }

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(60.0), "60");
        assert_eq!(number(0.8), "0.8");
        assert_eq!(number(62.5), "62.5");
    }
}
