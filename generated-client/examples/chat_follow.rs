//! Follow a chat room: print its new, edited and deleted messages as they arrive, over the Notifications API's
//! WebSocket, until Ctrl-C.
//!
//! ```text
//! export GENESYS_REGION=eu_west_1                 # or GENESYS_BASE_URL=https://api.mypurecloud.ie
//! export GENESYS_ACCESS_TOKEN=...                 # a user's token: chat topics are per user
//! cargo run -p genesys-cloud --example chat_follow -- room@conference.example.mypurecloud.com
//! ```
//!
//! Reconnects (maintenance, a dropped network, an expired channel) and lag are printed as they happen: messages
//! posted meanwhile may be missing, and `get_chats_room_messages` reads them back. Set `RUST_LOG`-style tracing in
//! your own app to see the `genesys.notifications` span.

use std::process::ExitCode;

use futures_util::StreamExt;
use genesys_cloud::models::CollaborateChatGroupMessageEventTopicCollaborateChatMessage as RoomMessage;
use genesys_cloud::runtime::notifications::{EventBody, Notification, Topic};
use genesys_cloud::{Client, Region};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

async fn follow(client: &Client, room_jid: &str) -> Result<(), Box<dyn std::error::Error>> {
    let room = client.chat().get_chats_room(room_jid).await?;
    let room_id = room.id.ok_or("the room has no id")?;
    let mut events = client
        .notifications()
        .connect([Topic::group_chat_messages(&room_id)?])
        .await?;
    println!("following {}", room.name.as_deref().unwrap_or(room_jid));
    loop {
        tokio::select! {
            item = events.next() => match item {
                Some(item) => print(item?),
                None => return Ok(()),
            },
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    events.close().await?; // removes the subscription
    Ok(())
}

fn print(item: Notification) {
    match item {
        Notification::Event(event) => match event.body {
            EventBody::GroupChatMessage(message) => print_message(&message),
            other => println!("{}: {other:?}", event.topic),
        },
        Notification::Reconnected(r) => {
            println!("-- reconnected ({:?}); messages may be missing", r.reason)
        }
        Notification::Lagged { missed } => {
            println!("-- {missed} events skipped (reading too slowly)")
        }
        other => eprintln!("-- {other:?}"),
    }
}

fn print_message(message: &RoomMessage) {
    let from = message
        .from
        .as_ref()
        .and_then(|f| f.entity_id.as_deref())
        .unwrap_or("?");
    let action = message
        .action_type
        .as_ref()
        .map_or("Create", |a| a.as_str());
    let body = message.body.as_deref().unwrap_or("");
    println!("[{action}] {from}: {body}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (Some(token), Some(room_jid)) = (env("GENESYS_ACCESS_TOKEN"), std::env::args().nth(1))
    else {
        eprintln!("usage: GENESYS_ACCESS_TOKEN=... GENESYS_REGION=... chat_follow <room JID>");
        return ExitCode::from(2);
    };
    let mut builder = Client::builder()
        .bearer_token(token)
        .user_agent("chat-follow/0.1");
    if let Some(base_url) = env("GENESYS_BASE_URL") {
        builder = builder.base_url(&base_url);
    }
    match env("GENESYS_REGION").map(|r| r.parse::<Region>()) {
        Some(Ok(region)) => builder = builder.region(region),
        Some(Err(e)) => {
            eprintln!("chat_follow: {e}");
            return ExitCode::from(2);
        }
        None => {}
    }
    let result = match builder.build() {
        Ok(client) => follow(&client, &room_jid).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chat_follow: {e}");
            ExitCode::FAILURE
        }
    }
}
