//! The per-call cost of owned requests: building a request (which takes an `Arc` handle to the
//! client), that handle alone, and a whole call against a loopback server for scale.
//!
//! `cargo bench -p genesys-cloud --bench requests`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use genesys_cloud::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn requests(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [] })))
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client for the loopback server");

    c.bench_function("client handle (Arc clone)", |b| {
        b.iter(|| black_box(client.clone()))
    });
    c.bench_function("build request with a query parameter", |b| {
        b.iter(|| {
            black_box(
                client
                    .chat()
                    .get_chats_room_messages(black_box("room@conference.example.com"))
                    .limit("25"),
            )
        })
    });
    c.bench_function("call over loopback", |b| {
        b.iter(|| {
            runtime
                .block_on(
                    client
                        .chat()
                        .get_chats_room_messages("room@conference.example.com")
                        .limit("25")
                        .send(),
                )
                .expect("the call succeeds")
        })
    });
    c.bench_function("spawned call over loopback", |b| {
        b.iter(|| {
            runtime
                .block_on(
                    runtime.spawn(
                        client
                            .chat()
                            .get_chats_room_messages("room@conference.example.com")
                            .limit("25")
                            .send(),
                    ),
                )
                .expect("the task completes")
                .expect("the call succeeds")
        })
    });
}

criterion_group!(benches, requests);
criterion_main!(benches);
