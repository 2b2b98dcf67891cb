//! A scenario contact's `evaluation:` (seed 001 "Contact API": `evaluation`, `evaluator`,
//! `evalForm`). The contact search flags scored, needsApproval, inProgress and canEvaluate, and
//! `dateEvaluatedStart`/`End`, follow from it (see `contacts::evaluation`).
//!
//! ```yaml
//! contacts:
//!   - agent: agent@example.com
//!     evaluation:
//!       form: 1                 # an evalForms id or name
//!       evaluator: admin@example.com
//!       state: completed        # inProgress | completed (default) | approved
//!       score: 90
//!       evaluated: "2026-01-05T10:00:00Z"   # default: the contact's end
//! ```

use super::ScenarioError;
use super::contacts::Ctx;
use crate::contacts::evaluation::{EVALUATE_PERMISSION, Evaluation, Progress};
use crate::scenario::qm::{by_id_or_name, of_tenant};
use crate::world::Person;
use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvaluationSpec {
    pub form: Spanned<IdOrName>,
    /// Person id, `domain\user` or email.
    pub evaluator: Spanned<String>,
    #[serde(default)]
    pub state: Progress,
    #[serde(default)]
    pub score: Option<Spanned<f64>>,
    /// RFC 3339; when a completed evaluation was submitted.
    #[serde(default)]
    pub evaluated: Option<Spanned<String>>,
}

/// An id (`1`) or a name (`Service quality`): YAML gives either.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct IdOrName(pub String);

impl<'de> Deserialize<'de> for IdOrName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdOrName, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IdOrName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an evaluation form id or name")
            }
            fn visit_u64<E>(self, v: u64) -> Result<IdOrName, E> {
                Ok(IdOrName(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IdOrName, E> {
                Ok(IdOrName(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<IdOrName, E> {
                Ok(IdOrName(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl EvaluationSpec {
    /// The evaluation (id 0; `evaluated_ms` only when given) of a contact of `agent` in tenant
    /// `tenant_id`, on one of that tenant's forms.
    pub fn resolve(
        &self,
        ctx: &Ctx,
        agent: Option<&Person>,
        tenant_id: u64,
    ) -> Result<Evaluation, ScenarioError> {
        let at = |s: &serde_saphyr::Location, m: String| ScenarioError::at(s, m);
        let forms = of_tenant(ctx.forms, tenant_id);
        let form = by_id_or_name(&forms, &self.form.value.0).ok_or_else(|| {
            at(
                &self.form.referenced,
                format!(
                    "evaluation form `{}` is not an id or name of tenant {tenant_id}'s evalForms",
                    self.form.value.0
                ),
            )
        })?;
        let evaluator =
            crate::world::find_person(ctx.persons, &self.evaluator.value).ok_or_else(|| {
                at(
                    &self.evaluator.referenced,
                    format!(
                        "evaluator `{}` matches no person (use a person id, domain\\user or email)",
                        self.evaluator.value
                    ),
                )
            })?;
        if agent.is_some_and(|a| a.id == evaluator.id) {
            return Err(at(
                &self.evaluator.referenced,
                format!(
                    "evaluator `{}` cannot evaluate their own contact",
                    self.evaluator.value
                ),
            ));
        }
        let holds = ctx
            .roles
            .iter()
            .filter(|r| evaluator.role_ids.contains(&r.id))
            .any(|r| r.permissions.iter().any(|p| p == EVALUATE_PERMISSION));
        if !holds {
            return Err(at(
                &self.evaluator.referenced,
                format!(
                    "evaluator `{}` holds no role with the {EVALUATE_PERMISSION} permission",
                    self.evaluator.value
                ),
            ));
        }
        let score = match &self.score {
            Some(s) if !(s.value.is_finite() && s.value >= 0.0) => {
                return Err(at(
                    &s.referenced,
                    format!("evaluation score {} must be 0 or more", s.value),
                ));
            }
            Some(s) => Some(s.value),
            None if self.state != Progress::InProgress => {
                return Err(at(
                    &self.form.referenced,
                    "a submitted evaluation (state completed or approved) needs a score".into(),
                ));
            }
            None => None,
        };
        let evaluated_ms = match &self.evaluated {
            Some(e) => Some(
                crate::clock::parse_rfc3339(&e.value)
                    .map_err(|m| at(&e.referenced, format!("evaluation evaluated: {m}")))?,
            ),
            None => None,
        };
        Ok(Evaluation {
            id: 0,
            form_id: form.id,
            evaluator_id: evaluator.id,
            progress: self.state,
            approval_required: form.approval_required,
            score,
            evaluated_ms,
        })
    }
}
