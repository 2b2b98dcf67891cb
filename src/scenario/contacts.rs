//! The scenario's `contacts:` section: recorded interactions a sandbox starts with, so that
//! every contact search filter has data to act on. Agents are named in any of seed 001's three
//! formats (person id, `domain\user`, email).

use super::ScenarioError;
pub use super::evaluations::EvaluationSpec;
pub use super::survey_results::SurveyResultSpec;
use crate::contacts::evaluation::{self, Evaluation, Progress};
use crate::contacts::{Contact, ContactType, Event, MediaKind, QmFlags, Recording, TextContent};
use crate::scenario::qm::{EvalForm, Survey};
use crate::world::{Person, Role, Team};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// One declared contact (or `count` of them, `spacingMs` apart).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContactSpec {
    /// Person id, `domain\user` or email; absent = a contact without agent.
    #[serde(default)]
    pub agent: Option<Spanned<String>>,
    /// RFC 3339 start; defaults to one hour before the clock's start.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    #[serde(default)]
    pub duration_ms: Option<i64>,
    #[serde(default)]
    pub contact_type: Option<ContactType>,
    #[serde(default)]
    pub ani: Option<String>,
    #[serde(default)]
    pub dnis: Option<String>,
    #[serde(default)]
    pub line: Option<String>,
    #[serde(default)]
    pub call_id: Option<String>,
    #[serde(default)]
    pub assoc_call_id: Option<String>,
    /// `inbound` / `outbound` (or 0 / 1).
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    #[serde(default)]
    pub tz: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// An audio recording in this format (wav, opus, ...): the harness synthesises its bytes.
    #[serde(default)]
    pub audio: Option<Spanned<String>>,
    /// A screen recording in this format (webmv, webm, wmv).
    #[serde(default)]
    pub screen: Option<Spanned<String>>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(default)]
    pub tagged: bool,
    #[serde(default)]
    pub hr: bool,
    #[serde(default)]
    pub training: bool,
    /// Its QM evaluation: scored, needsApproval, inProgress and canEvaluate follow from it.
    #[serde(default)]
    pub evaluation: Option<EvaluationSpec>,
    /// The customer's post-call survey answers: the score goes to the survey's metadata field.
    #[serde(default)]
    pub survey: Option<SurveyResultSpec>,
    /// Retired switches: these flags follow from `evaluation` now (refused with a hint).
    #[serde(default)]
    pub scored: Option<Spanned<bool>>,
    #[serde(default)]
    pub needs_approval: Option<Spanned<bool>>,
    #[serde(default)]
    pub in_progress: Option<Spanned<bool>>,
    #[serde(default)]
    pub can_evaluate: Option<Spanned<bool>>,
    #[serde(default)]
    pub archive: bool,
    #[serde(default = "yes")]
    pub quality: bool,
    /// False: the call is still in progress.
    #[serde(default = "yes")]
    pub complete: bool,
    /// The transcript of a text contact (chat, email).
    #[serde(default)]
    pub text: Option<TextSpec>,
    /// Repeat this contact `count` times (fake numbers from the scenario's seed).
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub spacing_ms: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EventSpec {
    /// `silence` or `talkOver`.
    pub kind: Spanned<String>,
    #[serde(default)]
    pub start_ms: i64,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TextSpec {
    /// chat, email, website, other, facebook.
    pub text_type: String,
    pub text: String,
    #[serde(default)]
    pub sender: Option<String>,
    #[serde(default)]
    pub receivers: Vec<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
}

/// What the contacts refer to: the resolved org and the scenario's evaluation forms.
pub struct Ctx<'a> {
    pub persons: &'a [Person],
    pub teams: &'a [Team],
    pub roles: &'a [Role],
    pub forms: &'a [EvalForm],
    pub surveys: &'a [Survey],
}

/// The flags an evaluation now decides are refused, saying what to write instead.
fn retired(spec: &ContactSpec) -> Result<(), ScenarioError> {
    for (name, flag) in [
        ("scored", &spec.scored),
        ("needsApproval", &spec.needs_approval),
        ("inProgress", &spec.in_progress),
        ("canEvaluate", &spec.can_evaluate),
    ] {
        if let Some(f) = flag {
            return Err(ScenarioError::at(
                &f.referenced,
                format!(
                    "contact `{name}` follows from its evaluation: declare `evaluation: {{form, evaluator, state, score}}` instead"
                ),
            ));
        }
    }
    Ok(())
}

const AUDIO_FORMATS: &[&str] = &["wav", "webm", "webma", "spx", "wmv", "opus"];
const SCREEN_FORMATS: &[&str] = &["webm", "webmv", "wmv"];

/// Turns the declared contacts into records (ids are given when the sandbox is seeded).
pub fn resolve(
    specs: &[ContactSpec],
    seed: u64,
    clock_start: i64,
    ctx: &Ctx,
    default_tenant: Option<u64>,
) -> Result<Vec<Contact>, ScenarioError> {
    let (persons, teams) = (ctx.persons, ctx.teams);
    let mut rng = StdRng::seed_from_u64(seed ^ 0xC047_AC75);
    let mut out = Vec::new();
    let mut next_evaluation = 0u64;
    for spec in specs {
        let agent = match &spec.agent {
            Some(a) => Some(crate::world::find_person(persons, &a.value).ok_or_else(|| {
                ScenarioError::at(
                    &a.referenced,
                    format!(
                        "contact agent `{}` matches no person (use a person id, domain\\user or email)",
                        a.value
                    ),
                )
            })?),
            None => None,
        };
        let tenant_id = match (agent, default_tenant) {
            (Some(p), _) => p.tenant_id,
            (None, Some(t)) => t,
            (None, None) => {
                return Err(ScenarioError::nowhere(
                    "a contact needs a tenant: declare a tenant first",
                ));
            }
        };
        let start = match &spec.start {
            Some(s) => crate::clock::parse_rfc3339(&s.value)
                .map_err(|e| ScenarioError::at(&s.referenced, format!("contact start: {e}")))?,
            None => clock_start - 3_600_000,
        };
        let direction = match &spec.direction {
            None => None,
            Some(d) => Some(match d.value.to_ascii_lowercase().as_str() {
                "1" | "outbound" => 1,
                "0" | "inbound" => 0,
                other => {
                    return Err(ScenarioError::at(
                        &d.referenced,
                        format!("direction `{other}`: use inbound, outbound, 0 or 1"),
                    ));
                }
            }),
        };
        retired(spec)?;
        let evaluation = match &spec.evaluation {
            Some(e) => Some(e.resolve(ctx, agent, tenant_id)?),
            None => None,
        };
        let survey = match &spec.survey {
            Some(r) => Some(r.resolve(ctx.surveys, tenant_id)?),
            None => None,
        };
        let audio = check_format(&spec.audio, AUDIO_FORMATS, "audio")?;
        let screen = check_format(&spec.screen, SCREEN_FORMATS, "screen")?;
        let mut events = Vec::new();
        for e in &spec.events {
            if e.kind.value != "silence" && e.kind.value != "talkOver" {
                return Err(ScenarioError::at(
                    &e.kind.referenced,
                    format!("event kind `{}`: use silence or talkOver", e.kind.value),
                ));
            }
            events.push(Event {
                kind: e.kind.value.clone(),
                start_ms: e.start_ms,
                duration_ms: e.duration_ms,
            });
        }
        let count = spec.count.unwrap_or(1);
        let spacing = spec.spacing_ms.unwrap_or(60_000);
        for n in 0..count {
            let start_ms = start + n as i64 * spacing;
            let mut c = Contact::new(tenant_id, start_ms);
            c.created_ms = start_ms;
            if let Some(p) = agent {
                c.agent_id = Some(p.id);
                c.team_id = Some(p.team_id);
                c.group_id = teams.iter().find(|t| t.id == p.team_id).map(|t| t.group_id);
                c.tz = p.time_zone.clone();
            }
            c.duration_ms = spec.duration_ms.unwrap_or(60_000);
            c.contact_type = spec.contact_type.unwrap_or(if spec.text.is_some() {
                ContactType::Text
            } else {
                ContactType::Call
            });
            let generated = count > 1;
            let fake_number =
                |rng: &mut StdRng| format!("+1555{:07}", rng.random_range(0..10_000_000u32));
            c.ani = spec
                .ani
                .clone()
                .or_else(|| generated.then(|| fake_number(&mut rng)));
            c.dnis = spec
                .dnis
                .clone()
                .or_else(|| generated.then(|| fake_number(&mut rng)));
            c.line = spec.line.clone();
            c.call_id = spec.call_id.as_ref().map(|id| {
                if generated {
                    format!("{id}-{}", n + 1)
                } else {
                    id.clone()
                }
            });
            c.assoc_call_id = spec.assoc_call_id.clone();
            c.direction = direction;
            if spec.tz.is_some() {
                c.tz = spec.tz.clone();
            }
            c.metadata = spec.metadata.clone();
            if let Some((key, score)) = &survey {
                c.metadata.insert(key.clone(), score.clone());
            }
            c.audio = audio.map(|f| recording(f, start_ms, true));
            c.screen = screen.map(|f| recording(f, start_ms, false));
            c.events = events.clone();
            c.qm = QmFlags {
                tagged: spec.tagged,
                hr: spec.hr,
                training: spec.training,
                ..QmFlags::default()
            };
            c.archive = spec.archive;
            c.quality = spec.quality;
            c.complete = spec.complete;
            c.text = spec.text.as_ref().map(|t| TextContent {
                text_type: t.text_type.clone(),
                sender: t.sender.clone(),
                receivers: t.receivers.clone(),
                subject: t.subject.clone(),
                references: Vec::new(),
                source_id: t.id.as_ref().map(|id| {
                    if generated {
                        format!("{id}-{}", n + 1)
                    } else {
                        id.clone()
                    }
                }),
                text: t.text.clone(),
                eval_form: None,
            });
            if let Some(e) = &evaluation {
                next_evaluation += 1;
                let evaluated_ms = match (e.evaluated_ms, e.progress) {
                    (_, Progress::InProgress) => None,
                    (Some(at), _) => Some(at + n as i64 * spacing),
                    (None, _) => Some(start_ms + c.duration_ms),
                };
                evaluation::attach(
                    &mut c,
                    Evaluation {
                        id: next_evaluation,
                        evaluated_ms,
                        ..e.clone()
                    },
                );
            }
            out.push(c);
        }
    }
    Ok(out)
}

fn check_format<'a>(
    format: &'a Option<Spanned<String>>,
    allowed: &[&str],
    what: &str,
) -> Result<Option<&'a str>, ScenarioError> {
    match format {
        None => Ok(None),
        Some(f) if allowed.contains(&f.value.to_ascii_lowercase().as_str()) => {
            Ok(Some(f.value.as_str()))
        }
        Some(f) => Err(ScenarioError::at(
            &f.referenced,
            format!(
                "{what} format `{}`: use one of {}",
                f.value,
                allowed.join(", ")
            ),
        )),
    }
}

fn recording(format: &str, start_ms: i64, audio: bool) -> Recording {
    let format = format.to_ascii_lowercase();
    let kind = match (format.as_str(), audio) {
        ("webm" | "wmv", _) => MediaKind::Combined,
        (_, true) => MediaKind::Audio,
        (_, false) => MediaKind::Screen,
    };
    Recording {
        location: format!("recording.{format}"),
        format,
        kind,
        start_ms,
        blob: None,
        uploaded: true,
    }
}
