//! Walking Genesys entity listings page by page or item by item.
//!
//! Listing responses (`{"entities": [...], "pageNumber": 1, "pageSize": 25, "pageCount": 4,
//! "total": 90, "nextUri": "/api/v2/...?pageNumber=2"}`) are exposed as a [`Page`]; any
//! request for an operation implementing [`Paginated`] can be turned into a stream of pages
//! ([`Request::pages`]) or of items ([`Request::items`]). How the next page is asked for is the
//! operation's [`Paging`]: a page number, the listing's `nextUri`, or — for Chat's message
//! histories — `before`/`after` date-time cursors, walked back or forward in time.
//!
//! ```no_run
//! # async fn run<O: genesys_cloud::runtime::Paginated>(request: genesys_cloud::runtime::Request<O>)
//! # -> genesys_cloud::Result<()> where O::Item: std::fmt::Debug {
//! use futures_util::TryStreamExt;
//!
//! let mut items = std::pin::pin!(request.items());
//! while let Some(item) = items.try_next().await? {
//!     println!("{item:?}");
//! }
//! # Ok(()) }
//! ```

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use futures_core::Stream;
use futures_util::{TryStreamExt, stream};

use super::client::Client;
use super::error::{Error, Result};
use super::operation::Operation;
use super::request::{Request, RequestParts, ToParam};

/// One page of a Genesys entity listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub entities: Vec<T>,
    /// The 1-based number of this page.
    pub page_number: Option<i64>,
    /// The requested page size.
    pub page_size: Option<i64>,
    /// The number of pages.
    pub page_count: Option<i64>,
    /// The total number of items.
    pub total: Option<i64>,
    /// The path and query of the next page, relative to the API base URL.
    pub next_uri: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            entities: Vec::new(),
            page_number: None,
            page_size: None,
            page_count: None,
            total: None,
            next_uri: None,
        }
    }
}

impl<T> Page<T> {
    /// A page holding `entities` and nothing else.
    pub fn new(entities: Vec<T>) -> Self {
        Page {
            entities,
            ..Page::default()
        }
    }
}

/// How the next page of a listing is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// This query parameter (usually `pageNumber`) selects the page.
    PageNumber(&'static str),
    /// The listing's `nextUri` links the next page.
    NextUri,
    /// A time-ordered history: the `before` and `after` query parameters take a date-time, and
    /// the next page starts at the oldest item's date-time (walking back) or the newest one's
    /// (walking forward), as [`Paginated::cursor`] gives it.
    Cursor {
        /// The parameter that ends the window.
        before: &'static str,
        /// The parameter that starts the window.
        after: &'static str,
        /// The page-size parameter, when there is one.
        limit: Option<&'static str>,
    },
}

/// An operation whose response is a Genesys entity listing. Emitted by the code generator.
pub trait Paginated: Operation {
    /// The type of the listed entities.
    type Item: Send + 'static;

    /// How the next page is asked for.
    const PAGING: Paging;

    /// Converts a response to a page.
    fn into_page(output: Self::Output) -> Page<Self::Item>;

    /// The date-time an item holds for [`Paging::Cursor`] walks (`dateCreated`); `None` for
    /// other listings.
    fn cursor(item: &Self::Item) -> Option<DateTime<Utc>> {
        let _ = item;
        None
    }
}

impl<O: Paginated> Request<O> {
    /// The pages of the listing, starting with the one this request asks for.
    ///
    /// With a page-number parameter, pages *n*, *n*+1, … are requested (starting at page 1
    /// unless the request set another) until `pageNumber >= pageCount`, an empty page, or —
    /// when the server gives no `pageCount` — a page shorter than `pageSize`. With `nextUri`,
    /// the link is followed until it is absent or empty.
    ///
    /// A history with `before`/`after` cursors is walked back in time (from now, or from
    /// `before` when the request set it, down to `after` when set), each next page ending
    /// before the oldest item seen; when the request sets only `after`, it is walked forward
    /// instead, each next page starting after the newest item seen. The walk ends at an empty
    /// page or one shorter than `limit` (when set).
    ///
    /// A server that repeats a `nextUri`, ignores the page number or does not move a cursor
    /// ends the walk rather than looping. An error ends the stream after being yielded.
    pub fn pages(self) -> impl Stream<Item = Result<Page<O::Item>>> + Send + 'static {
        let (client, parts) = self.into_parts();
        let walker = Walker::new(client, parts, O::PAGING);
        stream::unfold(State::Walk(Box::new(walker)), move |state| async move {
            let mut walker = match state {
                State::Walk(walker) => walker,
                State::Fail(error) => return Some((Err(error), State::Done)),
                State::Done => return None,
            };
            let parts = walker.request();
            match Request::<O>::new(walker.client.clone(), parts).send().await {
                Err(error) => Some((Err(error), State::Done)),
                Ok(output) => {
                    let page = O::into_page(output);
                    let info = PageInfo {
                        len: page.entities.len(),
                        page_number: page.page_number,
                        page_size: page.page_size,
                        page_count: page.page_count,
                        next_uri: page.next_uri.clone(),
                        oldest: page.entities.iter().filter_map(O::cursor).min(),
                        newest: page.entities.iter().filter_map(O::cursor).max(),
                    };
                    let next = match walker.advance(info) {
                        Ok(true) => State::Walk(walker),
                        Ok(false) => State::Done,
                        Err(error) => State::Fail(error),
                    };
                    Some((Ok(page), next))
                }
            }
        })
    }

    /// The items of every page, in order (see [`pages`](Self::pages) for how pages are
    /// walked).
    pub fn items(self) -> impl Stream<Item = Result<O::Item>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(page.entities.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Collects the items of every page.
    pub async fn collect_items(self) -> Result<Vec<O::Item>> {
        self.items().try_collect().await
    }
}

enum State {
    Walk(Box<Walker>),
    Fail(Error),
    Done,
}

/// The facts about a page that decide whether there is a next one.
struct PageInfo {
    len: usize,
    page_number: Option<i64>,
    page_size: Option<i64>,
    page_count: Option<i64>,
    next_uri: Option<String>,
    /// The earliest and latest cursor date-time of the page's items (cursor walks).
    oldest: Option<DateTime<Utc>>,
    newest: Option<DateTime<Utc>>,
}

enum Mode {
    PageNumber {
        param: &'static str,
        next: i64,
    },
    NextUri {
        seen: HashSet<String>,
    },
    Cursor {
        /// The parameter the walk moves: `before` walking back, `after` walking forward.
        moving: &'static str,
        backward: bool,
        limit: Option<usize>,
        last: Option<DateTime<Utc>>,
    },
}

/// The non-generic part of a listing walk: which request comes next.
struct Walker {
    client: Client,
    parts: RequestParts,
    mode: Mode,
}

impl Walker {
    fn new(client: Client, parts: RequestParts, paging: Paging) -> Self {
        let mode = match paging {
            Paging::PageNumber(param) => {
                let next = parts
                    .query(param)
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(1);
                Mode::PageNumber { param, next }
            }
            Paging::NextUri => Mode::NextUri {
                seen: HashSet::new(),
            },
            Paging::Cursor {
                before,
                after,
                limit,
            } => {
                let backward = parts.query(before).is_some() || parts.query(after).is_none();
                Mode::Cursor {
                    moving: if backward { before } else { after },
                    backward,
                    limit: limit
                        .and_then(|name| parts.query(name))
                        .and_then(|v| v.parse().ok()),
                    last: None,
                }
            }
        };
        Walker {
            client,
            parts,
            mode,
        }
    }

    /// The parts for the page to fetch now.
    fn request(&mut self) -> RequestParts {
        if let Mode::PageNumber { param, next } = &self.mode {
            self.parts.set_query(param, *next);
        }
        self.parts.clone()
    }

    /// Decides, from the page just received, whether to continue (`true`) and prepares the next
    /// request.
    fn advance(&mut self, page: PageInfo) -> Result<bool> {
        if page.len == 0 {
            return Ok(false);
        }
        let op = self.parts.meta().method_name;
        match &mut self.mode {
            Mode::PageNumber { next, .. } => {
                let requested = *next;
                let current = page.page_number.unwrap_or(requested);
                if current < requested {
                    tracing::warn!(
                        operation = op,
                        requested,
                        received = current,
                        "server ignored the page number; stopping pagination"
                    );
                    return Ok(false);
                }
                let more = match (page.page_count, page.page_size) {
                    (Some(count), _) => current < count,
                    (None, Some(size)) => i64::try_from(page.len).unwrap_or(i64::MAX) >= size,
                    (None, None) => page
                        .next_uri
                        .as_deref()
                        .is_some_and(|u| !u.trim().is_empty()),
                };
                match current.checked_add(1) {
                    Some(n) if more => {
                        *next = n;
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            }
            Mode::Cursor {
                moving,
                backward,
                limit,
                last,
            } => {
                if limit.is_some_and(|limit| page.len < limit) {
                    return Ok(false);
                }
                let Some(cursor) = (if *backward { page.oldest } else { page.newest }) else {
                    return Ok(false);
                };
                let moved = match *last {
                    None => true,
                    Some(last) if *backward => cursor < last,
                    Some(last) => cursor > last,
                };
                if !moved {
                    tracing::warn!(
                        operation = op,
                        "server returned no older or newer items than the last page; stopping pagination"
                    );
                    return Ok(false);
                }
                *last = Some(cursor);
                self.parts.set_query(moving, cursor.to_param());
                Ok(true)
            }
            Mode::NextUri { seen } => {
                let Some(link) = page.next_uri.filter(|u| !u.trim().is_empty()) else {
                    return Ok(false);
                };
                if !seen.insert(link.clone()) {
                    tracing::warn!(
                        operation = op,
                        "server repeated a nextUri; stopping pagination"
                    );
                    return Ok(false);
                }
                let path_and_query = self.client.resolve_link(op, &link)?;
                self.parts.set_link(path_and_query);
                Ok(true)
            }
        }
    }
}
