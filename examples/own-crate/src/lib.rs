//! The crate whose API `docs/` documents (here: nothing but the docs).
