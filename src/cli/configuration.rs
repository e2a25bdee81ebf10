//! The configuration a command runs with: the file, then the flags.

use std::path::Path;

use crate::config::{CONFIG_ENV, Config, parse_versioned};

/// The configuration: `--config`, else `MDCONTRACT_CONFIG`, else the nearest
/// `mdcontract.toml` upward from the current directory; then the flags.
pub(super) fn configuration(
    flag: Option<&Path>,
    metadata: &[String],
    permissions: &[String],
) -> Result<Config, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let loaded =
        Config::resolve(flag, std::env::var_os(CONFIG_ENV), &cwd).map_err(|e| e.to_string())?;
    let mut config = loaded.map(|l| l.config).unwrap_or_default();
    config.merge_cli(
        metadata.iter().map(|a| parse_versioned(a)).collect(),
        permissions.iter().map(|a| parse_versioned(a)).collect(),
    );
    Ok(config)
}
