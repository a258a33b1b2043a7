//! The generated code does what the fixture spec says, against a real HTTP server on loopback.

use futures_util::TryStreamExt;
use genesys_cloud::runtime::{Operation, Permissions};
use genesys_cloud::{Client, RetryPolicy};
use genesys_codegen_snapshot::ApiGroups;
use genesys_codegen_snapshot::models::{
    GetThingsExpandItem, GetThingsSortOrder, Node, PutApiV2ThingsByThingIdLabelsBody,
    PutApiV2ThingsByThingIdLabelsBodyOwner, SearchThingsRange, SearchThingsWhere, Thing,
    ThingFilter, ThingKind,
};
use genesys_codegen_snapshot::things::{DeleteThing, GetThings, PostThings};
use serde_json::json;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client")
}

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
    assert!(wrong.to_string().contains("invalid type"), "{wrong}");
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
