//! Scenario section `cas:` (seed 001 "Categories and Phrases API", "Transcript Export API"):
//! categories with their phrases, and transcripts declared per contact (by CCR id: scenario
//! contacts are numbered 1, 2, ... in the order they are listed).

use crate::cas::confidence::Confidence;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CasSpec {
    /// The minimum phrase confidence whose hits are reported, answered as the top-level
    /// `confidence` of the categories/phrases endpoints (0–1 or 0–100, default 0).
    #[serde(default)]
    pub min_confidence: Option<Confidence>,
    #[serde(default)]
    pub categories: Vec<CategorySpec>,
    #[serde(default)]
    pub transcripts: Vec<TranscriptSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CategorySpec {
    /// Tenant name; the first tenant when absent.
    #[serde(default)]
    pub tenant: Option<String>,
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "en_us")]
    pub language_id: String,
    #[serde(default)]
    pub phrases: Vec<PhraseSpec>,
}

fn en_us() -> String {
    "en-us".into()
}

/// A phrase: its text alone, or with its other fields.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum PhraseSpec {
    Text(String),
    Full(PhraseFields),
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PhraseFields {
    pub phrase: String,
    #[serde(default)]
    pub phonetic: String,
    #[serde(default)]
    pub sounds_like: String,
    /// 0–1 or 0–100 (see `cas::confidence`).
    #[serde(default = "fifty")]
    pub confidence: Confidence,
    #[serde(default)]
    pub state: i64,
}

fn fifty() -> Confidence {
    Confidence::percent(50)
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TranscriptSpec {
    pub ccr_id: u64,
    pub texts: Vec<SegmentSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentSpec {
    pub text: String,
    /// 1 = agent, 0 = customer.
    #[serde(default)]
    pub channel: u8,
    #[serde(default)]
    pub start: i64,
    #[serde(default)]
    pub end: i64,
}

/// Checks the section against the resolved world: tenants named, transcripts of listed contacts,
/// confidences of 0–1 or 0–100.
pub fn check(s: &super::Scenario, world: &super::Resolved) -> Result<(), super::ScenarioError> {
    use super::ScenarioError as E;
    if let Some(c) = &s.cas.min_confidence
        && let Err(why) = Confidence::new(c.number().clone())
    {
        return Err(E::nowhere(format!("cas.minConfidence {why}")));
    }
    for (i, c) in s.cas.categories.iter().enumerate() {
        if let Some(t) = &c.tenant
            && !world.tenants.iter().any(|w| &w.name == t)
        {
            return Err(E::nowhere(format!(
                "cas.categories[{i}].tenant `{t}` is not a tenant of the scenario"
            )));
        }
        if c.category.trim().is_empty() {
            return Err(E::nowhere(format!("cas.categories[{i}].category is empty")));
        }
        for (j, p) in c.phrases.iter().enumerate() {
            if let PhraseSpec::Full(f) = p
                && let Err(why) = Confidence::new(f.confidence.number().clone())
            {
                return Err(E::nowhere(format!(
                    "cas.categories[{i}].phrases[{j}].confidence {why}"
                )));
            }
        }
    }
    for (i, t) in s.cas.transcripts.iter().enumerate() {
        if t.ccr_id == 0 || t.ccr_id > world.contacts.len() as u64 {
            return Err(E::nowhere(format!(
                "cas.transcripts[{i}].ccrId {} is not a scenario contact (they are numbered 1 to {})",
                t.ccr_id,
                world.contacts.len()
            )));
        }
    }
    Ok(())
}
