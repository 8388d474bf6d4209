//! Bounds on the work of rendering one page, so that a template gone wrong (a loop over
//! `range(end=100000000)`, output that never ends) fails with a message instead of taking all
//! the memory of the machine.
//!
//! What a macro call or a `{% filter %}` section renders, Tera collects in memory before it
//! reaches the page, so it counts against the page's size only once the macro returns. The
//! budget of `range` numbers still bounds how often a loop in it can run.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::Write;

use tera::Value;

/// The largest page a template may produce. The biggest pages of real sites (a tag list of
/// 100,000 tags, a listing of many long summaries) stay well below it.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// How many numbers all the `range(…)` calls of one page may produce together. Counting them
/// per page also bounds loops in loops, whose inner `range` is called again on every round.
pub const MAX_RANGE_NUMBERS: usize = 1_000_000;

thread_local! {
    /// What is left of [`MAX_RANGE_NUMBERS`] for the page being rendered on this thread. Tera
    /// renders a page on one thread from start to end, and calls its functions on that thread.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(MAX_RANGE_NUMBERS) };
}

/// Renders the template `name` within the limits.
pub fn render(tera: &tera::Tera, name: &str, context: &tera::Context) -> tera::Result<String> {
    RANGE_LEFT.set(MAX_RANGE_NUMBERS);
    let mut page = LimitedPage(Vec::with_capacity(8 * 1024));
    tera.render_to(name, context, &mut page)?;
    String::from_utf8(page.0).map_err(|_| tera::Error::msg("the page is not valid UTF-8"))
}

/// Whether rendering failed on one of the limits: a page too large or a `range` too long.
pub fn is_limit(error: &tera::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        let hit = error
            .downcast_ref::<tera::Error>()
            .is_some_and(|error| match &error.kind {
                tera::ErrorKind::Io(_) => true,
                tera::ErrorKind::CallFunction(function) => function == "range",
                _ => false,
            });
        if hit {
            return true;
        }
        cause = error.source();
    }
    false
}

struct LimitedPage(Vec<u8>);

impl Write for LimitedPage {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_PAGE_BYTES {
            return Err(std::io::Error::other(format!(
                "the page would be larger than {} MB, the most a page may be",
                MAX_PAGE_BYTES / 1024 / 1024
            )));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(start=0, end, step_by=1)`, counted against the page's budget of numbers.
pub fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(key) {
            Some(value) => value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` received {key}={value}, but {key} must be a whole number, 0 or more"
                ))
            }),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{key}`"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if step == 0 {
        return Err(tera::Error::msg(
            "`range` received step_by=0, which never ends",
        ));
    }
    if start > end {
        return Err(tera::Error::msg(format!(
            "`range` received start={start} greater than end={end}"
        )));
    }
    let count = (end - start).div_ceil(step);
    let left = RANGE_LEFT.get();
    if count > left {
        return Err(tera::Error::msg(format!(
            "`range(…)` would count {count} numbers, more than the {MAX_RANGE_NUMBERS} a page may count in all its loops ({} are left)",
            left
        )));
    }
    RANGE_LEFT.set(left - count);
    Ok(Value::Array(
        (start..end).step_by(step).map(Value::from).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(template: &str) -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.register_function("range", range);
        tera.add_raw_template("t.html", template).unwrap();
        tera
    }

    fn rendered(template: &str) -> tera::Result<String> {
        render(&tera(template), "t.html", &tera::Context::new())
    }

    fn message(error: tera::Error) -> String {
        let mut text = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            text.push_str(&format!(": {inner}"));
            cause = inner.source();
        }
        text
    }

    #[test]
    fn range_counts_as_tera_s_does() {
        assert_eq!(
            rendered("{% for i in range(end=5) %}{{ i }}{% endfor %}|{% for i in range(start=2, end=9, step_by=3) %}{{ i }}{% endfor %}").unwrap(),
            "01234|258"
        );
        assert!(
            message(rendered("{{ range(end=1, step_by=0) }}").unwrap_err()).contains("never ends")
        );
    }

    #[test]
    fn a_huge_range_is_refused_before_it_is_made() {
        let error =
            message(rendered("{% for i in range(end=100000000) %}x{% endfor %}").unwrap_err());
        assert!(error.contains("would count 100000000 numbers"), "{error}");
    }

    #[test]
    fn loops_in_loops_share_the_page_s_budget() {
        let error = message(
            rendered("{% for i in range(end=1000) %}{% for j in range(end=1001) %}{% endfor %}{% endfor %}")
                .unwrap_err(),
        );
        assert!(
            error.contains("more than the 1000000 a page may count"),
            "{error}"
        );
        // Every page starts with the whole budget.
        let tera = tera("{% for i in range(end=600000) %}{% endfor %}");
        for _ in 0..3 {
            render(&tera, "t.html", &tera::Context::new()).unwrap();
        }
    }

    #[test]
    fn output_beyond_the_limit_stops_the_page() {
        let mut context = tera::Context::new();
        context.insert("chunk", &"x".repeat(1024 * 1024));
        let tera = tera("{% for i in range(end=100) %}{{ chunk }}{% endfor %}");
        let error = message(render(&tera, "t.html", &context).unwrap_err());
        assert!(error.contains("larger than 64 MB"), "{error}");
    }
}
