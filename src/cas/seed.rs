//! Writes a scenario's `cas:` section (see `scenario::cas`) into a freshly seeded sandbox,
//! after its org and contacts.

use super::transcript::{Segment, declared};
use super::{Cas, Category, Phrase};
use crate::scenario::cas::{CasSpec, PhraseSpec};
use crate::store::SandboxStore;
use crate::world::Tenant;

pub fn seed(store: &SandboxStore, spec: &CasSpec, tenants: &[Tenant]) -> Result<(), String> {
    let cas = Cas::of(store);
    if let Some(min) = &spec.min_confidence {
        cas.set_min_confidence(min);
    }
    for c in &spec.categories {
        let tenant = match &c.tenant {
            None => tenants.first(),
            Some(name) => tenants.iter().find(|t| &t.name == name),
        }
        .ok_or_else(|| format!("cas category `{}`: no such tenant", c.category))?;
        let cat = cas.add_category(Category {
            id: 0,
            tenant_id: tenant.id,
            category: c.category.clone(),
            description: c.description.clone(),
            language_id: c.language_id.clone(),
        });
        for p in &c.phrases {
            let mut phrase = Phrase {
                id: 0,
                tenant_id: tenant.id,
                category_id: cat.id,
                phrase: String::new(),
                phonetic: String::new(),
                sounds_like: String::new(),
                confidence: super::confidence::Confidence::percent(50),
                state: 0,
            };
            match p {
                PhraseSpec::Text(t) => phrase.phrase = t.clone(),
                PhraseSpec::Full(f) => {
                    phrase.phrase = f.phrase.clone();
                    phrase.phonetic = f.phonetic.clone();
                    phrase.sounds_like = f.sounds_like.clone();
                    phrase.confidence = f.confidence.clone();
                    phrase.state = f.state;
                }
            }
            cas.add_phrase(phrase);
        }
    }
    let contacts = crate::contacts::Contacts::of(store);
    for t in &spec.transcripts {
        if contacts.get(t.ccr_id).is_none() {
            return Err(format!(
                "cas transcript: ccrId {} is not a scenario contact",
                t.ccr_id
            ));
        }
        let segments: Vec<Segment> = t
            .texts
            .iter()
            .map(|s| Segment {
                text: s.text.clone(),
                channel: s.channel,
                start: s.start,
                end: s.end,
            })
            .collect();
        declared(store).put(&t.ccr_id, &segments);
    }
    Ok(())
}
