//! `generate:` blocks: fake persons from the scenario's seed, the same for the same seed.

use super::model::GeneratePersons;
use crate::world::{Person, Scope};
use fake::Fake;
use fake::faker::name::en::{FirstName, LastName};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// `spec.count` persons of `spec.team`; ids, tenant and roles are filled in by the caller.
pub fn persons(seed: u64, tenant_index: u64, spec: &GeneratePersons) -> Vec<Person> {
    let mut rng = StdRng::seed_from_u64(seed ^ (tenant_index.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
    (1..=spec.count)
        .map(|n| {
            let first: String = FirstName().fake_with_rng(&mut rng);
            let last: String = LastName().fake_with_rng(&mut rng);
            let login = format!("{}.{}{n}", ascii(&first), ascii(&last));
            Person {
                id: 0,
                tenant_id: 0,
                team_id: spec.team.value,
                email: format!("{login}@{}", spec.email_domain),
                password: spec.password.clone(),
                role_ids: Vec::new(),
                scope: Scope::default(),
                ad_login: Some(format!("HARNESS\\{login}")),
                acd_id: Some(format!("{}", 5000 + n)),
                acd_server_id: Some("1".to_string()),
                phone: Some(format!("+1555{:07}", n)),
                crm_username: Some(format!("crm.{login}")),
                system_username: Some(login.clone()),
                time_zone: Some("America/Chicago".to_string()),
                locale: Some("en_US".to_string()),
                deactivated: false,
                incontact_id: None,
                incontact_username: None,
                extension: None,
                first_name: first,
                last_name: last,
            }
        })
        .collect()
}

fn ascii(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}
