//! Coverage as a terminal table, JSON, or a Markdown report a CI job can post.

use super::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

impl Format {
    pub fn parse(name: &str) -> Result<Format, String> {
        match name.to_ascii_lowercase().as_str() {
            "table" | "text" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!(
                "unknown coverage format `{other}`: use table, json or markdown"
            )),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Table => "text/plain; charset=utf-8",
            Format::Json => "application/json",
            Format::Markdown => "text/markdown; charset=utf-8",
        }
    }
}

/// The report in `format`; only implemented endpoints are listed case by case.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).expect("coverage serialises") + "\n",
        Format::Table => table(report),
        Format::Markdown => markdown(report),
    }
}

fn summary(report: &Report) -> String {
    format!(
        "{} of {} documented cases exercised ({}%)",
        report.covered, report.total, report.percent
    )
}

fn statuses(e: &super::EndpointCoverage) -> String {
    if e.statuses.is_empty() {
        return "-".into();
    }
    e.statuses
        .iter()
        .map(|(s, n)| format!("{s}x{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn missing(e: &super::EndpointCoverage) -> String {
    let m: Vec<String> = e
        .cases
        .iter()
        .filter(|c| c.calls == 0)
        .map(|c| format!("{} {}", c.status, c.case))
        .collect();
    if m.is_empty() {
        "-".into()
    } else {
        m.join(", ")
    }
}

fn table(report: &Report) -> String {
    let mut rows = vec![[
        "ENDPOINT".to_string(),
        "CALLS".into(),
        "STATUSES".into(),
        "COVERED".into(),
        "NOT EXERCISED".into(),
    ]];
    for e in report.endpoints.iter().filter(|e| e.implemented) {
        rows.push([
            e.key.to_string(),
            e.calls.to_string(),
            statuses(e),
            format!("{}/{}", e.covered(), e.cases.len()),
            missing(e),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let not_impl = report.endpoints.iter().filter(|e| !e.implemented).count();
    out.push_str(&format!(
        "{}; {} endpoints not implemented yet; {} calls matched no endpoint\n",
        summary(report),
        not_impl,
        report.unmatched_calls
    ));
    out
}

fn markdown(report: &Report) -> String {
    let mut out = format!("## wfo-harness coverage\n\n**{}**\n\n", summary(report));
    out.push_str(
        "| endpoint | method and path | calls | statuses seen | covered | not exercised |\n",
    );
    out.push_str("|---|---|---:|---|---:|---|\n");
    for e in report.endpoints.iter().filter(|e| e.implemented) {
        out.push_str(&format!(
            "| `{}` | `{} {}` | {} | {} | {}/{} | {} |\n",
            e.key,
            e.method,
            e.path,
            e.calls,
            statuses(e),
            e.covered(),
            e.cases.len(),
            missing(e)
        ));
    }
    let others: Vec<&super::EndpointCoverage> = report
        .endpoints
        .iter()
        .filter(|e| !e.other_statuses.is_empty())
        .collect();
    if !others.is_empty() {
        out.push_str(
            "\nStatuses outside the documented cases (faults, `--vary`, rate limits):\n\n",
        );
        for e in others {
            let s: Vec<String> = e.other_statuses.iter().map(u16::to_string).collect();
            out.push_str(&format!("- `{}`: {}\n", e.key, s.join(", ")));
        }
    }
    out
}
