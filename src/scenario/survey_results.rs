//! A scenario contact's `survey:`: the customer's answers to a post-call survey of the
//! scenario's `surveys:` (seed 001 "Survey Configuration API"). The seed shows no survey result
//! on a contact; a survey names the contact metadata field its results go to
//! (`metaDataFieldKey`, "Field key for the metadata"), so the result is the survey's score in
//! that metadata field, where contact search (`metadata=KEY~equals~4.5`) and `expand=metadata`
//! find it.
//!
//! ```yaml
//! contacts:
//!   - agent: agent@example.com
//!     survey: { survey: 3, answers: [{ question: 10, answer: 100 }] }
//! ```

use super::ScenarioError;
use super::evaluations::IdOrName;
use crate::scenario::qm::{Survey, by_id_or_name, of_tenant};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SurveyResultSpec {
    /// A `surveys` id or name.
    pub survey: Spanned<IdOrName>,
    #[serde(default)]
    pub answers: Vec<AnswerSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AnswerSpec {
    pub question: Spanned<u64>,
    pub answer: Spanned<u64>,
}

impl SurveyResultSpec {
    /// The metadata (field, value) the result sets: the survey's `metaDataFieldKey` and the
    /// score, the sum of each answered question's weight times its answer's weight (one
    /// decimal, as `totalPoints`).
    /// The survey is one of tenant `tenant_id`'s.
    pub fn resolve(
        &self,
        surveys: &[Survey],
        tenant_id: u64,
    ) -> Result<(String, String), ScenarioError> {
        let wanted = &self.survey.value.0;
        let own = of_tenant(surveys, tenant_id);
        let survey = by_id_or_name(&own, wanted).ok_or_else(|| {
            ScenarioError::at(
                &self.survey.referenced,
                format!("survey `{wanted}` is not an id or name of tenant {tenant_id}'s surveys"),
            )
        })?;
        let key = survey.meta_data_field_key.clone().ok_or_else(|| {
            ScenarioError::at(
                &self.survey.referenced,
                format!(
                    "survey `{wanted}` has no metaDataFieldKey: a contact carries its survey result in that metadata field"
                ),
            )
        })?;
        let mut answered = std::collections::BTreeSet::new();
        let mut score = 0.0;
        for a in &self.answers {
            let q = survey
                .questions
                .iter()
                .find(|q| q.id == a.question.value)
                .ok_or_else(|| {
                    ScenarioError::at(
                        &a.question.referenced,
                        format!(
                            "question {} is not a question of survey {}",
                            a.question.value, survey.id
                        ),
                    )
                })?;
            if !answered.insert(q.id) {
                return Err(ScenarioError::at(
                    &a.question.referenced,
                    format!("question {} is answered twice", q.id),
                ));
            }
            let answer = q
                .answers
                .iter()
                .find(|x| x.id == a.answer.value)
                .ok_or_else(|| {
                    ScenarioError::at(
                        &a.answer.referenced,
                        format!(
                            "answer {} is not an answer of question {}",
                            a.answer.value, q.id
                        ),
                    )
                })?;
            score += q.weight * answer.weight;
        }
        Ok((key, format!("{}", (score * 10.0).round() / 10.0)))
    }
}
