//! Scenario sections `evalForms:` and `surveys:` (seed 001 "Evaluation Form API", "Survey
//! Configuration API"): the QM evaluation forms and surveys the read APIs answer. Field names
//! are the seed's; times are epoch milliseconds.
//!
//! ```yaml
//! evalForms:
//!   - id: 1
//!     name: Service quality
//!     approvalRequired: true
//!     bandRanges: [{ band: 1, begin: 0, end: 40 }, { band: 2, begin: 40, end: 100 }]
//!     scoreType: { id: 1, name: percentage }
//!     sections:
//!       - id: 1
//!         name: section1
//!         questions:
//!           - id: 1
//!             text: how was the service
//!             options: [{ id: 1, type: KPI, label: "Y", isDefault: true, points: 100 }]
//! surveys:
//!   - id: 1
//!     name: After-call survey
//!     questions:
//!       - id: 1
//!         label: Satisfied?
//!         answers: [{ id: 1, label: "Yes", value: "5" }]
//! ```

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvalForm {
    pub id: u64,
    pub name: String,
    /// The tenant whose form this is (harness setting, not answered); absent = every tenant's.
    #[serde(default, skip_serializing)]
    pub tenant: Option<Spanned<u64>>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub creator: Option<String>,
    #[serde(default)]
    pub created: Option<i64>,
    #[serde(default)]
    pub manual_weighting: bool,
    /// `createdTZ` in the field table, `createdTz` in the example: both read.
    #[serde(default, rename = "createdTz", alias = "createdTZ")]
    pub created_tz: Option<String>,
    #[serde(default)]
    pub updater: Option<String>,
    #[serde(default)]
    pub updated: Option<i64>,
    #[serde(default)]
    pub updated_tz: Option<String>,
    #[serde(default)]
    pub status: u64,
    #[serde(default)]
    pub default_form: bool,
    #[serde(default)]
    pub approval_required: bool,
    #[serde(default)]
    pub band_ranges: Vec<BandRange>,
    #[serde(default)]
    pub score_type: Option<ScoreType>,
    #[serde(default)]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BandRange {
    pub band: u64,
    pub begin: f64,
    pub end: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScoreType {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Section {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub order: u64,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub start_color: Option<String>,
    #[serde(default)]
    pub end_color: Option<String>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Question {
    pub id: u64,
    pub text: String,
    #[serde(default)]
    pub order: u64,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuestionOption {
    pub id: u64,
    /// `KPI`, `ADDITIVE`, `NOTAPPLICABLE` (the example's values).
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub kpi_priority: u64,
    #[serde(default)]
    pub order: u64,
    #[serde(default)]
    pub points: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Survey {
    pub id: u64,
    pub name: String,
    /// The tenant whose survey this is (harness setting, not answered); absent = every tenant's.
    #[serde(default, skip_serializing)]
    pub tenant: Option<Spanned<u64>>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub creator: Option<String>,
    #[serde(default)]
    pub created: Option<i64>,
    /// The sum of the questions' weights when not given ("one decimal place").
    #[serde(default)]
    pub total_points: Option<f64>,
    #[serde(default)]
    pub provider_survey_id: Option<String>,
    #[serde(default)]
    pub survey_provider_connection_id: Option<u64>,
    #[serde(default = "two", rename = "statusFK")]
    pub status_fk: u64,
    #[serde(default)]
    pub meta_data_field_key: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    #[serde(default)]
    pub questions: Vec<SurveyQuestion>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SurveyQuestion {
    pub id: u64,
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub provider_question_id: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub weight: f64,
    #[serde(default, rename = "isKPI")]
    pub is_kpi: bool,
    #[serde(default)]
    pub last_modified: Option<i64>,
    #[serde(default)]
    pub answers: Vec<SurveyAnswer>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SurveyAnswer {
    pub id: u64,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// `providerAnswerId` in the example, `providerQuestionId` in the field table.
    #[serde(default, alias = "providerQuestionId")]
    pub provider_answer_id: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub weight: f64,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub last_modified: Option<i64>,
}

fn one() -> f64 {
    1.0
}

fn two() -> u64 {
    2
}

/// What evaluation forms and surveys share: an id, a name and an optional owning tenant.
pub trait Configured: Clone {
    fn id(&self) -> u64;
    fn name(&self) -> &str;
    fn tenant(&self) -> Option<u64>;
}

impl Configured for EvalForm {
    fn id(&self) -> u64 {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn tenant(&self) -> Option<u64> {
        self.tenant.as_ref().map(|t| t.value)
    }
}

impl Configured for Survey {
    fn id(&self) -> u64 {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn tenant(&self) -> Option<u64> {
        self.tenant.as_ref().map(|t| t.value)
    }
}

/// The items tenant `tenant_id` uses: its own and those without a tenant.
pub fn of_tenant<T: Configured>(items: &[T], tenant_id: u64) -> Vec<T> {
    items
        .iter()
        .filter(|i| i.tenant().is_none_or(|t| t == tenant_id))
        .cloned()
        .collect()
}

/// An item by id, else by name (seed 001 text import: "If an ID is not provided, the API looks
/// up the evaluation form by name").
pub fn by_id_or_name<'a, T: Configured>(items: &'a [T], id_or_name: &str) -> Option<&'a T> {
    let by_id = id_or_name
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|id| items.iter().find(|i| i.id() == id));
    by_id.or_else(|| items.iter().find(|i| i.name() == id_or_name))
}

/// A form's or survey's `tenant` names a declared tenant.
pub fn check_tenants(s: &super::Scenario, tenants: &[u64]) -> Result<(), super::ScenarioError> {
    let named = s
        .eval_forms
        .iter()
        .map(|f| (&f.tenant, "evalForms", f.id))
        .chain(s.surveys.iter().map(|v| (&v.tenant, "surveys", v.id)));
    for (tenant, what, id) in named {
        if let Some(t) = tenant
            && !tenants.contains(&t.value)
        {
            return Err(super::ScenarioError::at(
                &t.referenced,
                format!(
                    "{what} id {id}: tenant {} is not a declared tenant",
                    t.value
                ),
            ));
        }
    }
    Ok(())
}

/// Ids are unique per form, per survey, and within each.
pub fn check(s: &super::Scenario) -> Result<(), super::ScenarioError> {
    use std::collections::BTreeSet;
    let dup = |what: &str, id: u64| {
        super::ScenarioError::nowhere(format!("{what} id {id} is declared twice"))
    };
    let mut forms = BTreeSet::new();
    for f in &s.eval_forms {
        if !forms.insert(f.id) {
            return Err(dup("evalForms", f.id));
        }
    }
    let mut surveys = BTreeSet::new();
    for v in &s.surveys {
        if !surveys.insert(v.id) {
            return Err(dup("surveys", v.id));
        }
    }
    Ok(())
}
