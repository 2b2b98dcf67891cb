//! `wfo-harness verify`: compares a transcript with a committed snapshot and prints, per
//! exchange, a line-based diff of what changed. Snapshots are insta-compatible: an optional
//! `---` metadata header (what `insta::assert_snapshot!` writes) followed by the normalised
//! YAML of `transcript export --format yaml --normalise`.

use super::export;
use super::normalise::{self, Options};
use serde_json::Value;
use similar::{ChangeTag, DiffOp, TextDiff};

/// The header `--update` writes: insta's snapshot metadata.
pub const SNAPSHOT_HEADER: &str = "---\nsource: wfo-harness verify\nexpression: transcript export --format yaml --normalise\n---\n";

/// The snapshot's content without insta's metadata header.
pub fn snapshot_body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    // A header is `key: value` lines closed by `---`; a YAML document starting with `---` has
    // no second `---` line before its content.
    match rest.find("\n---\n") {
        Some(end)
            if rest[..end]
                .lines()
                .all(|l| l.contains(": ") || l.ends_with(':') || l.starts_with(' ')) =>
        {
            &rest[end + 5..]
        }
        _ => rest,
    }
}

/// The normalised YAML of a transcript, as a snapshot holds it.
pub fn normalised_yaml(exchanges: Vec<Value>, options: Options) -> String {
    export::yaml(&normalise::transcript(exchanges, options))
}

/// The outcome of a comparison: empty when the transcript matches the snapshot.
pub struct Drift {
    pub report: String,
    pub changed: usize,
}

impl Drift {
    pub fn matches(&self) -> bool {
        self.changed == 0
    }
}

/// Compares the snapshot text (insta header allowed) with the transcript's normalised YAML.
pub fn compare(snapshot: &str, actual_yaml: &str) -> Drift {
    let expected = items(snapshot_body(snapshot));
    let actual = items(actual_yaml);
    let mut report = String::new();
    let mut changed = 0;
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &expected, &actual);
    let only_in_snapshot = |report: &mut String, i: usize| {
        report.push_str(&format!(
            "exchange {} ({}): in the snapshot, not sent by the client\n",
            i + 1,
            label(&expected[i])
        ));
        report.push_str(&prefixed('-', &expected[i]));
    };
    let only_in_transcript = |report: &mut String, i: usize| {
        report.push_str(&format!(
            "exchange {} ({}): sent by the client, not in the snapshot\n",
            i + 1,
            label(&actual[i])
        ));
        report.push_str(&prefixed('+', &actual[i]));
    };
    for op in ops {
        let (old, new) = (op.old_range(), op.new_range());
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { .. } => old.for_each(|i| {
                changed += 1;
                only_in_snapshot(&mut report, i);
            }),
            DiffOp::Insert { .. } => new.for_each(|i| {
                changed += 1;
                only_in_transcript(&mut report, i);
            }),
            DiffOp::Replace { .. } => {
                for k in 0..old.len().max(new.len()) {
                    changed += 1;
                    let (o, n) = (old.start + k, new.start + k);
                    match (old.contains(&o), new.contains(&n)) {
                        (true, true) => {
                            report.push_str(&format!(
                                "exchange {} ({}) changed:\n",
                                n + 1,
                                label(&actual[n])
                            ));
                            report.push_str(&line_diff(&expected[o], &actual[n]));
                        }
                        (true, false) => only_in_snapshot(&mut report, o),
                        (false, true) => only_in_transcript(&mut report, n),
                        (false, false) => {}
                    }
                }
            }
        }
    }
    if changed > 0 {
        report.push_str(&format!(
            "{changed} exchange(s) differ from the snapshot ({} in the snapshot, {} in the transcript)\n",
            expected.len(),
            actual.len()
        ));
    }
    Drift { report, changed }
}

/// The top-level items of a YAML sequence, as text (one per exchange).
fn items(yaml: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in yaml.lines() {
        if line.trim().is_empty() || line == "[]" {
            continue;
        }
        if line.starts_with("- ") || line == "-" || out.is_empty() {
            out.push(String::new());
        }
        let last = out.last_mut().expect("an item was started");
        last.push_str(line.trim_end());
        last.push('\n');
    }
    out
}

/// `METHOD path` of an exchange's YAML text.
fn label(item: &str) -> String {
    let field = |name: &str| {
        item.lines()
            .map(|l| l.trim_start_matches("- ").trim_start())
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!("{} {}", field("method"), field("path"))
}

fn prefixed(sign: char, text: &str) -> String {
    text.lines().map(|l| format!("  {sign} {l}\n")).collect()
}

fn line_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    for group in diff.grouped_ops(2) {
        out.push_str("  @@\n");
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                out.push_str(&format!("  {sign} {}", change.value()));
                if !change.value().ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insta_header_is_skipped() {
        let snap = format!("{SNAPSHOT_HEADER}- a: 1\n");
        assert_eq!(snapshot_body(&snap), "- a: 1\n");
        assert_eq!(snapshot_body("- a: 1\n"), "- a: 1\n");
    }

    #[test]
    fn a_changed_field_is_shown_in_its_exchange() {
        let old =
            "- method: GET\n  path: /a\n  status: 200\n- method: POST\n  path: /b\n  status: 200\n";
        let new =
            "- method: GET\n  path: /a\n  status: 200\n- method: POST\n  path: /b\n  status: 400\n";
        let d = compare(old, new);
        assert_eq!(d.changed, 1);
        assert!(
            d.report.contains("exchange 2 (POST /b) changed"),
            "{}",
            d.report
        );
        assert!(d.report.contains("  -   status: 200"), "{}", d.report);
        assert!(d.report.contains("  +   status: 400"), "{}", d.report);
        assert!(compare(old, old).matches());
    }
}
