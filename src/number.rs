//! Numbers as people write them, in a terminal or a spreadsheet of any locale: a point or a
//! comma as the decimal mark, spaces (plain, no-break or narrow) between thousands. One rule
//! for `assess` and `score`: a comma followed by exactly three digits, as in `1,500`, is
//! refused as unclear rather than guessed, since English writes it for one thousand five
//! hundred and French for one and a half; a thousand-fold error must not pass silently.

/// Why a text is not read as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    /// Both a point and a comma, as in `1.234,5` or `1,234.5`.
    MixedMarks,
    /// `1,500`: the two readings, as `1500` and `1.5`.
    Ambiguous { whole: String, decimal: String },
    /// Not a finite number.
    NotANumber,
}

/// Reads a number written with a point or a comma as decimal mark and spaces between
/// thousands. Text that is empty or only spaces is not a number.
pub fn parse(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    // The usual cell, `12` or `2.5`, needs no cleaning.
    if !t.contains(|c: char| c == ',' || c.is_whitespace())
        && let Ok(x) = t.parse::<f64>()
    {
        return finite(x);
    }
    // U+00A0 and U+202F are White_Space too: French spreadsheets group thousands with them.
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains(',') && compact.contains('.') {
        return Err(NumberError::MixedMarks);
    }
    if let Some((int, frac)) = compact.split_once(',')
        && frac.len() == 3
        && frac.chars().all(|c| c.is_ascii_digit())
        && !int.is_empty()
        && int
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit())
        && int.trim_start_matches(['-', '+']) != "0"
    {
        let decimal = format!("{int}.{frac}")
            .parse()
            .map_or_else(|_| format!("{int}.{frac}"), text_of);
        return Err(NumberError::Ambiguous {
            whole: format!("{int}{frac}"),
            decimal,
        });
    }
    compact
        .replace(',', ".")
        .parse()
        .map_err(|_| NumberError::NotANumber)
        .and_then(finite)
}

fn finite(x: f64) -> Result<f64, NumberError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(NumberError::NotANumber)
    }
}

/// "12" for whole numbers, "2.5" otherwise.
pub fn text_of(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_or_a_comma_and_spaces_between_thousands() {
        for (text, want) in [
            ("12", 12.0),
            (" 2.5 ", 2.5),
            ("2,5", 2.5),
            ("12,75", 12.75),
            ("0,125", 0.125),
            ("-0,125", -0.125),
            ("1,5000", 1.5),
            ("1 200", 1200.0),
            ("1\u{a0}200,5", 1200.5),
            ("1\u{202f}200", 1200.0),
            ("1500", 1500.0),
        ] {
            assert_eq!(parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn unclear_mixed_and_other_text_is_refused() {
        assert_eq!(
            parse("1,500"),
            Err(NumberError::Ambiguous {
                whole: "1500".into(),
                decimal: "1.5".into()
            })
        );
        assert_eq!(
            parse("-12,250"),
            Err(NumberError::Ambiguous {
                whole: "-12250".into(),
                decimal: "-12.25".into()
            })
        );
        assert_eq!(parse("1.234,5"), Err(NumberError::MixedMarks));
        assert_eq!(parse("1,234.5"), Err(NumberError::MixedMarks));
        for bad in ["", " ", "twelve", "NaN", "inf", "1e999", ",", "1,2,3"] {
            assert_eq!(parse(bad), Err(NumberError::NotANumber), "{bad:?}");
        }
    }
}
