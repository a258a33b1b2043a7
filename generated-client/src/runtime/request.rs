//! Sending one API call: [`Request`], a typed handle on [`RequestParts`] and the client, and the
//! [`ResponseFuture`] that decodes its response.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

pub use super::parts::{
    ArrayStyle, RequestParts, ToParam, encode_path_segment, encode_query_component,
};

use super::auth::BoxFuture;
use super::client::{Client, RawResponse};
use super::error::{DecodeError, Error, Result};
use super::operation::Operation;
use super::retry::RetryPolicy;

impl Client {
    /// A typed request for operation `O` (what generated methods return).
    pub fn request<O: Operation>(&self, parts: RequestParts) -> Request<O> {
        Request::new(self.clone(), parts)
    }
}

/// A request for operation `O`, ready to be sent with `.await` (or [`send`](Self::send)).
///
/// It owns a handle to the client (an `Arc` clone), so a request and the future it returns are
/// `Send + 'static`: `tokio::spawn(client.chat().get_chats_settings().send())` works as is.
/// Generated code adds setters for the operation's optional parameters; the methods here are
/// shared by every operation.
pub struct Request<O: Operation> {
    client: Client,
    parts: RequestParts,
    _operation: PhantomData<fn() -> O>,
}

impl<O: Operation> fmt::Debug for Request<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("parts", &self.parts)
            .finish()
    }
}

impl<O: Operation> Request<O> {
    /// A request sent through `client`.
    pub fn new(client: Client, parts: RequestParts) -> Self {
        Request {
            client,
            parts,
            _operation: PhantomData,
        }
    }

    /// The request's parts.
    pub fn parts(&self) -> &RequestParts {
        &self.parts
    }

    /// The request's parts, for generated setters.
    pub fn parts_mut(&mut self) -> &mut RequestParts {
        &mut self.parts
    }

    /// The client and the parts.
    pub fn into_parts(self) -> (Client, RequestParts) {
        (self.client, self.parts)
    }

    /// Adds a custom header to this request (replacing one of the same name). An invalid name or
    /// value makes the request fail with [`Error::InvalidRequest`] when sent; `Authorization` (the
    /// client manages it), `Host`, `Content-Length`, `Transfer-Encoding` and the hop-by-hop headers
    /// cannot be set this way.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.parts.set_header(name.as_ref(), value.as_ref());
        self
    }

    /// Overrides the client's request timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.parts.set_timeout(timeout);
        self
    }

    /// Overrides the client's retry policy for this request.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.parts.set_retry_policy(policy);
        self
    }

    /// Sends the request and decodes the response.
    pub fn send(self) -> ResponseFuture<O::Output> {
        ResponseFuture {
            operation: O::META.method_name,
            inner: self.client.execute(self.parts),
            decode: O::decode,
        }
    }
}

impl<O: Operation> IntoFuture for Request<O> {
    type Output = Result<O::Output>;
    type IntoFuture = ResponseFuture<O::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// The future of a sent [`Request`]: the (non-generic) HTTP exchange, then the operation's
/// decoder.
pub struct ResponseFuture<T> {
    operation: &'static str,
    inner: BoxFuture<'static, Result<RawResponse>>,
    decode: fn(&[u8]) -> Result<T, DecodeError>,
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match this.inner.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Ready(Ok(response)) => Poll::Ready((this.decode)(&response.body).map_err(
                |source| Error::Decode {
                    operation: this.operation,
                    source,
                },
            )),
        }
    }
}
