//! inContact WFO (seed 003 "API Overview"): recording commands for an agent found by any
//! AgentIdentifier (`Id`, `CrmUsername`, `Phone`, `SystemUsername`, `Username`), answered 200,
//! or 404 when the agent, its call or a body parameter cannot be found; plus the agent read side
//! its clients use. Errors are `{"Message": "..."}` as ASP.NET Web API writes them.

pub mod agents;
pub mod record;
