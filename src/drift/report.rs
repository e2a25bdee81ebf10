//! See the module documentation of `drift`.
