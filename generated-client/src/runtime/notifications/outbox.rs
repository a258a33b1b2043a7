//! The bounded buffer between the connection task and the consumer.
//!
//! The task never waits for the consumer: it must keep reading the socket (heartbeats, `socket_closing`), and a
//! socket that is not read makes the server drop it. So when the buffer is full an item is dropped and counted,
//! and the consumer gets a [`Notification::Lagged`] with the count before the next item that fits. Memory stays
//! at the buffer's capacity whatever the consumer does.

use tokio::sync::mpsc::{self, error::TrySendError};

use super::error::NotificationError;
use super::event::Notification;

pub(crate) type Item = Result<Notification, NotificationError>;

pub(crate) struct Outbox {
    tx: mpsc::Sender<Item>,
    missed: u64,
}

/// The consumer has gone; the task should stop.
pub(crate) struct Gone;

impl Outbox {
    pub(crate) fn new(tx: mpsc::Sender<Item>) -> Self {
        Self { tx, missed: 0 }
    }

    /// Queues `item`, or drops and counts it when the buffer is full.
    pub(crate) fn push(&mut self, item: Notification) -> Result<(), Gone> {
        if self.missed > 0 {
            let lagged = Notification::Lagged {
                missed: self.missed,
            };
            match self.tx.try_send(Ok(lagged)) {
                Ok(()) => self.missed = 0,
                Err(TrySendError::Full(_)) => {
                    self.missed += 1;
                    return Ok(());
                }
                Err(TrySendError::Closed(_)) => return Err(Gone),
            }
        }
        match self.tx.try_send(Ok(item)) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) => {
                self.missed += 1;
                Ok(())
            }
            Err(TrySendError::Closed(_)) => Err(Gone),
        }
    }

    /// Delivers the error that ends the stream, waiting for room: nothing else is read any more.
    pub(crate) async fn finish(self, error: NotificationError) {
        // Err: the consumer has gone, nobody to tell.
        let _ = self.tx.send(Err(error)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lagged(item: Option<Item>) -> Option<u64> {
        match item {
            Some(Ok(Notification::Lagged { missed })) => Some(missed),
            _ => None,
        }
    }

    #[test]
    fn a_full_buffer_drops_counts_and_reports_before_the_next_item() {
        let (tx, mut rx) = mpsc::channel(2);
        let mut outbox = Outbox::new(tx);
        let malformed = || Notification::Malformed {
            reason: String::new(),
        };
        for _ in 0..5 {
            assert!(outbox.push(malformed()).is_ok());
        }
        assert!(rx.try_recv().is_ok());
        // One slot: the Lagged report takes it, the item itself is dropped and counted.
        outbox.push(malformed()).ok();
        assert!(matches!(
            rx.try_recv(),
            Ok(Ok(Notification::Malformed { .. }))
        ));
        assert_eq!(lagged(rx.try_recv().ok()), Some(3));
        assert!(rx.try_recv().is_err());
        outbox.push(malformed()).ok();
        assert_eq!(lagged(rx.try_recv().ok()), Some(1));
        assert!(matches!(
            rx.try_recv(),
            Ok(Ok(Notification::Malformed { .. }))
        ));
        drop(rx);
        assert!(outbox.push(malformed()).is_err());
    }
}
