//! Org mutations of the JSON org APIs (seed 001 "Organizational Structure APIs"), testable without
//! HTTP. Every function works inside one tenant, the caller's, and refuses with an [`OrgError`]
//! before writing anything. Names of groups and teams are unique in a tenant: the bulk import
//! identifies them by name (seed 001 "Bulk Organization Import API").

use super::*;
use crate::store::SandboxStore;

/// Org writes check the stored org and then write it (a unique name, a team still empty, a
/// planned import); holding this lock across both keeps concurrent requests from interleaving
/// between the check and the write. Writes are short, so one lock for the process is enough.
static ORG_WRITES: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// Holds the org write lock until the guard is dropped.
pub fn write_lock() -> parking_lot::MutexGuard<'static, ()> {
    ORG_WRITES.lock()
}

/// Seed 001 "Bulk Organization Import API": group and team names have at most 60 characters.
pub const MAX_NAME: usize = 60;

/// One request's view of the org: the store, the caller's tenant and today's date.
pub struct Editor<'a> {
    pub store: &'a SandboxStore,
    pub org: Org,
    pub tenant_id: u64,
    /// Canonical `MM/DD/YYYY` of the virtual clock's now.
    pub today: String,
}

/// A group's or team's parent as the APIs name it: seed 001's examples give the tenant as the
/// parent of top-level groups ("parentGroupId": 2, "parentGroupName": "Tenant 1").
pub enum Parent {
    Tenant,
    Group(Group),
}

impl<'a> Editor<'a> {
    pub fn new(store: &'a SandboxStore, tenant_id: u64, now_ms: i64) -> Self {
        Editor {
            store,
            org: Org::of(store),
            tenant_id,
            today: dates::of_ms(now_ms),
        }
    }

    pub fn profile(&self, id: u64) -> Profile {
        self.org.profiles.get(&id).unwrap_or_default()
    }

    pub fn group(&self, id: u64) -> Result<Group, OrgError> {
        self.org
            .groups
            .get(&id)
            .filter(|g| g.tenant_id == self.tenant_id)
            .ok_or_else(|| OrgError::not_found(format!("No group with id {id}")))
    }

    pub fn team(&self, id: u64) -> Result<Team, OrgError> {
        self.org
            .teams
            .get(&id)
            .filter(|t| t.tenant_id == self.tenant_id)
            .ok_or_else(|| OrgError::not_found(format!("No team with id {id}")))
    }

    pub fn person(&self, id: u64) -> Result<Person, OrgError> {
        self.org
            .persons
            .get(&id)
            .filter(|p| p.tenant_id == self.tenant_id)
            .ok_or_else(|| OrgError::not_found(format!("No person with id {id}")))
    }

    pub fn groups(&self) -> Vec<Group> {
        let t = self.tenant_id;
        self.org
            .groups
            .values()
            .into_iter()
            .filter(|g| g.tenant_id == t)
            .collect()
    }

    pub fn teams(&self) -> Vec<Team> {
        let t = self.tenant_id;
        self.org
            .teams
            .values()
            .into_iter()
            .filter(|x| x.tenant_id == t)
            .collect()
    }

    pub fn persons(&self) -> Vec<Person> {
        let t = self.tenant_id;
        self.org
            .persons
            .values()
            .into_iter()
            .filter(|p| p.tenant_id == t)
            .collect()
    }

    pub fn roles(&self) -> Vec<Role> {
        let t = self.tenant_id;
        self.org
            .roles
            .values()
            .into_iter()
            .filter(|r| r.tenant_id == t)
            .collect()
    }

    /// The parent named by `parentGroupId`: the tenant's id or one of its groups.
    pub fn parent(&self, id: u64, field: &str) -> Result<Parent, OrgError> {
        if id == self.tenant_id {
            return Ok(Parent::Tenant);
        }
        self.group(id).map(Parent::Group).map_err(|_| {
            OrgError::invalid(
                field,
                format!(
                    "{field} {id} is neither this tenant ({}) nor one of its groups",
                    self.tenant_id
                ),
            )
        })
    }

    fn check_name(&self, field: &str, name: &str) -> Result<String, OrgError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(OrgError::invalid(field, format!("{field} is required")));
        }
        if name.chars().count() > MAX_NAME {
            return Err(OrgError::invalid(
                field,
                format!("{field} is longer than {MAX_NAME} characters"),
            ));
        }
        Ok(name.to_string())
    }

    fn group_name_free(&self, name: &str, except: Option<u64>) -> Result<(), OrgError> {
        match self
            .groups()
            .into_iter()
            .find(|g| g.name.eq_ignore_ascii_case(name) && Some(g.id) != except)
        {
            Some(g) => Err(OrgError::conflict(format!(
                "A group named '{}' already exists (id {})",
                g.name, g.id
            ))
            .field("name")),
            None => Ok(()),
        }
    }

    fn team_name_free(&self, name: &str, except: Option<u64>) -> Result<(), OrgError> {
        match self
            .teams()
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(name) && Some(t.id) != except)
        {
            Some(t) => Err(OrgError::conflict(format!(
                "A team named '{}' already exists (id {})",
                t.name, t.id
            ))
            .field("name")),
            None => Ok(()),
        }
    }

    /// Seed 001 "Common Group API" / "Group (with Scope) API": a new, activated group under
    /// `parent`; `teams` (ids) move into it.
    pub fn create_group(
        &self,
        name: &str,
        parent: u64,
        teams: &[u64],
        activated: Option<String>,
        deactivated: Option<String>,
    ) -> Result<Group, OrgError> {
        let _guard = write_lock();
        let name = self.check_name("name", name)?;
        let parent_id = match self.parent(parent, "parentGroupId")? {
            Parent::Tenant => None,
            Parent::Group(g) => Some(g.id),
        };
        self.group_name_free(&name, None)?;
        let moved: Vec<Team> = teams
            .iter()
            .map(|&id| self.team(id).map_err(|e| e.field("teams")))
            .collect::<Result<_, _>>()?;
        let profile = Profile {
            activated: Some(activated.unwrap_or_else(|| self.today.clone())),
            deactivated,
            ..Profile::default()
        };
        let tenant_id = self.tenant_id;
        self.store
            .transaction(ALL, |tx| {
                let group = Group {
                    id: tx.next_id(ORG_IDS),
                    tenant_id,
                    name: name.clone(),
                    parent_id,
                };
                tx.put(GROUPS, &group.id, &group);
                tx.put(PROFILES, &group.id, &profile);
                for t in &moved {
                    let mut t = t.clone();
                    t.group_id = group.id;
                    tx.put(TEAMS, &t.id, &t);
                }
                Ok(group)
            })
            .map_err(internal)
    }

    /// Seed 001 "Group by ID (with Teams)" POST and "Group API" POST on a specific group.
    pub fn update_group(
        &self,
        id: u64,
        name: Option<&str>,
        parent: Option<u64>,
        activated: Option<String>,
        deactivated: Option<Option<String>>,
    ) -> Result<Group, OrgError> {
        let _guard = write_lock();
        let mut group = self.group(id)?;
        if let Some(name) = name {
            let name = self.check_name("name", name)?;
            self.group_name_free(&name, Some(id))?;
            group.name = name;
        }
        if let Some(parent) = parent {
            group.parent_id = match self.parent(parent, "parentGroupId")? {
                Parent::Tenant => None,
                Parent::Group(p) => {
                    if self.descends_from(p.id, id) {
                        return Err(OrgError::invalid(
                            "parentGroupId",
                            format!(
                                "parentGroupId {parent} is the group itself or one of its subgroups"
                            ),
                        ));
                    }
                    Some(p.id)
                }
            };
        }
        let mut profile = self.profile(id);
        if let Some(a) = activated {
            profile.activated = Some(a);
        }
        if let Some(d) = deactivated {
            profile.deactivated = d;
        }
        self.store
            .transaction(&[GROUPS, PROFILES], |tx| {
                tx.put(GROUPS, &group.id, &group);
                tx.put(PROFILES, &group.id, &profile);
                Ok(())
            })
            .map_err(internal)?;
        Ok(group)
    }

    /// True when group `candidate` is `ancestor` or below it.
    fn descends_from(&self, candidate: u64, ancestor: u64) -> bool {
        let mut at = Some(candidate);
        let mut steps = 0;
        while let Some(id) = at {
            if id == ancestor {
                return true;
            }
            steps += 1;
            if steps > 10_000 {
                return false;
            }
            at = self.org.groups.get(&id).and_then(|g| g.parent_id);
        }
        false
    }

    /// Deletes an empty group: one that still holds teams or subgroups is refused (409), as a
    /// team's members are; persons' scopes stop naming it.
    pub fn delete_group(&self, id: u64) -> Result<Group, OrgError> {
        let _guard = write_lock();
        let group = self.group(id)?;
        let teams: Vec<String> = self
            .teams()
            .into_iter()
            .filter(|t| t.group_id == id)
            .map(|t| t.name)
            .collect();
        if !teams.is_empty() {
            return Err(OrgError::conflict(format!(
                "Group {id} still has {} team(s) ({}): move or delete them first",
                teams.len(),
                teams.join(", ")
            )));
        }
        if let Some(child) = self.groups().into_iter().find(|g| g.parent_id == Some(id)) {
            return Err(OrgError::conflict(format!(
                "Group {id} is the parent of group {} ('{}'): move or delete it first",
                child.id, child.name
            )));
        }
        let scoped: Vec<Person> = self
            .persons()
            .into_iter()
            .filter(|p| p.scope.group_ids.contains(&id))
            .collect();
        self.store
            .transaction(ALL, |tx| {
                tx.remove(GROUPS, &id);
                tx.remove(PROFILES, &id);
                for p in &scoped {
                    let mut p = p.clone();
                    p.scope.group_ids.retain(|g| *g != id);
                    tx.put(PERSONS, &p.id, &p);
                }
                Ok(())
            })
            .map_err(internal)?;
        Ok(group)
    }

    /// Seed 001 "Team API" / "Team (with Scope)": a new, activated team in group `group_id`;
    /// `users` (person ids) move into it.
    pub fn create_team(&self, name: &str, group_id: u64, users: &[u64]) -> Result<Team, OrgError> {
        let _guard = write_lock();
        let name = self.check_name("name", name)?;
        let group = self.group(group_id).map_err(|_| {
            OrgError::invalid(
                "parentGroupId",
                format!("parentGroupId {group_id} is not a group of this tenant"),
            )
        })?;
        self.team_name_free(&name, None)?;
        let members: Vec<Person> = users
            .iter()
            .map(|&id| self.person(id).map_err(|e| e.field("users")))
            .collect::<Result<_, _>>()?;
        let profile = Profile::activated_on(self.today.clone());
        let tenant_id = self.tenant_id;
        self.store
            .transaction(ALL, |tx| {
                let team = Team {
                    id: tx.next_id(ORG_IDS),
                    tenant_id,
                    group_id: group.id,
                    name: name.clone(),
                };
                tx.put(TEAMS, &team.id, &team);
                tx.put(PROFILES, &team.id, &profile);
                for p in &members {
                    let mut p = p.clone();
                    p.team_id = team.id;
                    tx.put(PERSONS, &p.id, &p);
                }
                Ok(team)
            })
            .map_err(internal)
    }

    /// Seed 001 "Teams by ID (with Agents)" PUT.
    pub fn update_team(
        &self,
        id: u64,
        name: Option<&str>,
        group_id: Option<u64>,
    ) -> Result<Team, OrgError> {
        let _guard = write_lock();
        let mut team = self.team(id)?;
        if let Some(name) = name {
            let name = self.check_name("name", name)?;
            self.team_name_free(&name, Some(id))?;
            team.name = name;
        }
        if let Some(g) = group_id {
            team.group_id = self
                .group(g)
                .map_err(|_| {
                    OrgError::invalid(
                        "parentGroupId",
                        format!("parentGroupId {g} is not a group of this tenant"),
                    )
                })?
                .id;
        }
        self.org.teams.put(&team.id, &team);
        Ok(team)
    }

    /// Deletes a team without members; one with members is refused (409) since a person always
    /// belongs to one team. Persons' scopes stop naming it.
    pub fn delete_team(&self, id: u64) -> Result<Team, OrgError> {
        let _guard = write_lock();
        let team = self.team(id)?;
        let persons = self.persons();
        let members = persons.iter().filter(|p| p.team_id == id).count();
        if members > 0 {
            return Err(OrgError::conflict(format!(
                "Team {id} still has {members} member(s): move them to another team first"
            )));
        }
        let scoped: Vec<&Person> = persons
            .iter()
            .filter(|p| p.scope.team_ids.contains(&id))
            .collect();
        self.store
            .transaction(ALL, |tx| {
                tx.remove(TEAMS, &id);
                tx.remove(PROFILES, &id);
                for p in &scoped {
                    let mut p = (*p).clone();
                    p.scope.team_ids.retain(|t| *t != id);
                    tx.put(PERSONS, &p.id, &p);
                }
                Ok(())
            })
            .map_err(internal)?;
        Ok(team)
    }

    /// The team a person joins when moved into `group_id` (seed 001 "Group-Person API"): the
    /// group's team with the smallest id; a group without teams cannot take persons (409).
    pub fn move_to_group(&self, person_id: u64, group_id: u64) -> Result<Person, OrgError> {
        let _guard = write_lock();
        let group = self.group(group_id)?;
        let mut person = self.person(person_id).map_err(|e| e.field("personId"))?;
        let teams: Vec<Team> = self
            .teams()
            .into_iter()
            .filter(|t| t.group_id == group.id)
            .collect();
        if teams.iter().any(|t| t.id == person.team_id) {
            return Ok(person);
        }
        let Some(team) = teams.first() else {
            return Err(OrgError::conflict(format!(
                "Group {group_id} has no team to place person {person_id} in: create one first"
            )));
        };
        person.team_id = team.id;
        self.org.persons.put(&person.id, &person);
        Ok(person)
    }

    /// Persons of the teams of `group_id`, in id order.
    pub fn group_members(&self, group_id: u64) -> Result<Vec<Person>, OrgError> {
        self.group(group_id)?;
        let teams: std::collections::BTreeSet<u64> = self
            .teams()
            .into_iter()
            .filter(|t| t.group_id == group_id)
            .map(|t| t.id)
            .collect();
        Ok(self
            .persons()
            .into_iter()
            .filter(|p| teams.contains(&p.team_id))
            .collect())
    }

    pub fn email_taken(&self, email: &str, except: Option<u64>) -> Result<(), OrgError> {
        match self
            .persons()
            .into_iter()
            .find(|p| p.email.eq_ignore_ascii_case(email) && Some(p.id) != except)
        {
            Some(p) => Err(OrgError::conflict(format!(
                "A person with email '{email}' already exists (id {})",
                p.id
            ))
            .field("email")),
            None => Ok(()),
        }
    }

    /// The default agent role of the tenant (seed 001 Person API: "they will default to default
    /// agent role").
    pub fn default_roles(&self) -> Vec<u64> {
        self.roles()
            .into_iter()
            .filter(|r| r.default_agent_role)
            .map(|r| r.id)
            .take(1)
            .collect()
    }

    /// The team a new person joins when none is named ("it will default to default team"): the
    /// tenant's team with the smallest id.
    pub fn default_team(&self) -> Result<Team, OrgError> {
        self.teams().into_iter().next().ok_or_else(|| {
            OrgError::conflict("The tenant has no team to place a new person in").field("groupId")
        })
    }

    /// Stores a new person (id from the org counter) and its profile.
    pub fn insert_person(&self, mut person: Person, profile: Profile) -> Result<Person, OrgError> {
        let _guard = write_lock();
        self.email_taken(&person.email, None)?;
        person.tenant_id = self.tenant_id;
        self.store
            .transaction(&[PERSONS, PROFILES], |tx| {
                let mut p = person.clone();
                p.id = tx.next_id(ORG_IDS);
                tx.put(PERSONS, &p.id, &p);
                tx.put(PROFILES, &p.id, &profile);
                Ok(p)
            })
            .map_err(internal)
    }

    /// Replaces a person and its profile (the caller has checked the fields).
    pub fn save_person(&self, person: &Person, profile: &Profile) -> Result<(), OrgError> {
        let _guard = write_lock();
        self.email_taken(&person.email, Some(person.id))?;
        self.store
            .transaction(&[PERSONS, PROFILES], |tx| {
                tx.put(PERSONS, &person.id, person);
                tx.put(PROFILES, &person.id, profile);
                Ok(())
            })
            .map_err(internal)
    }

    /// Seed 001 "Roles API" POST: a role of this tenant with the named permissions.
    pub fn create_role(&self, name: &str, permissions: Vec<String>) -> Result<Role, OrgError> {
        let _guard = write_lock();
        let name = self.check_name("name", name)?;
        if let Some(r) = self
            .roles()
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(&name))
        {
            return Err(OrgError::conflict(format!(
                "A role named '{}' already exists (id {})",
                r.name, r.id
            ))
            .field("name"));
        }
        let tenant_id = self.tenant_id;
        self.store
            .transaction(&[ROLES], |tx| {
                let role = Role {
                    id: tx.next_id(ORG_IDS),
                    tenant_id,
                    name: name.clone(),
                    description: String::new(),
                    permissions: permissions.clone(),
                    default_agent_role: false,
                };
                tx.put(ROLES, &role.id, &role);
                Ok(role)
            })
            .map_err(internal)
    }

    /// Tenants the caller sees (seed 001 "Tenant API": "all tenants in your scope"): its own and
    /// those its tenant created through the Tenant API.
    pub fn tenants(&self) -> Vec<(Tenant, Profile)> {
        self.org
            .tenants
            .values()
            .into_iter()
            .map(|t| {
                let p = self.profile(t.id);
                (t, p)
            })
            .filter(|(t, p)| t.id == self.tenant_id || p.created_by_tenant == Some(self.tenant_id))
            .collect()
    }

    /// Seed 001 "Tenant API" POST.
    pub fn create_tenant(
        &self,
        name: &str,
        activated: String,
        deactivated: Option<String>,
    ) -> Result<(Tenant, Profile), OrgError> {
        let _guard = write_lock();
        let name = self.check_name("name", name)?;
        if let Some(t) = self
            .org
            .tenants
            .values()
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(&name))
        {
            return Err(OrgError::conflict(format!(
                "A tenant named '{}' already exists (id {})",
                t.name, t.id
            ))
            .field("name"));
        }
        let profile = Profile {
            activated: Some(activated),
            deactivated,
            created_by_tenant: Some(self.tenant_id),
            ..Profile::default()
        };
        self.store
            .transaction(&[TENANTS, PROFILES], |tx| {
                let tenant = Tenant {
                    id: tx.next_id(ORG_IDS),
                    name: name.clone(),
                };
                tx.put(TENANTS, &tenant.id, &tenant);
                tx.put(PROFILES, &tenant.id, &profile);
                Ok((tenant, profile.clone()))
            })
            .map_err(internal)
    }
}

fn internal(message: String) -> OrgError {
    OrgError::conflict(format!("The org could not be written: {message}"))
}
