//! The tests' one clock: every command a test runs reads this time through `SOURCE_DATE_EPOCH`
//! (shared by the integration tests and the fuzzer through `#[path]`).

/// "Now" for every test that does not name another time.
pub const NOW: &str = "2026-11-21T10:00:00Z";

/// `time` (RFC 3339) as seconds since 1970, the form `SOURCE_DATE_EPOCH` takes.
pub fn epoch(time: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(time)
        .unwrap_or_else(|error| panic!("`{time}` is not an RFC 3339 time: {error}"))
        .timestamp()
}
