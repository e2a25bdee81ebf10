//! Choosing a target by name (`MDCONTRACT_TARGET`, the CLI).

use std::sync::Arc;

use super::live::env::builder_from_env;
use super::stub::StubTarget;
use super::target::{Target, TargetError};

/// Which target to replay against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// wiremock stubs serving the documented responses.
    Stub,
    /// A live service ([`crate::replay::LiveTarget`]).
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
    /// Builds the target; a live one from the environment
    /// ([`crate::replay::live::env::builder_from_env`]). A live target is
    /// meant for [`crate::replay::Replayer::live`] (live checks,
    /// placeholders, redaction), which takes the concrete
    /// [`crate::replay::LiveTarget`]: build that with `builder_from_env`
    /// rather than through this.
    pub fn build(self) -> Result<Arc<dyn Target>, TargetError> {
        match self {
            TargetKind::Stub => Ok(Arc::new(StubTarget::new()?)),
            TargetKind::Live => {
                let builder = builder_from_env(|name| std::env::var(name).ok())
                    .map_err(TargetError::Unavailable)?;
                Ok(Arc::new(builder.build()?))
            }
        }
    }
}
