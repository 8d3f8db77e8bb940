//! Who answers, for which country and when; and the id that names the assessment's files.

use jiff::civil::Date;

use super::prompt::{Choose, Entry, Input, Prompter, Reply};
use crate::answers::{MAX_TEXT_CHARS, Respondent};
use crate::country;

/// Asks the respondent details, starting from `current` when changing them.
pub fn ask(p: &mut dyn Prompter, current: Option<&Respondent>, today: Date) -> Reply<Respondent> {
    let countries = country::all();
    let start = current
        .and_then(|r| countries.iter().position(|c| c.alpha3 == r.country))
        .unwrap_or(0);
    let picked = p.select(&Choose {
        message: "Country:",
        entries: countries.iter().map(|c| Entry::plain(c.name)).collect(),
        start,
        searchable: true,
    })?;
    let country = countries[picked].alpha3.to_string();
    let was = |f: fn(&Respondent) -> &String| current.map(f).cloned().unwrap_or_default();
    let required = |s: &str| {
        if s.trim().is_empty() {
            Err("This is needed to identify the assessment.".to_string())
        } else {
            not_too_long(s)
        }
    };
    let organisation = p.text(&Input {
        help: Some("the ministry, agency or unit, e.g. Ministry of ICT"),
        initial: was(|r| &r.organisation),
        check: Some(&required),
        ..Input::new("Organisation:")
    })?;
    let name = p.text(&Input {
        help: Some("optional · Enter skips"),
        initial: was(|r| &r.name),
        check: Some(&not_too_long),
        ..Input::new("Your name:")
    })?;
    let role = p.text(&Input {
        help: Some("e.g. Director of e-government"),
        initial: was(|r| &r.role),
        check: Some(&required),
        ..Input::new("Your role:")
    })?;
    let valid_date = |s: &str| {
        s.trim()
            .parse::<Date>()
            .map(|_| ())
            .map_err(|_| format!("\"{}\" is not a date: write it as YYYY-MM-DD.", s.trim()))
    };
    let date = p.text(&Input {
        help: Some("YYYY-MM-DD · Enter keeps the date shown"),
        default: Some(current.map_or_else(|| today.to_string(), |r| r.date.clone())),
        check: Some(&valid_date),
        ..Input::new("Date of the assessment:")
    })?;
    let mut r = Respondent {
        id: String::new(),
        country,
        country_name: None,
        organisation: organisation.trim().to_string(),
        name: name.trim().to_string(),
        role: role.trim().to_string(),
        date: date.trim().to_string(),
    };
    r.id = make_id(&r);
    Ok(r)
}

fn not_too_long(s: &str) -> Result<(), String> {
    if s.chars().count() > MAX_TEXT_CHARS {
        Err(format!("Keep it under {MAX_TEXT_CHARS} characters."))
    } else {
        Ok(())
    }
}

/// `<alpha-3 lowercase>-<date>-<short organisation slug>`, e.g. `mus-2026-03-02-ministry-of-ict`.
pub fn make_id(r: &Respondent) -> String {
    format!(
        "{}-{}-{}",
        r.country.to_ascii_lowercase(),
        r.date,
        slug(&r.organisation, 24)
    )
}

/// Lowercase ASCII words joined by `-`, cut at a word boundary to at most `max` characters.
pub fn slug(text: &str, max: usize) -> String {
    let ascii: String = text.chars().map(fold).collect();
    let mut out = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = if out.is_empty() { 0 } else { 1 } + word.len();
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&word[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        "assessment".to_string()
    } else {
        out.to_ascii_lowercase()
    }
}

/// Latin letters with accents to their plain letter; other letters are dropped by [`slug`].
fn fold(c: char) -> char {
    match c.to_lowercase().next().unwrap_or(c) {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::prompt::script::{Script, Step};
    use super::*;

    #[test]
    fn slugs_are_short_plain_and_cut_between_words() {
        assert_eq!(slug("Ministry of ICT", 24), "ministry-of-ict");
        assert_eq!(
            slug("Ministère de l'Économie numérique", 24),
            "ministere-de-l-economie"
        );
        assert_eq!(slug("Supercalifragilisticexpialidocious", 10), "supercalif");
        assert_eq!(slug("../../etc", 24), "etc");
        assert_eq!(slug("   ", 24), "assessment");
    }

    #[test]
    fn asks_the_details_and_builds_the_id() {
        let mut p = Script::new(vec![
            Step::Pick("Mauritius"),
            Step::Type("  "),
            Step::Type("Ministry of ICT"),
            Step::Type(""),
            Step::Type("Director"),
            Step::Type("2026-02-30"),
            Step::Type(""),
        ]);
        let today = Date::constant(2026, 3, 2);
        let r = ask(&mut p, None, today).unwrap();
        assert_eq!(r.id, "mus-2026-03-02-ministry-of-ict");
        assert_eq!(r.country, "MUS");
        assert_eq!(r.name, "");
        assert_eq!(r.date, "2026-03-02");
        assert_eq!(
            p.rejected,
            [
                "This is needed to identify the assessment.",
                "\"2026-02-30\" is not a date: write it as YYYY-MM-DD."
            ]
        );
        assert!(p.done());
    }
}
