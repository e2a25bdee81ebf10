//! Every example of `docs/` as a test named by its id, replayed against a
//! stub built from the example and compared with its snapshot under
//! `snapshots/replay/`. New snapshots: `cargo insta review`.

fn main() {
    mdcontract::harness::Harness::new("docs").run();
}
