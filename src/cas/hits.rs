//! The phrase hit finder behind seed 001 "Speech Hits API" and "Text Hits API": where the
//! tenant's phrases occur in a transcript. Matching is case-insensitive on whole words (a phrase
//! "refund" hits "Refund," but not "refunded"); positions and lengths count characters. A phrase
//! also hits where one of its `soundsLike` alternates ("Alternate versions of the phrase that
//! sound like the target phrase") occurs: the hit names the phrase, its position and length are
//! those of the words found.

use super::confidence::Confidence;

/// A phrase to look for, with its category's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Searched {
    /// The phrase's id: two phrases of the same text are two hits.
    pub id: u64,
    pub phrase: String,
    /// Its `soundsLike` alternates.
    pub alternates: Vec<String>,
    pub category: String,
    pub confidence: Confidence,
}

/// One occurrence of a phrase in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Character offset of the occurrence in the searched text.
    pub position: usize,
    /// Length in characters.
    pub length: usize,
    pub phrase: String,
    pub category: String,
    pub confidence: Confidence,
}

fn fold(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Start offsets of the whole-word occurrences of `needle` in `hay`.
fn occurrences(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&start| {
            let end = start + needle.len();
            hay[start..end] == needle[..]
                && !is_word(start.checked_sub(1).and_then(|i| hay.get(i)))
                && !is_word(hay.get(end))
        })
        .collect()
}

/// Every whole-word occurrence of every phrase or one of its alternates in `text`, ordered by
/// position then phrase. Where the phrase and alternates occur at the same place, one hit (the
/// longest words) is counted.
pub fn find(text: &str, phrases: &[Searched]) -> Vec<Hit> {
    let hay = fold(text);
    let mut found: Vec<(usize, usize, u64, &Searched)> = Vec::new();
    for p in phrases {
        let forms = std::iter::once(&p.phrase).chain(&p.alternates);
        for form in forms {
            let needle = fold(form.trim());
            for start in occurrences(&hay, &needle) {
                found.push((start, needle.len(), p.id, p));
            }
        }
    }
    // Longest first at a place, so the dedup below keeps it.
    found.sort_by(|a, b| (a.0, a.2, b.1).cmp(&(b.0, b.2, a.1)));
    found.dedup_by(|later, kept| (later.0, later.2) == (kept.0, kept.2));
    let mut hits: Vec<Hit> = found
        .into_iter()
        .map(|(position, length, _, p)| Hit {
            position,
            length,
            phrase: p.phrase.clone(),
            category: p.category.clone(),
            confidence: p.confidence.clone(),
        })
        .collect();
    hits.sort_by(|a, b| (a.position, &a.phrase).cmp(&(b.position, &b.phrase)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &str) -> Searched {
        Searched {
            id: 1,
            phrase: p.into(),
            alternates: Vec::new(),
            category: "c".into(),
            confidence: Confidence::percent(50),
        }
    }

    #[test]
    fn whole_words_case_insensitive() {
        let hits = find("Refund, please. Refunded? a REFUND", &[s("refund")]);
        let at: Vec<usize> = hits.iter().map(|h| h.position).collect();
        assert_eq!(at, vec![0, 28]);
        assert!(hits.iter().all(|h| h.length == 6));
    }

    #[test]
    fn multi_word_phrases_and_unicode_offsets() {
        let hits = find("Ça va? cancel my plan", &[s("Cancel my")]);
        assert_eq!(hits[0].position, 7);
        assert_eq!(hits[0].length, 9);
    }

    #[test]
    fn alternates_hit_as_their_phrase_once_per_place() {
        let mut p = s("refund");
        p.alternates = vec!["re fund".into(), "refund".into(), "money back".into()];
        let hits = find("A re fund, my money back, a refund", &[p]);
        let got: Vec<(usize, usize, &str)> = hits
            .iter()
            .map(|h| (h.position, h.length, h.phrase.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(2, 7, "refund"), (14, 10, "refund"), (28, 6, "refund")]
        );
    }
}
