//! Choosing a target by name (`MDCONTRACT_TARGET`, the CLI).

use std::sync::Arc;

use super::stub::StubTarget;
use super::target::{Target, TargetError};

/// Which target to replay against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// wiremock stubs serving the documented responses.
    Stub,
    /// A live service. Not implemented yet.
    Live,
}

impl std::str::FromStr for TargetKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "stub" | "" => Ok(TargetKind::Stub),
            "live" => Ok(TargetKind::Live),
            other => Err(format!("unknown target `{other}`: use `stub` or `live`")),
        }
    }
}

impl TargetKind {
    /// Builds the target. Live mode is not implemented yet and says so.
    pub fn build(self) -> Result<Arc<dyn Target>, TargetError> {
        match self {
            TargetKind::Stub => Ok(Arc::new(StubTarget::new()?)),
            TargetKind::Live => Err(TargetError::Unavailable(
                "live mode is not implemented yet: only the stub target exists (MDCONTRACT_TARGET=stub)"
                    .to_string(),
            )),
        }
    }
}
