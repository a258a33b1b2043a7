//! The generated code does what the fixture spec says, against a real HTTP server on loopback.

mod support;

use std::collections::HashSet;

use futures_util::TryStreamExt;
use genesys_cloud::runtime::{FilePart, Operation, Permissions};
use genesys_cloud::{Client, RetryPolicy};
use genesys_codegen_snapshot::ApiGroups;
use genesys_codegen_snapshot::models::{
    GetThingScopeKindsItem, GetThingScopeXScope, GetThingsExpandItem, GetThingsSortOrder, Node,
    PostThingUploadBody, PostThingUploadBodyMeta, PutApiV2ThingsByThingIdLabelsBody,
    PutApiV2ThingsByThingIdLabelsBodyOwner, SearchThingsRange, SearchThingsWhere, Thing,
    ThingFilter, ThingKind,
};
use genesys_codegen_snapshot::things::{DeleteThing, GetThings, PostThings};
use serde_json::json;
use support::client;
use wiremock::matchers::{body_bytes, body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[test]
fn enums_keep_unknown_values_and_round_trip() {
    let kind: ThingKind = serde_json::from_value(json!("medium")).expect("decodes");
    assert_eq!(kind, ThingKind::Unknown("medium".to_owned()));
    assert_eq!(
        serde_json::to_value(&kind).expect("encodes"),
        json!("medium")
    );
    for (wire, variant) in [
        ("application/json", ThingKind::ApplicationJson),
        ("1stPlace", ThingKind::V1stPlace),
        ("self", ThingKind::Self_),
        ("Small", ThingKind::Small2),
        ("", ThingKind::Value),
    ] {
        assert_eq!(ThingKind::from(wire), variant);
        assert_eq!(variant.as_str(), wire);
    }
}

#[test]
fn enums_compare_hash_and_order_as_their_wire_values() {
    assert_eq!(ThingKind::Unknown("small".to_owned()), ThingKind::Small);
    assert_ne!(ThingKind::Small, ThingKind::Small2);
    let set: HashSet<ThingKind> = [ThingKind::Small, ThingKind::Unknown("small".to_owned())].into();
    assert_eq!(set.len(), 1);
    let mut sorted = [
        ThingKind::Unknown("medium".to_owned()),
        ThingKind::Small,
        ThingKind::ApplicationJson,
        ThingKind::Small2,
    ];
    sorted.sort();
    assert_eq!(
        sorted.each_ref().map(ThingKind::as_str),
        ["Small", "application/json", "medium", "small"]
    );
}

#[test]
fn models_keep_wire_names_and_skip_absent_fields() {
    let thing: Thing = serde_json::from_value(json!({
        "name": "a", "kind": "small", "fooBar": "camel", "foo_bar": "snake", "self": true, "type": "t",
        "2ndName": "second", "dateCreated": "2024-01-02T03:04:05.000Z", "count": 9_000_000_000i64,
        "extra": {"free": ["form"]}, "owner": {"role": "owner-ish"},
        "parent": {"name": "root", "parent": {"name": "grand"}, "children": [{"name": "leaf"}]}
    }))
    .expect("decodes");
    assert_eq!(
        (thing.foo_bar.as_deref(), thing.foo_bar_2.as_deref()),
        (Some("camel"), Some("snake"))
    );
    assert_eq!(
        (
            thing.self_,
            thing.type_.as_deref(),
            thing._2nd_name.as_deref()
        ),
        (Some(true), Some("t"), Some("second"))
    );
    assert_eq!(thing.count, Some(9_000_000_000));
    let parent: Node = thing.parent.clone().expect("parent");
    assert_eq!(parent.parent.and_then(|p| p.name).as_deref(), Some("grand"));
    let encoded = serde_json::to_value(&thing).expect("encodes");
    assert_eq!(encoded["2ndName"], "second");
    assert_eq!(encoded["dateCreated"], "2024-01-02T03:04:05Z");
    assert!(
        encoded.get("weight").is_none(),
        "absent optional fields are not sent: {encoded}"
    );
}

#[test]
fn models_encode_fields_in_declaration_order_and_report_missing_required_ones() {
    let node = Node {
        name: Some("root".to_owned()),
        parent: None,
        children: Some(vec![Node {
            name: Some("leaf".to_owned()),
            ..Node::default()
        }]),
    };
    assert_eq!(
        serde_json::to_string(&node).expect("encodes"),
        r#"{"name":"root","children":[{"name":"leaf"}]}"#
    );
    let missing =
        serde_json::from_value::<Thing>(json!({"name": "a"})).expect_err("kind is required");
    assert_eq!(missing.to_string(), "missing field `kind`");
}

#[test]
fn metadata_matches_the_spec() {
    let get = GetThings::META;
    assert_eq!(
        (get.method_name, get.path, get.group),
        ("getThings", "/api/v2/things", "Things")
    );
    assert_eq!(
        get.permissions,
        Permissions::Any(&["things:thing:view", "things:thing:edit"])
    );
    assert_eq!(
        PostThings::META.permissions,
        Permissions::All(&["things:thing:add", "things:thing:view"])
    );
    assert_eq!(DeleteThing::META.permissions, Permissions::None);
    assert!(DeleteThing::META.deprecated);
    let names: Vec<&str> = genesys_codegen_snapshot::all_operations()
        .map(|m| m.method_name)
        .collect();
    // patchThing is preview: listed only with the `preview` feature.
    assert_eq!(names.contains(&"patchThing"), cfg!(feature = "preview"));
    assert!(names.contains(&"getResponsemanagementResponses"));
}

#[tokio::test]
async fn optional_parameters_arrive_as_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things"))
        .and(query_param("pageSize", "5"))
        .and(query_param("page_size", "snake"))
        .and(query_param("type", "keyword"))
        .and(query_param("sortOrder", "descending"))
        .and(query_param("expand", "owner,1stPlace"))
        .and(query_param("since", "2024-01-02T03:04:05.000Z"))
        .and(header("X-Trace", "trace-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"entities": [], "pageCount": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
        .expect("date")
        .to_utc();
    let listing = client
        .things()
        .get_things()
        .page_size(5)
        .page_size_2("snake")
        .type_("keyword")
        .sort_order(GetThingsSortOrder::Descending)
        .id(&["a", "b"])
        .expand(&[GetThingsExpandItem::Owner, GetThingsExpandItem::V1stPlace])
        .since(since)
        .x_trace("trace-1")
        .await
        .expect("a listing");
    assert_eq!(listing.entities, Some(vec![]));
    let requests = server.received_requests().await.expect("recorded");
    let ids: Vec<String> = requests[0]
        .url
        .query_pairs()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(ids, ["a", "b"], "explode: true sends one pair per value");
}

#[tokio::test]
async fn path_parameters_stay_one_segment_and_bodies_are_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things/a%2Fb%3Fc/versions/42"))
        .and(query_param("extraData", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"x": 1})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things"))
        .and(body_json(json!({"name": "n", "kind": "large"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"name": "n", "kind": "huge"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/things/t1/v2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let versions = client
        .things()
        .get_thing_version_2("a/b?c", 42, true)
        .await
        .expect("a map");
    assert_eq!(versions.get("x"), Some(&1));
    let body = Thing {
        name: "n".to_owned(),
        kind: ThingKind::Large,
        ..serde_json::from_value(json!({"name": "", "kind": ""})).expect("base")
    };
    let created = client.things().post_things(&body).await.expect("created");
    assert_eq!(created.kind, ThingKind::Unknown("huge".to_owned()));
    client
        .things()
        .delete_thing_v2("t1")
        .await
        .expect("void response");
}

#[tokio::test]
async fn object_query_parameters_are_written_in_their_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things/search"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let filter = ThingFilter {
        status: Some("open now".to_owned()),
        tags: Some(vec!["a".to_owned(), "b&c".to_owned()]),
    };
    client(&server)
        .things()
        .search_things(&filter)
        .where_(&SearchThingsWhere {
            owner: Some("me".to_owned()),
            limit: None,
        })
        .range(&SearchThingsRange {
            from: Some(1),
            to: Some(9),
        })
        .q(&ThingFilter {
            status: Some("x".to_owned()),
            tags: None,
        })
        .await
        .expect("void response");
    let requests = server.received_requests().await.expect("recording is on");
    // The raw query: deepObject brackets, exploded properties, key/value pairs joined with
    // commas, and JSON; absent properties are left out.
    assert_eq!(
        requests[0].url.query(),
        Some(
            "filter%5Bstatus%5D=open%20now&filter%5Btags%5D=a&filter%5Btags%5D=b%26c\
             &owner=me&range=from,1,to,9&q=%7B%22status%22%3A%22x%22%7D"
        )
    );
}

#[tokio::test]
async fn form_bodies_are_form_encoded_with_nested_fields_in_brackets() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/things/t1/labels"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("labels=a&labels=b+c&owner%5Bid%5D=o%261"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = PutApiV2ThingsByThingIdLabelsBody {
        labels: Some(vec!["a".to_owned(), "b c".to_owned()]),
        owner: Some(PutApiV2ThingsByThingIdLabelsBodyOwner {
            id: Some("o&1".to_owned()),
        }),
    };
    client(&server)
        .general()
        .put_api_v2_things_by_thing_id_labels("t1", &body)
        .await
        .expect("sent as a form");
}

#[tokio::test]
async fn binary_bodies_are_sent_and_received_as_raw_bytes() {
    let server = MockServer::start().await;
    let upload: Vec<u8> = (0..=255).collect();
    let image = vec![0x89, b'P', b'N', b'G', 0, 0xff];
    Mock::given(method("PUT"))
        .and(path("/api/v2/things/t1/file"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(upload.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(image.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let stored = client
        .things()
        .put_thing_file("t1", upload.clone())
        .await
        .expect("sent as bytes");
    assert_eq!(stored, image);

    // The caller's own Content-Type replaces the spec's.
    Mock::given(method("PUT"))
        .and(path("/api/v2/things/t2/file"))
        .and(header("content-type", "image/jpeg"))
        .and(body_bytes(b"jpeg".to_vec()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let empty = client
        .things()
        .put_thing_file("t2", &b"jpeg"[..])
        .header("Content-Type", "image/jpeg")
        .await
        .expect("sent with the caller's content type");
    assert!(empty.is_empty());
}

#[tokio::test]
async fn text_bodies_are_sent_as_is_and_text_responses_read_as_strings() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things/t1/file"))
        .and(header("content-type", "text/csv"))
        .and(body_string("name,kind\nä,small\n"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("2 rows ✓", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things/bad/file"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe], "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let report = client
        .things()
        .post_thing_file("t1")
        .body("name,kind\nä,small\n")
        .await
        .expect("sent as text");
    assert_eq!(report, "2 rows ✓");
    let error = client
        .things()
        .post_thing_file("bad")
        .await
        .expect_err("not UTF-8");
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

#[tokio::test]
async fn an_undeclared_path_placeholder_is_a_required_argument() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things/t1/parts/a%2Fb"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .things()
        .get_thing_part("t1", "a/b")
        .await
        .expect("the placeholder is filled and encoded");
}

#[tokio::test]
async fn multipart_bodies_send_each_field_as_a_part_and_are_retried_whole() {
    let server = MockServer::start().await;
    // The first attempt is throttled: the retry must send the same parts again.
    Mock::given(method("POST"))
        .and(path("/api/v2/things/t1/upload"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/things/t1/upload"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(RetryPolicy::new().with_base_delay(std::time::Duration::from_millis(1)))
        .build()
        .expect("a valid client");
    let body = PostThingUploadBody {
        file: FilePart::new(vec![0x89, b'P', 0, 0xff])
            .file_name("a.png")
            .content_type("image/png"),
        title: Some("Hello".to_owned()),
        tags: Some(vec!["x".to_owned(), "y".to_owned()]),
        meta: Some(PostThingUploadBodyMeta { size: Some(4) }),
        attachments: Some(vec![FilePart::new(&b"note"[..])]),
    };
    client
        .things()
        .post_thing_upload("t1", &body)
        .await
        .expect("sent as multipart");

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    let content_type = requests[1].headers["content-type"].to_str().expect("ASCII");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let part = |headers: &str, content: &[u8]| {
        let mut bytes = format!("--{boundary}\r\n{headers}\r\n\r\n").into_bytes();
        bytes.extend_from_slice(content);
        bytes.extend_from_slice(b"\r\n");
        bytes
    };
    let mut expected = Vec::new();
    for p in [
        part(
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png",
            &[0x89, b'P', 0, 0xff],
        ),
        part("Content-Disposition: form-data; name=\"title\"", b"Hello"),
        part("Content-Disposition: form-data; name=\"tags\"", b"x"),
        part("Content-Disposition: form-data; name=\"tags\"", b"y"),
        part(
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
            br#"{"size":4}"#,
        ),
        part(
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream",
            b"note",
        ),
    ] {
        expected.extend(p);
    }
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&requests[1].body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(requests[1].body, expected);
    // The retry sent the same parts (with a boundary of its own).
    assert_eq!(requests[0].body.len(), requests[1].body.len());
}

#[tokio::test]
async fn object_path_and_header_parameters_and_delimited_arrays_follow_their_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        // Nested values are JSON text, as in the query's object styles.
        .and(path(
            "/api/v2/things/t1/scopes/status=open%20now,tags=%5B%22a%22%2C%22b%22%5D",
        ))
        // (wiremock's `header` matcher would split the value at its commas)
        .and(|r: &Request| {
            r.headers
                .get("x-scope")
                .is_some_and(|v| v == "level,3,role,admin")
        })
        .and(query_param("ids", "a b c"))
        .and(query_param("kinds", "small|large"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let scope = ThingFilter {
        status: Some("open now".to_owned()),
        tags: Some(vec!["a".to_owned(), "b".to_owned()]),
    };
    client(&server)
        .things()
        .get_thing_scope("t1", &scope)
        .x_scope(&GetThingScopeXScope {
            role: Some("admin".to_owned()),
            level: Some(3),
        })
        .ids(&["a", "b c"])
        .kinds(&[GetThingScopeKindsItem::Small, GetThingScopeKindsItem::Large])
        .await
        .expect("sent in each style");
}

#[tokio::test]
async fn listings_stream_every_page() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/api/v2/things"))
            .and(query_param("pageNumber", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "entities": [{"name": format!("thing {page}"), "kind": "small"}],
                "pageNumber": page, "pageCount": 3, "pageSize": 1
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let names: Vec<String> = client
        .things()
        .get_things()
        .page_size(1)
        .items()
        .map_ok(|t| t.name)
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(names, ["thing 1", "thing 2", "thing 3"]);
    let requests: Vec<Request> = server.received_requests().await.expect("recorded");
    assert!(requests.iter().all(|r| {
        r.url
            .query_pairs()
            .any(|(k, v)| k == "pageSize" && v == "1")
    }));
}

#[tokio::test]
async fn the_build_script_client_works_the_same() {
    use genesys_codegen_snapshot::from_build_script::{ApiGroups, models::ThingKind};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things/t%201"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": "n", "kind": "small"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let thing = ApiGroups::things(&client)
        .get_thing("t 1")
        .await
        .expect("a thing");
    assert_eq!(thing.kind, ThingKind::Small);
}

#[test]
fn generated_deserialize_skips_unknown_keys_and_names_missing_fields() {
    let thing: Thing = serde_json::from_str(
        r#"{"na\u006de": "escaped key", "kind": "small", "weight": null, "notInTheSpec": {"deep": [1, 2]}}"#,
    )
    .expect("decodes");
    assert_eq!(thing.name, "escaped key");
    assert_eq!(thing.weight, None);
    let missing =
        serde_json::from_str::<Thing>(r#"{"kind": "small"}"#).expect_err("name is required");
    assert!(
        missing.to_string().contains("missing field `name`"),
        "{missing}"
    );
    let wrong = serde_json::from_str::<Thing>(r#"{"name": 7, "kind": "small"}"#)
        .expect_err("name is a string");
    // serde_json's own error, positioned once: the fields are read through the deserializer's own error type.
    assert_eq!(
        wrong.to_string(),
        "invalid type: integer `7`, expected a string at line 1 column 10"
    );
    let not_an_object = serde_json::from_str::<Thing>("[]").expect_err("a Thing is an object");
    assert!(
        not_an_object.to_string().contains("a Thing object"),
        "{not_an_object}"
    );
    // The runtime's decoder names the path of the failing field through the generated impls.
    let nested = genesys_cloud::runtime::decode_json::<Thing>(
        br#"{"name": "n", "kind": "small", "owner": {"id": 5}}"#,
    )
    .expect_err("owner.id is a string");
    assert_eq!(nested.path(), ".owner.id", "{nested}");
}

#[tokio::test]
async fn nested_borrowed_arguments_are_sent_as_given() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/things/grid"))
        .and(query_param("days", "2024-02-29"))
        .and(body_json(json!([["a", "b"], []])))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
    client(&server)
        .things()
        .put_things_grid(&[day], &[&["a", "b"], &[]])
        .await
        .expect("stored");
}
