//! Inclusion/exclusion lists (seed 001 "Inclusion/Exclusion List API") and the recording
//! decision the call engine takes from them.
//!
//! Rules (where the seed is silent, what a recorder does): a call is not recorded when any
//! exclusion list of its tenant matches it; when the tenant has inclusion lists, a call is
//! recorded only if one of them matches. A list matches a call when its direction fits
//! (1 inbound, 2 outbound, 3 or absent either) and its pattern matches the number its pattern
//! type names: 1 ANI, 2 DNIS, 3 extension, 4 phone number (ANI or DNIS), 5 any of the three.
//! A list without a pattern matches every call of its direction ("contact directions you
//! either do or do not want to record").

use super::pattern::{Pattern, PatternError};
use crate::store::{Collection, SandboxStore};
use serde::{Deserialize, Serialize};

/// Keyed by tenant then id: each tenant has its own ids (see [`Lists`]).
const LISTS: &str = "qm.inclexcl.by_tenant";

/// One inclusion/exclusion list as stored and answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    pub id: u64,
    pub tenant_id: u64,
    /// 1 inclusion, 2 exclusion.
    pub kind: u8,
    /// 1 ANI, 2 DNIS, 3 extension, 4 phone number, 5 any.
    pub pattern_type: Option<u8>,
    pub pattern: Option<String>,
    /// 1 inbound, 2 outbound, 3 either.
    pub direction: Option<u8>,
}

/// A list to write (its id comes from the path, the body or the counter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub kind: u8,
    pub pattern_type: Option<u8>,
    pub pattern: Option<String>,
    pub direction: Option<u8>,
}

/// Why a list was refused; each names its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Kind(u64),
    PatternType(u64),
    Direction(u64),
    Pattern(PatternError),
}

impl Invalid {
    pub fn field(&self) -> &'static str {
        match self {
            Invalid::Kind(_) => "inclusionExclusionType",
            Invalid::PatternType(_) => "inclusionExclusionPatternType",
            Invalid::Direction(_) => "inclusionExclusionCallDirection",
            Invalid::Pattern(_) => "pattern",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Invalid::Kind(v) => {
                format!("inclusionExclusionType {v} is not 1 (Inclusion) or 2 (Exclusion)")
            }
            Invalid::PatternType(v) => format!(
                "inclusionExclusionPatternType {v} is not 1 (ANI), 2 (DNIS), 3 (Extension), 4 (Phone number) or 5 (Any)"
            ),
            Invalid::Direction(v) => format!(
                "inclusionExclusionCallDirection {v} is not 1 (Inbound), 2 (Outbound) or 3 (Either)"
            ),
            Invalid::Pattern(e) => e.to_string(),
        }
    }
}

/// Checks the enumerations and the pattern.
pub fn check(
    kind: u64,
    pattern_type: Option<u64>,
    pattern: Option<String>,
    direction: Option<u64>,
) -> Result<Fields, Invalid> {
    if !(1..=2).contains(&kind) {
        return Err(Invalid::Kind(kind));
    }
    if let Some(t) = pattern_type.filter(|t| !(1..=5).contains(t)) {
        return Err(Invalid::PatternType(t));
    }
    if let Some(d) = direction.filter(|d| !(1..=3).contains(d)) {
        return Err(Invalid::Direction(d));
    }
    let pattern = pattern
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if let Some(p) = &pattern {
        Pattern::parse(p).map_err(Invalid::Pattern)?;
    }
    Ok(Fields {
        kind: kind as u8,
        pattern_type: pattern_type.map(|t| t as u8),
        pattern,
        direction: direction.map(|d| d as u8),
    })
}

/// What the recorder knows of a call when it starts recording.
#[derive(Debug, Clone, Default)]
pub struct CallFacts<'a> {
    pub ani: Option<&'a str>,
    pub dnis: Option<&'a str>,
    pub extension: Option<&'a str>,
    /// Engine convention: 0 inbound, 1 outbound.
    pub direction: Option<u8>,
}

impl List {
    pub fn matches(&self, call: &CallFacts) -> bool {
        let dir_ok = match (self.direction, call.direction) {
            (Some(1), Some(d)) => d == 0,
            (Some(2), Some(d)) => d == 1,
            // A one-direction list does not match a call of unknown direction.
            (Some(1 | 2), None) => false,
            _ => true,
        };
        if !dir_ok {
            return false;
        }
        let Some(raw) = &self.pattern else {
            return true;
        };
        let Ok(p) = Pattern::parse(raw) else {
            return false;
        };
        let numbers: Vec<Option<&str>> = match self.pattern_type.unwrap_or(5) {
            1 => vec![call.ani],
            2 => vec![call.dnis],
            3 => vec![call.extension],
            4 => vec![call.ani, call.dnis],
            _ => vec![call.ani, call.dnis, call.extension],
        };
        numbers.into_iter().flatten().any(|n| p.matches(n))
    }
}

/// Whether a call is recorded under these lists (see the module rules).
pub fn records(lists: &[List], call: &CallFacts) -> bool {
    if lists.iter().any(|l| l.kind == 2 && l.matches(call)) {
        return false;
    }
    let mut inclusions = lists.iter().filter(|l| l.kind == 1).peekable();
    inclusions.peek().is_none() || inclusions.any(|l| l.matches(call))
}

/// Why a write changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Exists(u64),
    Unknown(u64),
}

/// The lists of one sandbox. Ids are the tenant's own (the seed makes the client choose them:
/// `inclusionExclusionListId` is required), so a list of another tenant neither blocks an id
/// nor shows through: to a tenant, an id is either one of its lists or free.
pub struct Lists {
    lists: Collection<Vec<u8>, List>,
}

fn key(tenant_id: u64, id: u64) -> Vec<u8> {
    let mut k = tenant_id.to_be_bytes().to_vec();
    k.extend_from_slice(&id.to_be_bytes());
    k
}

impl Lists {
    pub fn of(store: &SandboxStore) -> Lists {
        Lists {
            lists: store.collection(LISTS),
        }
    }

    /// The tenant's lists by id.
    pub fn of_tenant(&self, tenant_id: u64) -> Vec<List> {
        self.lists
            .values()
            .into_iter()
            .filter(|l| l.tenant_id == tenant_id)
            .collect()
    }

    pub fn get(&self, tenant_id: u64, id: u64) -> Option<List> {
        self.lists.get(&key(tenant_id, id))
    }

    /// Creates the tenant's list `id` (refused when the tenant already has one).
    pub fn create(&self, tenant_id: u64, id: u64, f: Fields) -> Result<List, Refused> {
        if self.get(tenant_id, id).is_some() {
            return Err(Refused::Exists(id));
        }
        let list = List {
            id,
            tenant_id,
            kind: f.kind,
            pattern_type: f.pattern_type,
            pattern: f.pattern,
            direction: f.direction,
        };
        self.lists.put(&key(tenant_id, id), &list);
        Ok(list)
    }

    /// Replaces a list's fields.
    pub fn update(&self, tenant_id: u64, id: u64, f: Fields) -> Result<List, Refused> {
        let mut list = self.get(tenant_id, id).ok_or(Refused::Unknown(id))?;
        list.kind = f.kind;
        list.pattern_type = f.pattern_type;
        list.pattern = f.pattern;
        list.direction = f.direction;
        self.lists.put(&key(tenant_id, id), &list);
        Ok(list)
    }

    pub fn delete(&self, tenant_id: u64, id: u64) -> Result<List, Refused> {
        let list = self.get(tenant_id, id).ok_or(Refused::Unknown(id))?;
        self.lists.remove(&key(tenant_id, id));
        Ok(list)
    }

    /// Whether a call of the tenant is recorded.
    pub fn records(&self, tenant_id: u64, call: &CallFacts) -> bool {
        records(&self.of_tenant(tenant_id), call)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(kind: u8, pt: Option<u8>, pattern: Option<&str>, dir: Option<u8>) -> List {
        List {
            id: 1,
            tenant_id: 1,
            kind,
            pattern_type: pt,
            pattern: pattern.map(str::to_string),
            direction: dir,
        }
    }

    #[test]
    fn exclusion_wins_and_inclusion_limits() {
        let call = CallFacts {
            ani: Some("6128221234"),
            dnis: Some("5551000"),
            extension: Some("2001"),
            direction: Some(0),
        };
        assert!(records(&[], &call));
        assert!(!records(&[list(2, Some(1), Some("612*"), None)], &call));
        assert!(records(&[list(2, Some(2), Some("612*"), None)], &call));
        assert!(records(&[list(2, Some(1), Some("612*"), Some(2))], &call));
        assert!(records(&[list(1, Some(3), Some("2???"), Some(1))], &call));
        assert!(!records(&[list(1, Some(3), Some("3???"), None)], &call));
        assert!(!records(&[list(2, None, None, Some(1))], &call));
        assert!(!records(
            &[
                list(1, Some(4), Some("2001"), None),
                list(2, Some(5), Some("555*"), None)
            ],
            &call
        ));
    }

    #[test]
    fn enumerations_are_checked() {
        assert_eq!(check(3, None, None, None), Err(Invalid::Kind(3)));
        assert_eq!(check(1, Some(6), None, None), Err(Invalid::PatternType(6)));
        assert_eq!(check(1, Some(0), None, None), Err(Invalid::PatternType(0)));
        assert_eq!(check(1, None, None, Some(4)), Err(Invalid::Direction(4)));
        assert!(matches!(
            check(2, None, Some("1+".into()), None),
            Err(Invalid::Pattern(_))
        ));
    }
}
