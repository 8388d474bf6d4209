//! Hostile sizes: repeated and huge inputs are refused or handled at a cost linear in their size,
//! measured as work done (files, bytes written), never as time.

use crate::support::TestSite;

#[test]
fn an_event_named_again_in_a_post_is_refused_at_the_repeat() {
    let entries = "  - stammtisch\n".repeat(1_000);
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            &format!("title: Bericht\ndate: 2025-12-01\nevents:\n{}", entries.trim_end()),
            "Text.",
        )
        .build(&[])
        .fails()
        .reports("content/posts/bericht.md:6:5: the event `stammtisch` is listed twice in `events` (and 998 more repeats)")
        .reports("remove this line");
    TestSite::fixture("calendar")
        .post(
            "bericht.md",
            "title: Bericht\ndate: 2025-12-01\nevents: [stammtisch, fruehstueck, Stammtisch]",
            "Text.",
        )
        .build(&[])
        .fails()
        .reports("content/posts/bericht.md:4:35: the event `Stammtisch` is listed twice");
}
