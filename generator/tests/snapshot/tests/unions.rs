//! `oneOf`/`anyOf` unions round-trip realistic payloads: tagged by a discriminator (with several mapping values for
//! one schema, and a variant selected by its schema name), untagged (GitHub's user or enterprise, Stripe's ID or
//! expanded object), nullable, and values no variant takes, which are kept rather than failing the decoding; and they
//! travel as JSON bodies and query text against a loopback server.

mod support;

use genesys_codegen_snapshot::ApiGroups;
use genesys_codegen_snapshot::models::{
    Cat, Charge, ChargeAmount, ChargeCustomer, ChargeLabelsItem, ChargeLabelsItemObject,
    ChargeMetadata, Clash, Customer, CustomerObject, Dog, Enterprise, Lizard, Mixed, Owner, Pet,
    PostThingNotesBody, SimpleUser, UnknownModel,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use support::client;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// `value` decodes into `expected` and encodes back into `value`.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    value: Value,
    expected: &T,
) {
    let decoded: T = decode(value.clone());
    assert_eq!(&decoded, expected);
    assert_eq!(encode(&decoded), value);
}

#[test]
fn a_discriminator_selects_the_variant_and_keeps_the_property_for_it() {
    // `petType` is also a required field of Cat: decoding must leave it in the object for the variant.
    let cat = Cat {
        pet_type: "kitty".to_owned(),
        name: "Tom".to_owned(),
        indoor: Some(true),
    };
    round_trip(
        json!({"petType": "kitty", "name": "Tom", "indoor": true}),
        &Pet::Cat(cat),
    );
    let dog = Dog {
        pet_type: "dog".to_owned(),
        bark: "woof".to_owned(),
        friend: Some(Box::new(Pet::Lizard(Lizard { scales: Some(3) }))),
    };
    round_trip(
        json!({"petType": "dog", "bark": "woof", "friend": {"petType": "Lizard", "scales": 3}}),
        &Pet::Dog(Box::new(dog)),
    );
}

#[test]
fn a_variant_without_the_property_is_sent_with_its_first_value() {
    // Lizard has no `petType` field: the implicit mapping (its schema name) is added when it is sent.
    assert_eq!(
        encode(&Pet::Lizard(Lizard { scales: None })),
        json!({"petType": "Lizard"})
    );
    // A variant that has the property sends what it holds.
    let cat = Cat {
        pet_type: "cat".to_owned(),
        name: "Felix".to_owned(),
        indoor: None,
    };
    assert_eq!(
        encode(&Pet::Cat(cat)),
        json!({"petType": "cat", "name": "Felix"})
    );
}

#[test]
fn unknown_discriminator_values_and_other_shapes_are_kept() {
    for value in [
        json!({"petType": "parrot", "words": ["hello"]}),
        json!({"name": "no discriminator"}),
        json!("a string"),
        json!(null),
    ] {
        round_trip(value.clone(), &Pet::Unknown(value));
    }
}

#[test]
fn a_known_discriminator_value_with_a_malformed_object_is_an_error() {
    let error = serde_json::from_value::<Pet>(json!({"petType": "dog"})).expect_err("no bark");
    assert!(error.to_string().contains("bark"), "{error}");
}

#[test]
fn untagged_unions_take_the_first_variant_a_value_is() {
    let user = SimpleUser {
        login: "octocat".to_owned(),
        id: 1,
        type_: "User".to_owned(),
        site_admin: Some(false),
    };
    round_trip(
        json!({"login": "octocat", "id": 1, "type": "User", "site_admin": false}),
        &Owner::SimpleUser(user),
    );
    let enterprise = Enterprise {
        id: 2,
        slug: "acme".to_owned(),
        html_url: "https://github.com/enterprises/acme".to_owned(),
        name: None,
    };
    round_trip(
        json!({"id": 2, "slug": "acme", "html_url": "https://github.com/enterprises/acme"}),
        &Owner::Enterprise(enterprise),
    );
    let neither = json!({"id": 3, "kind": "bot"});
    round_trip(neither.clone(), &Owner::Unknown(neither));
}

#[test]
fn stripe_style_ids_or_expanded_objects_nullable_and_inline_alternatives() {
    let expanded = json!({
        "id": "ch_1", "amount": 1000, "labels": ["a", {"name": "b"}],
        "customer": {"id": "cus_1", "object": "customer", "email": null},
        "metadata": {"order": "42"},
        "mixed": {"b": "second object"}
    });
    let charge: Charge = decode(expanded);
    assert_eq!(charge.amount, ChargeAmount::Integer(1000));
    assert_eq!(
        charge.customer,
        Some(ChargeCustomer::Customer(Customer {
            id: "cus_1".to_owned(),
            object: CustomerObject::Customer,
            email: None,
        }))
    );
    assert_eq!(
        charge.labels,
        [
            ChargeLabelsItem::String("a".to_owned()),
            ChargeLabelsItem::Object(ChargeLabelsItemObject {
                name: Some("b".to_owned()),
                color: None,
            }),
        ]
    );
    assert_eq!(
        charge.metadata,
        Some(ChargeMetadata::StringMap(
            [("order".to_owned(), "42".to_owned())].into()
        ))
    );
    // The first inline object alternative takes any object: its fields are all optional.
    assert!(matches!(charge.mixed, Some(Mixed::V1OddName(_))));

    // The ID form, a nullable union as `null`, an amount as a string, metadata as a list.
    let collapsed = json!({
        "id": "ch_2", "amount": "10.50", "labels": [], "customer": "cus_2",
        "metadata": ["x"], "pet": null
    });
    let charge: Charge = decode(collapsed);
    assert_eq!(charge.amount, ChargeAmount::String("10.50".to_owned()));
    assert_eq!(
        charge.customer,
        Some(ChargeCustomer::String("cus_2".to_owned()))
    );
    assert_eq!(
        charge.metadata,
        Some(ChargeMetadata::StringList(vec!["x".to_owned()]))
    );
    assert_eq!(charge.pet, None);
    let without_customer: Charge =
        decode(json!({"id": "ch_3", "amount": 1, "labels": [], "customer": null}));
    assert_eq!(without_customer.customer, None);
    assert_eq!(
        encode(&without_customer),
        json!({"id": "ch_3", "amount": 1, "labels": []})
    );
}

#[test]
fn colliding_names_and_non_identifier_discriminator_values() {
    round_trip(json!(true), &Mixed::Unknown2(true));
    round_trip(json!(7), &Mixed::String(7));
    round_trip(json!("text"), &Mixed::String2("text".to_owned()));
    round_trip(
        json!([{"value": "v"}]),
        &Mixed::UnknownModelList(vec![UnknownModel {
            value: Some("v".to_owned()),
        }]),
    );

    let tag = "kind \"of\" thing";
    let odd = "a b\"c\\ `d` */";
    round_trip(
        json!({tag: odd, "value": "v"}),
        &Clash::UnknownModel(UnknownModel {
            value: Some("v".to_owned()),
        }),
    );
    // The mapping gives `Dog` to Cat, so the Dog variant has no value of its own and is sent as it is.
    let cat: Clash = decode(json!({tag: "Dog", "petType": "cat", "name": "Tom"}));
    assert!(matches!(cat, Clash::Cat(_)), "{cat:?}");
    let dog = Dog {
        pet_type: "dog".to_owned(),
        bark: "woof".to_owned(),
        friend: None,
    };
    assert_eq!(
        encode(&Clash::Dog(dog)),
        json!({"petType": "dog", "bark": "woof"})
    );
}

#[tokio::test]
async fn unions_travel_as_their_variants_json_and_query_unions_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/things/t1/pet"))
        .and(query_param("size", "12"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"petType": "dog", "bark": "woof"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Sent only: its `Deserialize` is compiled with `serde-both` only, its `Serialize` always.
    Mock::given(method("POST"))
        .and(path("/api/v2/things/t1/notes"))
        .and(body_json(json!(["a", "b"])))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let pet = client
        .things()
        .get_thing_pet("t1")
        .size("12")
        .await
        .expect("a pet");
    assert!(
        matches!(&pet, Pet::Dog(dog) if dog.bark == "woof"),
        "{pet:?}"
    );
    let notes = PostThingNotesBody::StringList(vec!["a".to_owned(), "b".to_owned()]);
    client
        .things()
        .post_thing_notes("t1", &notes)
        .await
        .expect("sent");
}
