//! The preview's HTTP side: the site's files from memory with their content types, the live
//! reload script in every HTML page, and the event stream that tells pages about rebuilds.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;
use tokio_stream::{Stream, StreamExt, wrappers::WatchStream};

use super::LiveState;
use super::files::{Served as File, SiteFiles};
use crate::images::background::Background;
use crate::model::routes;

/// Paths of the preview's own, kept apart from any site's paths.
const LIVE_EVENTS: &str = "/__treffpunkt/events";
const LIVE_SCRIPT: &str = "/__treffpunkt/live.js";

#[derive(Clone)]
struct Served {
    files: Arc<SiteFiles>,
    live: watch::Receiver<LiveState>,
    images: Background,
}

pub fn router(
    files: Arc<SiteFiles>,
    live: watch::Receiver<LiveState>,
    images: Background,
) -> Router {
    Router::new()
        .route(LIVE_EVENTS, get(events))
        .route(LIVE_SCRIPT, get(script))
        .fallback(site_file)
        .with_state(Served {
            files,
            live,
            images,
        })
}

/// The current state at once, then one message per change: pages compare its generation with
/// their own and reload, swap stylesheets or show the problems.
async fn events(
    State(served): State<Served>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(served.live).map(|state| {
        let json = serde_json::to_string(&state).unwrap_or_default();
        Ok(Event::default().data(json))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Body::from(include_str!("live.js")),
    )
}

async fn site_file(State(served): State<Served>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "The preview serves files: only GET and HEAD are allowed.",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let file = match requested_file(uri.path()) {
        Ok(file) => file,
        Err(refusal) => return plain(StatusCode::BAD_REQUEST, refusal),
    };
    // Read the generation before the file: a page newer than its generation reloads once more,
    // while the other way round a page could stay stale.
    let generation = served.live.borrow().generation;
    match served.files.get(&file) {
        Some(File::Bytes(bytes)) => return site_response(StatusCode::OK, &file, bytes, generation),
        Some(File::Cached(cached)) => {
            return match cached_file(&served.images, cached.clone()).await {
                Ok(bytes) => {
                    served.files.settle(&file, &cached, bytes.clone());
                    site_response(StatusCode::OK, &file, bytes, generation)
                }
                Err(problem) => respond(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "text/plain; charset=utf-8",
                    Body::from(problem),
                ),
            };
        }
        None => {}
    }
    let folder_index = format!("{file}/index.html");
    if !uri.path().ends_with('/') && served.files.get(&folder_index).is_some() {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        let mut response = respond(
            StatusCode::FOUND,
            "text/plain; charset=utf-8",
            Body::empty(),
        );
        if let Ok(location) = HeaderValue::from_str(&format!("{}/{query}", uri.path())) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let not_found_file = routes::file_path(routes::NOT_FOUND);
    let not_found = match served.files.get(&not_found_file) {
        Some(File::Bytes(page)) => page,
        _ => Bytes::from_static(
            b"<!doctype html><title>Not built yet</title><body><p>The site could not be built yet: the terminal shows why.</p></body>",
        ),
    };
    site_response(
        StatusCode::NOT_FOUND,
        &not_found_file,
        not_found,
        generation,
    )
}

/// The bytes of a variant in the image cache, once the background made it; or why there are
/// none. The request waits on the runtime without holding its thread, and reads on a thread
/// meant for blocking.
async fn cached_file(images: &Background, cached: PathBuf) -> Result<Bytes, String> {
    images.made(&cached).await.map_err(|problems| {
        // Worded as `build` words it.
        format!("This image could not be made.\n{problems}")
    })?;
    let read = cached.clone();
    match tokio::task::spawn_blocking(move || std::fs::read(read)).await {
        Ok(Ok(bytes)) => Ok(Bytes::from(bytes)),
        Ok(Err(error)) => Err(format!(
            "Cannot read {}: {error}. Saving a file of the site makes it again.",
            cached.display()
        )),
        Err(error) => Err(format!("Reading {} failed: {error}", cached.display())),
    }
}

/// The site path of the file a request names, or why it is refused. The files are served from
/// memory, so nothing outside the site can be reached anyway; refusing such paths outright says
/// clearly that they are not meant to work.
fn requested_file(raw_path: &str) -> Result<String, &'static str> {
    let lower = raw_path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00", "\\"]
        .iter()
        .any(|encoded| lower.contains(encoded))
    {
        return Err("Encoded slashes, backslashes and NUL are not allowed in a path.");
    }
    let path = percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| "The path is not valid UTF-8.")?;
    let Some(rest) = path.strip_prefix('/') else {
        return Err("A path must start with `/`.");
    };
    let segments: Vec<&str> = rest.split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        if matches!(*segment, "." | "..") {
            return Err("`.` and `..` are not allowed in a path.");
        }
        if segment.is_empty() && index + 1 < segments.len() {
            return Err("Empty path segments (`//`) are not allowed.");
        }
    }
    Ok(routes::file_path(&path))
}

fn site_response(status: StatusCode, file: &str, bytes: Bytes, generation: u64) -> Response {
    let content_type = content_type(file);
    let body = if content_type.starts_with("text/html") {
        Body::from(with_live_script(&bytes, generation))
    } else {
        Body::from(bytes)
    };
    respond(status, &content_type, body)
}

fn respond(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A preview shows the file as it is now, never a copy from the browser's cache.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", Body::from(message))
}

fn content_type(file: &str) -> String {
    let extension = file
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8".into(),
        Some("css") => "text/css; charset=utf-8".into(),
        Some("js" | "mjs") => "text/javascript; charset=utf-8".into(),
        Some("json") => "application/json".into(),
        Some("xml") => "application/xml; charset=utf-8".into(),
        Some("ics") => "text/calendar; charset=utf-8".into(),
        Some("txt") => "text/plain; charset=utf-8".into(),
        _ => mime_guess::from_path(file)
            .first_or_octet_stream()
            .essence_str()
            .to_owned(),
    }
}

/// The page with the live reload script before `</body>` (or at the end when there is none).
fn with_live_script(html: &[u8], generation: u64) -> Vec<u8> {
    let tag =
        format!("<script src=\"{LIVE_SCRIPT}\" data-generation=\"{generation}\" defer></script>");
    let body_end = html
        .windows(b"</body".len())
        .rposition(|window| window.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + tag.len());
    page.extend_from_slice(&html[..body_end]);
    page.extend_from_slice(tag.as_bytes());
    page.extend_from_slice(&html[body_end..]);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for path in [
            "/../secret",
            "/blog/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E/%2e%2e/secret",
            "/blog%2f..%2fsecret",
            "/blog%5c..%5csecret",
            "//etc/passwd",
            "/./site.toml",
            "/a\\..\\b",
        ] {
            assert!(requested_file(path).is_err(), "{path} was accepted");
        }
    }

    #[test]
    fn site_paths_name_their_files() {
        assert_eq!(requested_file("/").unwrap(), "/index.html");
        assert_eq!(requested_file("/blog/").unwrap(), "/blog/index.html");
        assert_eq!(requested_file("/feed.xml").unwrap(), "/feed.xml");
        assert_eq!(
            requested_file("/tags/f%C3%BChrung/").unwrap(),
            "/tags/führung/index.html"
        );
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = with_live_script(b"<p>&lt;/body&gt;</p></BODY></html>", 7);
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("defer></script></BODY></html>"), "{page}");
        assert!(page.contains("data-generation=\"7\""));
    }
}
