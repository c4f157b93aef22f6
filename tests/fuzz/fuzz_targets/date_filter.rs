#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    incident_mapper::input::fuzz::date_filter(data);
});
