//! Pagination over `pageNumber` and over `nextUri`.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use genesys_cloud::runtime::{
    Client, Error, Json, Operation, Page, Paginated, Paging, Permissions, Request, RequestParts,
};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{bearer_builder, request_count, test_operation};

#[derive(Debug, Deserialize, PartialEq)]
struct Room {
    id: String,
}

/// A Genesys entity listing.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoomListing {
    entities: Option<Vec<Room>>,
    page_number: Option<i64>,
    page_size: Option<i64>,
    page_count: Option<i64>,
    total: Option<i64>,
    next_uri: Option<String>,
}

fn listing_into_page(listing: RoomListing) -> Page<Room> {
    Page {
        entities: listing.entities.unwrap_or_default(),
        page_number: listing.page_number,
        page_size: listing.page_size,
        page_count: listing.page_count,
        total: listing.total,
        next_uri: listing.next_uri,
    }
}

test_operation! {
    /// Paged by `pageNumber`.
    struct GetRooms: Get "/api/v2/rooms" -> RoomListing {
        method_name: "getRooms",
        permissions: Permissions::None,
        summary: "List rooms",
        decoder: Json,
    }
}
impl Paginated for GetRooms {
    type Item = Room;
    const PAGING: Paging = Paging::PageNumber("pageNumber");
    fn into_page(output: RoomListing) -> Page<Room> {
        listing_into_page(output)
    }
}

test_operation! {
    /// Paged by `nextUri` (cursor).
    struct GetRoomsCursor: Get "/api/v2/cursor/rooms" -> RoomListing {
        method_name: "getRoomsCursor",
        permissions: Permissions::None,
        summary: "List rooms by cursor",
        decoder: Json,
    }
}
impl Paginated for GetRoomsCursor {
    type Item = Room;
    const PAGING: Paging = Paging::NextUri;
    fn into_page(output: RoomListing) -> Page<Room> {
        listing_into_page(output)
    }
}

fn client(server: &MockServer) -> Client {
    bearer_builder(&server.uri(), "tok").build().expect("valid")
}

fn get_rooms(client: &Client) -> Request<GetRooms> {
    let mut parts = RequestParts::new(GetRooms::META);
    parts.set_query("pageSize", 3);
    client.request(parts)
}

fn rooms(ids: &[&str]) -> serde_json::Value {
    ids.iter().map(|id| json!({ "id": id })).collect()
}

async fn mount_page(server: &MockServer, page: &str, body: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path("/api/v2/rooms"))
        .and(query_param("pageNumber", page))
        .and(query_param("pageSize", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

async fn mount_three_pages(server: &MockServer) {
    for (n, ids) in [
        ("1", vec!["a", "b", "c"]),
        ("2", vec!["d", "e", "f"]),
        ("3", vec!["g"]),
    ] {
        mount_page(
            server,
            n,
            json!({
                "entities": rooms(&ids),
                "pageNumber": n.parse::<i64>().unwrap_or_default(),
                "pageSize": 3,
                "pageCount": 3,
                "total": 7,
                "nextUri": if n == "3" { serde_json::Value::Null } else { json!(format!("/api/v2/rooms?pageSize=3&pageNumber={}", n.parse::<i64>().unwrap_or_default() + 1)) },
            }),
        )
        .await;
    }
}

fn ids(items: &[Room]) -> Vec<&str> {
    items.iter().map(|r| r.id.as_str()).collect()
}

#[tokio::test]
async fn walks_three_pages_by_page_number() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);
    let pages: Vec<Page<Room>> = get_rooms(&client)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].page_number, Some(3));
    assert_eq!(pages[0].total, Some(7));
    server.verify().await; // exactly one request per page
    server.reset().await;

    mount_three_pages(&server).await;
    let items: Vec<Room> = get_rooms(&client)
        .items()
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e", "f", "g"]);
}

#[tokio::test]
async fn starts_at_the_page_the_caller_set() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "2",
        json!({ "entities": rooms(&["d"]), "pageNumber": 2, "pageSize": 3, "pageCount": 3 }),
    )
    .await;
    mount_page(
        &server,
        "3",
        json!({ "entities": rooms(&["g"]), "pageNumber": 3, "pageSize": 3, "pageCount": 3 }),
    )
    .await;
    let client = client(&server);
    let mut request = get_rooms(&client);
    request.parts_mut().set_query("pageNumber", 2);
    let items = request.collect_items().await.expect("items");
    assert_eq!(ids(&items), ["d", "g"]);
}

#[tokio::test]
async fn without_page_count_stops_on_a_short_page() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "1",
        json!({ "entities": rooms(&["a", "b", "c"]), "pageSize": 3 }),
    )
    .await;
    mount_page(
        &server,
        "2",
        json!({ "entities": rooms(&["d", "e"]), "pageSize": 3 }),
    )
    .await;
    let items = get_rooms(&client(&server))
        .collect_items()
        .await
        .expect("items");
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn stops_on_an_empty_page() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "1",
        json!({ "entities": rooms(&["a", "b", "c"]), "pageSize": 3, "pageCount": 9 }),
    )
    .await;
    mount_page(
        &server,
        "2",
        json!({ "entities": [], "pageSize": 3, "pageCount": 9 }),
    )
    .await;
    let items = get_rooms(&client(&server))
        .collect_items()
        .await
        .expect("items");
    assert_eq!(ids(&items), ["a", "b", "c"]);
}

#[tokio::test]
async fn stops_when_the_server_ignores_the_page_number() {
    let server = MockServer::start().await;
    // Always page 1, no page count: must not loop forever.
    Mock::given(method("GET"))
        .and(path("/api/v2/rooms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "entities": rooms(&["a", "b", "c"]), "pageNumber": 1, "pageSize": 3 }),
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let items = tokio::time::timeout(Duration::from_secs(5), get_rooms(&client).collect_items())
        .await
        .expect("terminates")
        .expect("items");
    assert_eq!(
        items.len(),
        6,
        "page 1, then page 2 request answered with page 1 again"
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "1",
        json!({ "entities": rooms(&["a", "b", "c"]), "pageNumber": 1, "pageSize": 3, "pageCount": 3 }),
    )
    .await;
    Mock::given(method("GET"))
        .and(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "gone" })))
        .mount(&server)
        .await;
    let client = client(&server);
    let results: Vec<_> = get_rooms(&client).pages().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn follows_next_uri() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/cursor/rooms"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": rooms(&["a", "b"]),
            "nextUri": "/api/v2/cursor/rooms?cursor=c2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/cursor/rooms"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": rooms(&["c"]),
            // An absolute link on the same origin is fine too.
            "nextUri": format!("{}/api/v2/cursor/rooms?cursor=c3", server.uri())
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/cursor/rooms"))
        .and(query_param("cursor", "c3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": rooms(&["d"]),
            "nextUri": ""
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let pages: Vec<Page<Room>> = client
        .request::<GetRoomsCursor>(RequestParts::new(GetRoomsCursor::META))
        .pages()
        .try_collect()
        .await
        .expect("pages");
    let counts: Vec<usize> = pages.iter().map(|p| p.entities.len()).collect();
    assert_eq!(counts, [2, 1, 1]);
}

#[tokio::test]
async fn a_repeated_next_uri_ends_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/cursor/rooms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": rooms(&["a"]),
            "nextUri": "/api/v2/cursor/rooms?cursor=same"
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let walk = client
        .request::<GetRoomsCursor>(RequestParts::new(GetRoomsCursor::META))
        .collect_items();
    let items = tokio::time::timeout(Duration::from_secs(5), walk)
        .await
        .expect("terminates")
        .expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_next_uri_to_another_host_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/cursor/rooms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": rooms(&["a"]),
            "nextUri": "https://attacker.example.com/api/v2/cursor/rooms?cursor=x"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut stream = Box::pin(
        client
            .request::<GetRoomsCursor>(RequestParts::new(GetRoomsCursor::META))
            .items(),
    );
    assert_eq!(
        stream
            .next()
            .await
            .map(|r| r.map(|room| room.id))
            .transpose()
            .ok()
            .flatten(),
        Some("a".to_owned())
    );
    let err = stream.next().await.expect("an error").unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
    assert!(stream.next().await.is_none());
}
