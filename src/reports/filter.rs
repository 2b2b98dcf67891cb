//! Report filters from `encodedParamValues` (seed 001 "Configuring a Report Filter"): value
//! lists (`{isAll, values, containsNull}`), Date Range (`referenceTime` in epoch ms) and Relative
//! Date (`referenceTime: "NL"`, the virtual clock's now).

use crate::scenario::reports::ReportSpec;
use serde_json::Value;

const DAY_MS: i64 = 86_400_000;

/// A filter on one column.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub column: String,
    pub contains_null: bool,
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// `isAll: true`: every value.
    All,
    /// Cells equal to one of these (numbers compare as numbers: `9.0` matches `9`).
    Values(Vec<Value>),
    /// Cells (epoch ms) inside one of these periods.
    Periods(Vec<Period>),
}

/// A range of days around a reference time.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// `None` is "NL": now, on the virtual clock (Relative Date).
    pub reference_ms: Option<i64>,
    pub range_start: i64,
    pub range_end: Option<i64>,
}

impl Period {
    /// `[from, to)` in epoch ms. Days are UTC days. Date Range (an epoch reference) counts
    /// `rangeEnd` exclusively, as the seed's June 15 example (`rangeStart 0, rangeEnd 1`) does;
    /// Relative Date counts it inclusively, as the seed's "last seven days, today, and tomorrow"
    /// example (`-7..-1`, `0..0`, `1..1`) does. No `rangeEnd`: open ended ("pull all
    /// information from the range start time forward").
    pub fn bounds(&self, now_ms: i64) -> (i64, i64) {
        let reference = self.reference_ms.unwrap_or(now_ms);
        let day = reference.div_euclid(DAY_MS) * DAY_MS;
        let at = |n: i64| day.saturating_add(n.saturating_mul(DAY_MS));
        let from = at(self.range_start);
        let to = match (self.range_end, self.reference_ms) {
            (None, _) => i64::MAX,
            (Some(e), Some(_)) => at(e),
            (Some(e), None) => at(e.saturating_add(1)),
        };
        (from, to)
    }
}

impl Filter {
    pub fn accepts(&self, cell: &Value, now_ms: i64) -> bool {
        let empty = matches!(cell, Value::Null) || cell.as_str() == Some("");
        if empty {
            return self.contains_null || self.rule == Rule::All;
        }
        match &self.rule {
            Rule::All => true,
            Rule::Values(values) => values.iter().any(|v| same(v, cell)),
            Rule::Periods(periods) => as_number(cell).is_some_and(|ms| {
                let ms = ms as i64;
                periods.iter().any(|p| {
                    let (from, to) = p.bounds(now_ms);
                    from <= ms && ms < to
                })
            }),
        }
    }
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => super::cell_text(a) == super::cell_text(b),
    }
}

/// Why a parameter list is not usable: the path of the bad part and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub path: String,
    pub message: String,
}

fn err(path: impl Into<String>, message: impl Into<String>) -> FilterError {
    FilterError {
        path: path.into(),
        message: message.into(),
    }
}

/// `"true"`/`"false"` (as the seed writes them) or a JSON boolean; absent is false.
fn flag(v: Option<&Value>, path: &str) -> Result<bool, FilterError> {
    match v {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        Some(other) => Err(err(
            path,
            format!("must be \"true\" or \"false\", not {other}"),
        )),
    }
}

/// Period types read as days (the seed documents `DayOfMonthPeriod`).
const DAY_PERIODS: &[&str] = &[
    "DayOfMonthPeriod",
    "DayOfWeekPeriod",
    "DayOfYearPeriod",
    "DayPeriod",
];

fn period(v: &Value, path: &str) -> Result<Period, FilterError> {
    let Value::Object(o) = v else {
        return Err(err(
            path,
            "must be an object {periodType, referenceTime, rangeStart, rangeEnd}",
        ));
    };
    match o.get("periodType").and_then(Value::as_str) {
        Some(t) if DAY_PERIODS.contains(&t) => {}
        Some(t) => {
            return Err(err(
                format!("{path}.periodType"),
                format!(
                    "'{t}' is not a supported period type ({})",
                    DAY_PERIODS.join(", ")
                ),
            ));
        }
        None => return Err(err(format!("{path}.periodType"), "is required (a string)")),
    }
    let reference_ms = match o.get("referenceTime") {
        Some(Value::String(s)) if s == "NL" => None,
        Some(v) => Some(as_number(v).map(|n| n as i64).ok_or_else(|| {
            err(
                format!("{path}.referenceTime"),
                format!("must be epoch milliseconds or \"NL\" (now), not {v}"),
            )
        })?),
        None => return Err(err(format!("{path}.referenceTime"), "is required")),
    };
    let whole = |name: &str, required: bool| -> Result<Option<i64>, FilterError> {
        match o.get(name) {
            None | Some(Value::Null) if !required => Ok(None),
            None | Some(Value::Null) => Err(err(format!("{path}.{name}"), "is required")),
            Some(v) => as_number(v)
                .filter(|n| n.fract() == 0.0)
                .map(|n| Some(n as i64))
                .ok_or_else(|| {
                    err(
                        format!("{path}.{name}"),
                        format!("must be a whole number, not {v}"),
                    )
                }),
        }
    };
    let range_start = whole("rangeStart", true)?.unwrap_or(0);
    let range_end = whole("rangeEnd", false)?;
    if range_end.is_some_and(|e| e < range_start) {
        return Err(err(
            format!("{path}.rangeEnd"),
            "must not be before rangeStart",
        ));
    }
    Ok(Period {
        reference_ms,
        range_start,
        range_end,
    })
}

/// The filters of a parsed `encodedParamValues` for `report`: each `{name, value}` names a
/// report parameter (`params:`) or a column.
pub fn filters(
    report: &ReportSpec,
    columns: &[String],
    parsed: &Value,
) -> Result<Vec<Filter>, FilterError> {
    let Value::Array(items) = parsed else {
        return Err(err(
            "encodedParamValues",
            "must be a list [{name, value}, ...]",
        ));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("encodedParamValues[{i}]");
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("{at}.name"), "is required (a string)"))?;
        let column = match report.params.get(name) {
            Some(c) => c.clone(),
            None if columns.iter().any(|c| c == name) => name.to_string(),
            None => {
                let mut known: Vec<&str> = report.params.keys().map(String::as_str).collect();
                known.extend(columns.iter().map(String::as_str));
                return Err(err(
                    format!("{at}.name"),
                    format!(
                        "'{name}' is not a parameter of report {} (known: {})",
                        report.id,
                        known.join(", ")
                    ),
                ));
            }
        };
        let value = match item.get("value") {
            Some(Value::Object(o)) => o,
            _ => return Err(err(format!("{at}.value"), "is required (an object)")),
        };
        let contains_null = flag(
            value.get("containsNull"),
            &format!("{at}.value.containsNull"),
        )?;
        let is_all = flag(value.get("isAll"), &format!("{at}.value.isAll"))?;
        // The Relative Date example writes `value` where the others write `values`.
        let (key, list) = match (value.get("values"), value.get("value")) {
            (Some(v), _) => ("values", v),
            (None, Some(v)) => ("value", v),
            (None, None) if is_all => ("values", &Value::Null),
            (None, None) => {
                return Err(err(
                    format!("{at}.value.values"),
                    "is required unless isAll is \"true\"",
                ));
            }
        };
        let rule = if is_all {
            Rule::All
        } else {
            let Value::Array(list) = list else {
                return Err(err(format!("{at}.value.{key}"), "must be a list"));
            };
            if list.iter().any(Value::is_object) {
                let periods = list
                    .iter()
                    .enumerate()
                    .map(|(j, p)| period(p, &format!("{at}.value.{key}[{j}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                Rule::Periods(periods)
            } else {
                if let Some((j, v)) = list.iter().enumerate().find(|(_, v)| v.is_array()) {
                    return Err(err(
                        format!("{at}.value.{key}[{j}]"),
                        format!("must be a value or a period object, not {v}"),
                    ));
                }
                Rule::Values(list.clone())
            }
        };
        out.push(Filter {
            column,
            contains_null,
            rule,
        });
    }
    Ok(out)
}
