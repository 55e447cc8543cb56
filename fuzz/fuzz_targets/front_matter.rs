//! Fuzzes front matter splitting, YAML parsing and field checks with arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = annexa::source::front_matter::parse("fuzz.md", &text);
    for d in &parsed.diagnostics {
        if let Some(l) = &d.location {
            assert!(l.line <= text.split('\n').count().max(1), "{d:?}");
        }
    }
    assert!(parsed.body_offset <= text.len());
});
