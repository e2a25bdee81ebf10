//! `mdcontract drift`.

use super::Outcome;
use super::args::DriftArgs;

pub fn run(args: DriftArgs) -> Outcome {
    let _ = args;
    Outcome::RunError("drift: not implemented yet".to_string())
}
