//! Fuzzes soa.yaml parsing and checks with arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (_, diagnostics) = annexa::source::soa::parse(&text);
    for d in &diagnostics {
        if let Some(l) = &d.location {
            assert!(l.line <= text.split('\n').count().max(1), "{d:?}");
        }
    }
});
