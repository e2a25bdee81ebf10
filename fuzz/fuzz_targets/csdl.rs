//! The CSDL reader and the permissions reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::permissions::PermissionScopes;

fuzz_target!(|xml: &str| {
    let _ = Csdl::parse(xml);
    let _ = PermissionScopes::parse(xml);
});
