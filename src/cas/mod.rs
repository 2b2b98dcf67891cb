//! Seed 001 "Categories and Phrases API" (CAS analytics): categories (phrase lists) and the
//! phrases searched for in transcripts, per tenant; plus the hit finder ([`hits`]) and the
//! transcripts it searches ([`transcript`]). Domain rules only; wire shapes are in
//! `vendors::webex::cas*`.

pub mod confidence;
pub mod hits;
pub mod seed;
pub mod transcript;

use crate::store::{Collection, SandboxStore};
use confidence::Confidence;
use serde::{Deserialize, Serialize};

const CATEGORIES: &str = "cas.categories";
const PHRASES: &str = "cas.phrases";
const CATEGORY_IDS: &str = "cas.category";
const PHRASE_IDS: &str = "cas.phrase";
const SETTINGS: &str = "cas.settings";
const MIN_CONFIDENCE: &str = "minConfidence";

/// One category (phrase list): "categories" in the GET/POST/PUT JSON example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: u64,
    pub tenant_id: u64,
    pub category: String,
    pub description: String,
    /// "Character string specifying the language. EXAMPLE US English = en-us": kept as sent.
    pub language_id: String,
}

/// One phrase of a category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phrase {
    pub id: u64,
    pub tenant_id: u64,
    pub category_id: u64,
    pub phrase: String,
    pub phonetic: String,
    /// "Alternate versions of the phrase that sound like the target phrase": kept as sent,
    /// alternates separated by `,`, `;`, `|` or line breaks (see [`Phrase::alternates`]).
    pub sounds_like: String,
    /// "Confidence value indicating the probability that the hit is correct".
    pub confidence: Confidence,
    pub state: i64,
}

impl Phrase {
    /// The `soundsLike` alternates, each searched like the phrase itself.
    pub fn alternates(&self) -> Vec<String> {
        self.sounds_like
            .split([',', ';', '|', '\n'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// Typed access to one sandbox's categories and phrases.
pub struct Cas {
    store: SandboxStore,
    pub categories: Collection<u64, Category>,
    pub phrases: Collection<u64, Phrase>,
}

impl Cas {
    pub fn of(store: &SandboxStore) -> Cas {
        Cas {
            store: store.clone(),
            categories: store.collection(CATEGORIES),
            phrases: store.collection(PHRASES),
        }
    }

    pub fn categories_of(&self, tenant_id: u64) -> Vec<Category> {
        let mut all = self.categories.values();
        all.retain(|c| c.tenant_id == tenant_id);
        all
    }

    pub fn phrases_of(&self, tenant_id: u64) -> Vec<Phrase> {
        let mut all = self.phrases.values();
        all.retain(|p| p.tenant_id == tenant_id);
        all
    }

    pub fn category(&self, tenant_id: u64, id: u64) -> Option<Category> {
        self.categories
            .get(&id)
            .filter(|c| c.tenant_id == tenant_id)
    }

    pub fn phrase(&self, tenant_id: u64, id: u64) -> Option<Phrase> {
        self.phrases.get(&id).filter(|p| p.tenant_id == tenant_id)
    }

    /// Stores a new category with the next id.
    pub fn add_category(&self, mut c: Category) -> Category {
        c.id = self.store.next_id(CATEGORY_IDS);
        self.categories.put(&c.id, &c);
        c
    }

    /// Stores a new phrase with the next id.
    pub fn add_phrase(&self, mut p: Phrase) -> Phrase {
        p.id = self.store.next_id(PHRASE_IDS);
        self.phrases.put(&p.id, &p);
        p
    }

    /// Deletes a category and its phrases (they cannot outlive their list); true when it existed.
    pub fn delete_category(&self, tenant_id: u64, id: u64) -> bool {
        if self.category(tenant_id, id).is_none() {
            return false;
        }
        for p in self.phrases.values() {
            if p.category_id == id {
                self.phrases.remove_key(&p.id);
            }
        }
        self.categories.remove_key(&id);
        true
    }

    pub fn delete_phrase(&self, tenant_id: u64, id: u64) -> bool {
        if self.phrase(tenant_id, id).is_none() {
            return false;
        }
        self.phrases.remove_key(&id);
        true
    }

    /// The minimum confidence a phrase needs for its hits to be reported: the top-level
    /// `confidence` of the GET/POST/PUT JSON example (scenario `cas.minConfidence`, default 0).
    pub fn min_confidence(&self) -> Confidence {
        let settings: Collection<String, Confidence> = self.store.collection(SETTINGS);
        settings
            .get(&MIN_CONFIDENCE.to_string())
            .unwrap_or_default()
    }

    pub fn set_min_confidence(&self, c: &Confidence) {
        let settings: Collection<String, Confidence> = self.store.collection(SETTINGS);
        settings.put(&MIN_CONFIDENCE.to_string(), c);
    }

    /// The tenant's phrases (and their alternates) with the name of their category, for the hit
    /// finder: those whose confidence is under [`Cas::min_confidence`] produce no hits.
    pub fn searchable(&self, tenant_id: u64) -> Vec<hits::Searched> {
        let categories = self.categories_of(tenant_id);
        let min = self.min_confidence().probability();
        self.phrases_of(tenant_id)
            .into_iter()
            .filter(|p| p.confidence.probability() >= min)
            .filter_map(|p| {
                let cat = categories.iter().find(|c| c.id == p.category_id)?;
                Some(hits::Searched {
                    id: p.id,
                    alternates: p.alternates(),
                    phrase: p.phrase,
                    category: cat.category.clone(),
                    confidence: p.confidence,
                })
            })
            .collect()
    }
}
