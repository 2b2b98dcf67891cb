//! QM evaluations of contacts (seed 001 "Contact API": the `evaluation`, `evaluator` and
//! `evalForm` of a contact, and the search flags scored, needsApproval, inProgress and
//! canEvaluate). An evaluation is declared in the scenario; the flags follow from it and from
//! its evaluation form, never from separate switches.

use super::Contact;
use crate::scenario::qm::{EvalForm, by_id_or_name};
use serde::{Deserialize, Serialize};

/// The permission that lets a user evaluate contacts (the seed names none; `canEvaluate` is
/// "whether the user can evaluate this contact").
pub const EVALUATE_PERMISSION: &str = "EvaluateContacts";

/// Where an evaluation stands, as the scenario declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Progress {
    /// Started, not submitted: `inProgress`.
    InProgress,
    /// Submitted: `scored`, or `needsApproval` while its form requires approval.
    #[default]
    Completed,
    /// Submitted and approved: `scored`.
    Approved,
}

/// The state a client sees (`evaluation.stateId` and the search flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// stateId 1, as in the seed's example (`"stateId": 1, "score": 90`).
    Scored,
    /// stateId 2.
    InProgress,
    /// stateId 3: completed on a form with `approvalRequired`, not approved yet.
    NeedsApproval,
}

impl State {
    pub fn id(self) -> u8 {
        match self {
            State::Scored => 1,
            State::InProgress => 2,
            State::NeedsApproval => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            State::Scored => "scored",
            State::InProgress => "inProgress",
            State::NeedsApproval => "needsApproval",
        }
    }
}

/// One evaluation of a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// Unique in the sandbox, in scenario order (`/contact/{ccr}/eval/{id}`).
    pub id: u64,
    pub form_id: u64,
    /// The evaluating person.
    pub evaluator_id: u64,
    pub progress: Progress,
    /// The form's approvalRequired when the evaluation was declared.
    pub approval_required: bool,
    /// The score in the form's score type (percentage in the seed's example).
    pub score: Option<f64>,
    /// When it was submitted; `None` while in progress.
    pub evaluated_ms: Option<i64>,
}

impl Evaluation {
    pub fn state(&self) -> State {
        match self.progress {
            Progress::InProgress => State::InProgress,
            Progress::Completed if self.approval_required => State::NeedsApproval,
            Progress::Completed | Progress::Approved => State::Scored,
        }
    }

    /// The band of `form.bandRanges` holding the score (`begin` inclusive; the top band's
    /// `end` too).
    pub fn band(&self, form: &EvalForm) -> Option<u64> {
        let score = self.score?;
        let last = form
            .band_ranges
            .iter()
            .map(|b| b.end)
            .fold(f64::MIN, f64::max);
        form.band_ranges
            .iter()
            .find(|b| score >= b.begin && (score < b.end || (score == b.end && b.end == last)))
            .map(|b| b.band)
    }
}

/// Sets the contact's evaluation and the flags and date that follow from it.
pub fn attach(c: &mut Contact, evaluation: Evaluation) {
    let state = evaluation.state();
    c.qm.scored = state == State::Scored;
    c.qm.needs_approval = state == State::NeedsApproval;
    c.qm.in_progress = state == State::InProgress;
    c.evaluated_ms = evaluation.evaluated_ms;
    c.evaluation = Some(evaluation);
}

/// The evaluation form that applies to `c`: its evaluation's, else the one a text import
/// assigned (by id, else by name), else the scenario's first form for a quality contact.
pub fn form_of<'a>(c: &Contact, forms: &'a [EvalForm]) -> Option<&'a EvalForm> {
    if let Some(e) = &c.evaluation {
        return forms.iter().find(|f| f.id == e.form_id);
    }
    if let Some(named) = c.text.as_ref().and_then(|t| t.eval_form.as_deref()) {
        return by_id_or_name(forms, named);
    }
    c.quality.then(|| forms.first()).flatten()
}

/// Whether `person` (holding `may_evaluate`) can evaluate `c`: not their own contact, a
/// completed quality contact with a form, not yet evaluated, or evaluated in progress by them.
pub fn can_evaluate(c: &Contact, person_id: u64, may_evaluate: bool, forms: &[EvalForm]) -> bool {
    may_evaluate
        && c.agent_id != Some(person_id)
        && c.complete
        && c.quality
        && form_of(c, forms).is_some()
        && c.evaluation
            .as_ref()
            .is_none_or(|e| e.progress == Progress::InProgress && e.evaluator_id == person_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(approval: bool) -> EvalForm {
        serde_saphyr::from_str(&format!(
            "{{id: 7, name: f, approvalRequired: {approval}, bandRanges: [{{band: 1, begin: 0, end: 50}}, {{band: 2, begin: 50, end: 100}}]}}"
        ))
        .unwrap()
    }

    fn evaluation(progress: Progress, approval: bool) -> Evaluation {
        Evaluation {
            id: 1,
            form_id: 7,
            evaluator_id: 9,
            progress,
            approval_required: approval,
            score: Some(50.0),
            evaluated_ms: None,
        }
    }

    #[test]
    fn the_form_decides_whether_a_completed_evaluation_needs_approval() {
        assert_eq!(
            evaluation(Progress::Completed, true).state(),
            State::NeedsApproval
        );
        assert_eq!(
            evaluation(Progress::Completed, false).state(),
            State::Scored
        );
        assert_eq!(evaluation(Progress::Approved, true).state(), State::Scored);
        assert_eq!(
            evaluation(Progress::InProgress, true).state(),
            State::InProgress
        );
    }

    #[test]
    fn bands_hold_their_begin_and_the_top_band_its_end() {
        let f = form(false);
        let mut e = evaluation(Progress::Completed, false);
        assert_eq!(e.band(&f), Some(2));
        e.score = Some(49.9);
        assert_eq!(e.band(&f), Some(1));
        e.score = Some(100.0);
        assert_eq!(e.band(&f), Some(2));
        e.score = Some(101.0);
        assert_eq!(e.band(&f), None);
    }

    #[test]
    fn only_the_evaluator_may_go_on_with_an_evaluation_in_progress() {
        let forms = [form(false)];
        let mut c = Contact::new(1, 0);
        c.agent_id = Some(2);
        assert!(can_evaluate(&c, 9, true, &forms));
        assert!(!can_evaluate(&c, 9, false, &forms), "needs the permission");
        assert!(!can_evaluate(&c, 2, true, &forms), "not one's own contact");
        assert!(!can_evaluate(&c, 9, true, &[]), "needs a form");
        attach(&mut c, evaluation(Progress::InProgress, false));
        assert!(can_evaluate(&c, 9, true, &forms));
        assert!(!can_evaluate(&c, 8, true, &forms));
        attach(&mut c, evaluation(Progress::Completed, false));
        assert!(!can_evaluate(&c, 9, true, &forms));
        assert!(c.qm.scored && !c.qm.in_progress);
    }
}
