//! Request building and response handling against a real HTTP server on loopback.

use std::time::{Duration, Instant};

use genesys_cloud::runtime::{
    ArrayStyle, Client, ClientBuilder, Empty, Error, Json, Operation, Permissions, Request,
    RequestParts, RetryPolicy,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{
    GetThing, PostThing, Thing, bearer_builder, fast_retries, get_thing, post_thing,
    received_paths, request_count, test_operation,
};

const TOKEN: &str = "tok-static-abc123";

// ---- hand-written test operations (what the generator will emit) ----

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct ThingListing {
    entities: Vec<Thing>,
}

test_operation! {
    struct ListThings: Get "/api/v2/things" -> ThingListing {
        method_name: "getThings",
        permissions: Permissions::None,
        summary: "List things",
        decoder: Json,
    }
}

test_operation! {
    struct DeleteThing: Delete "/api/v2/things/{thingId}" -> () {
        method_name: "deleteThing",
        permissions: Permissions::None,
        summary: "Delete a thing",
        decoder: Empty,
    }
}

fn builder(server: &MockServer) -> ClientBuilder {
    bearer_builder(&server.uri(), TOKEN).retry_policy(fast_retries())
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("valid client")
}

fn thing_json(id: &str) -> serde_json::Value {
    json!({ "id": id, "dateCreated": "2024-05-01T12:00:00.000Z" })
}

// ---- tests ----

#[test]
fn public_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Client>();
    send_sync::<Error>();
    send_sync::<RequestParts>();
    send::<Request<GetThing>>();
    send::<genesys_cloud::runtime::ResponseFuture<Thing>>();
}

#[tokio::test]
async fn path_params_arrive_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/api/v2/things/[^/]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json("x")))
        .mount(&server)
        .await;
    let client = client(&server);
    let cases = [
        ("abc@conference.example.com", "abc@conference.example.com"),
        ("a/b", "a%2Fb"),
        ("../admin", "..%2Fadmin"),
        ("what?x=1#frag", "what%3Fx%3D1%23frag"),
        ("100%", "100%25"),
        ("hello world", "hello%20world"),
        ("%2e%2e", "%252e%252e"),
        ("ünï", "%C3%BCn%C3%AF"),
    ];
    for (value, _) in cases {
        get_thing(&client, value).await.expect("request succeeds");
    }
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, encoded)| format!("/api/v2/things/{encoded}"))
        .collect();
    assert_eq!(received_paths(&server).await, expected);
}

#[tokio::test]
async fn dot_segments_and_empty_path_params_are_rejected_without_a_request() {
    let server = MockServer::start().await;
    let client = client(&server);
    for bad in ["..", ".", ""] {
        let err = get_thing(&client, bad).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest {
                    operation: Some("getThing"),
                    ..
                }
            ),
            "{bad:?}: {err}"
        );
    }
    assert!(received_paths(&server).await.is_empty());
}

#[tokio::test]
async fn query_params_replace_and_serialize_arrays() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [] })))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut request: Request<ListThings> = client.request(RequestParts::new(ListThings::META));
    let parts = request.parts_mut();
    parts.set_query("pageSize", 25);
    parts.set_query("pageSize", 100); // replaces
    parts.set_query("name", "a&b=c d");
    parts.set_query_array("id", &["x", "y,z"], ArrayStyle::Multi);
    parts.set_query_array("expand", &["owner", "members"], ArrayStyle::Csv);
    parts.set_query("active", true);
    request.await.expect("request succeeds");

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some("pageSize=100&name=a%26b%3Dc%20d&id=x&id=y%2Cz&expand=owner,members&active=true")
    );
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(pairs.contains(&("name".into(), "a&b=c d".into())));
    assert!(pairs.contains(&("id".into(), "y,z".into())));
}

#[tokio::test]
async fn default_custom_and_standard_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header(
            "user-agent",
            concat!(
                "test-app/1.0 genesys-cloud-rust/",
                env!("CARGO_PKG_VERSION")
            ),
        ))
        .and(header("x-team", "support"))
        .and(header("x-request-tag", "abc"))
        .and(body_json(json!({ "name": "widget" })))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json("new")))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .user_agent("test-app/1.0")
        .default_header("X-Team", "support")
        .build()
        .expect("valid");
    let created = post_thing(&client, "widget")
        .header("X-Request-Tag", "abc")
        .await
        .expect("request succeeds");
    assert_eq!(created.id, "new");
}

#[tokio::test]
async fn default_user_agent_names_the_crate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header(
            "user-agent",
            concat!("genesys-cloud-rust/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json("1")))
        .expect(1)
        .mount(&server)
        .await;
    get_thing(&client(&server), "1").await.expect("ok");
}

#[tokio::test]
async fn invalid_custom_headers_fail_at_send_without_panicking() {
    let server = MockServer::start().await;
    let client = client(&server);
    let err = get_thing(&client, "1")
        .header("bad name", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
    let err = get_thing(&client, "1")
        .header("X-Api-Key", "secret-value\r\ninjected: yes")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
    assert!(!err.to_string().contains("secret-value"), "{err}");
    assert!(!format!("{err:?}").contains("secret-value"));
    for (name, value) in [
        ("Authorization", "Bearer other"),
        ("Host", "evil.example.com"),
        ("Content-Length", "100"),
        ("Transfer-Encoding", "chunked"),
        ("Connection", "close"),
    ] {
        let err = get_thing(&client, "1")
            .header(name, value)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{name}: {err}");
    }
    assert!(received_paths(&server).await.is_empty());
}

#[tokio::test]
async fn html_error_page_becomes_api_error_with_raw_body() {
    let server = MockServer::start().await;
    let html =
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>upstream down</body>\n</html>";
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string(html),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let err = get_thing(&client, "1")
        .retry(RetryPolicy::disabled())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.operation, "getThing");
    assert!(api.body.is_none());
    assert_eq!(api.raw_body, html);
    assert!(err.is_retryable());
    let message = err.to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(
        message.contains("getThing") && message.contains("502"),
        "{message}"
    );
}

#[tokio::test]
async fn huge_error_bodies_are_truncated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("x".repeat(100_000)))
        .mount(&server)
        .await;
    let err = get_thing(&client(&server), "1").await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert!(api.raw_body.len() <= genesys_cloud::runtime::error::MAX_RAW_BODY_LEN + 4);
    assert!(err.to_string().len() < 400);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_operation_and_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"entities":[{"id":"1","dateCreated":"2024"},{"id":"2","dateCreated":"#,
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client
        .request::<ListThings>(RequestParts::new(ListThings::META))
        .await
        .unwrap_err();
    let Error::Decode { operation, source } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*operation, "getThings");
    assert_eq!(source.path(), ".entities[1].dateCreated");
    let message = err.to_string();
    assert!(
        message
            .starts_with("failed to decode response of getThings at `.entities[1].dateCreated`: "),
        "{message}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn wrong_field_type_is_a_decode_error_with_field_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": 5 })))
        .mount(&server)
        .await;
    let err = get_thing(&client(&server), "1").await.unwrap_err();
    let Error::Decode { source, .. } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(source.path(), ".id");
    assert!(err.to_string().contains("getThing"));
}

#[tokio::test]
async fn error_body_is_decoded_with_correlation_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("ININ-Correlation-Id", "corr-123")
                .set_body_json(json!({
                    "message": "Room abc not found",
                    "code": "not.found",
                    "status": 404,
                    "messageWithParams": "Room {id} not found",
                    "messageParams": { "id": "abc" },
                    "contextId": "corr-123",
                    "details": [{ "errorCode": "x", "fieldName": "roomJid" }],
                    "errors": [],
                    "somethingNew": true
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = get_thing(&client(&server), "abc").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.correlation_id(), Some("corr-123"));
    assert!(!err.is_retryable());
    let body = err.error_body().expect("decoded error body");
    assert_eq!(body.code.as_deref(), Some("not.found"));
    assert_eq!(body.status, Some(404));
    assert_eq!(
        body.message_params.get("id").map(String::as_str),
        Some("abc")
    );
    assert_eq!(body.details[0].field_name.as_deref(), Some("roomJid"));
    assert_eq!(
        err.to_string(),
        "getThing failed with HTTP 404 Not Found: Room abc not found (code not.found) [correlation id corr-123]"
    );
}

#[tokio::test]
async fn per_request_timeout_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(thing_json("slow"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let started = Instant::now();
    let err = get_thing(&client, "1")
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let Error::Timeout { operation, timeout } = &err else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(*operation, "getThing");
    assert_eq!(*timeout, Duration::from_millis(200));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn client_timeout_applies_and_post_is_not_retried_after_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(thing_json("slow"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .expect("valid");
    let err = post_thing(&client, "w").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn void_operations_ignore_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/things/t1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut parts = RequestParts::new(DeleteThing::META);
    parts.path_param("thingId", "t1");
    let () = client.request::<DeleteThing>(parts).await.expect("deleted");
}

#[tokio::test]
async fn body_serialization_errors_surface_at_send() {
    struct Unserializable;
    impl Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot serialize this"))
        }
    }
    let server = MockServer::start().await;
    let client = client(&server);
    let mut parts = RequestParts::new(PostThing::META);
    parts.json_body(&Unserializable);
    let err = client.request::<PostThing>(parts).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }));
    assert!(err.to_string().contains("cannot serialize this"), "{err}");
    assert!(received_paths(&server).await.is_empty());
}

#[tokio::test]
async fn base_urls_must_be_https_outside_loopback() {
    let err = Client::builder()
        .base_url("http://api.example.com")
        .bearer_token("t")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    for ok in [
        "http://127.0.0.1:1",
        "http://localhost:8080",
        "http://[::1]:9",
        "https://api.example.com",
    ] {
        Client::builder()
            .base_url(ok)
            .bearer_token("t")
            .build()
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/gateway/genesys/api/v2/things/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json("1")))
        .expect(1)
        .mount(&server)
        .await;
    let client = bearer_builder(&format!("{}/gateway/genesys/", server.uri()), TOKEN)
        .build()
        .expect("valid");
    get_thing(&client, "1").await.expect("ok");
}
