//! Data Explorer reports (seed 001 "Bulk Report Data Export API"): a report's table (from the
//! scenario's rows or a source), its filters (`encodedParamValues`), paging
//! (`pageSpecification`) and CSV. Wire parsing lives in `vendors::webex::reports`.

pub mod filter;
pub mod params;
pub mod reconciliation;
pub mod source;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// "You can export a maximum of 1,000 records in each export request."
pub const MAX_RECORDS: u64 = 1_000;

/// A report's cells: a header and rows in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// One `pageSpecification` entry: the first for rows, the second for columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

/// The part of a table an export answers, and the full extent it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extract {
    /// "Content Extent": rows (after filters) and columns available.
    pub total_rows: u64,
    pub total_columns: u64,
    pub csv: String,
}

impl Table {
    /// Keeps the rows every filter accepts.
    pub fn filtered(mut self, filters: &[filter::Filter], now_ms: i64) -> Table {
        let cols = self.columns.clone();
        self.rows.retain(|row| {
            filters.iter().all(|f| {
                let cell = cols
                    .iter()
                    .position(|c| *c == f.column)
                    .and_then(|i| row.get(i))
                    .unwrap_or(&Value::Null);
                f.accepts(cell, now_ms)
            })
        });
        self
    }

    /// The rows and columns of the two pages, as CSV with a header line.
    pub fn extract(&self, rows: Page, columns: Page) -> Extract {
        let range = |p: Page, len: usize| {
            let start = (p.offset.min(len as u64)) as usize;
            let end = (p.offset.saturating_add(p.limit).min(len as u64)) as usize;
            start..end
        };
        let cols = range(columns, self.columns.len());
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&self.columns[cols.clone()]);
        for row in &self.rows[range(rows, self.rows.len())] {
            let cells = cols
                .clone()
                .map(|i| row.get(i).map(cell_text).unwrap_or_default());
            let _ = w.write_record(cells);
        }
        let csv = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        Extract {
            total_rows: self.rows.len() as u64,
            total_columns: self.columns.len() as u64,
            csv,
        }
    }
}

/// A cell as CSV text: strings as they are, numbers as written, null empty.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table() -> Table {
        Table {
            columns: vec!["A".into(), "B".into(), "C".into()],
            rows: (0..5)
                .map(|i| vec![json!(i), json!(format!("b{i}")), Value::Null])
                .collect(),
        }
    }

    #[test]
    fn pages_cut_rows_and_columns() {
        let e = table().extract(
            Page {
                offset: 1,
                limit: 2,
            },
            Page {
                offset: 1,
                limit: 5,
            },
        );
        assert_eq!(e.csv, "B,C\r\nb1,\r\nb2,\r\n");
        assert_eq!((e.total_rows, e.total_columns), (5, 3));
        let past = table().extract(
            Page {
                offset: 9,
                limit: 2,
            },
            Page {
                offset: 0,
                limit: 1,
            },
        );
        assert_eq!(past.csv, "A\r\n");
    }
}
