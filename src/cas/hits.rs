//! The phrase hit finder behind seed 001 "Speech Hits API" and "Text Hits API": where the
//! tenant's phrases occur in a transcript. Matching is case-insensitive on whole words (a phrase
//! "refund" hits "Refund," but not "refunded"); positions and lengths count characters.

/// A phrase to look for, with its category's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Searched {
    pub phrase: String,
    pub category: String,
    pub confidence: u32,
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
    pub confidence: u32,
}

fn fold(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

fn is_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Every whole-word occurrence of every phrase in `text`, ordered by position then phrase.
pub fn find(text: &str, phrases: &[Searched]) -> Vec<Hit> {
    let hay = fold(text);
    let mut hits = Vec::new();
    for p in phrases {
        let needle = fold(p.phrase.trim());
        if needle.is_empty() || needle.len() > hay.len() {
            continue;
        }
        for start in 0..=hay.len() - needle.len() {
            let end = start + needle.len();
            if hay[start..end] == needle[..]
                && !is_word(start.checked_sub(1).and_then(|i| hay.get(i)))
                && !is_word(hay.get(end))
            {
                hits.push(Hit {
                    position: start,
                    length: needle.len(),
                    phrase: p.phrase.clone(),
                    category: p.category.clone(),
                    confidence: p.confidence,
                });
            }
        }
    }
    hits.sort_by(|a, b| (a.position, &a.phrase).cmp(&(b.position, &b.phrase)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &str) -> Searched {
        Searched {
            phrase: p.into(),
            category: "c".into(),
            confidence: 50,
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
}
