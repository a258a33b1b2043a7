//! What every generated type shares, written once here instead of once per type: the string-enum impls and the
//! methods of the per-operation request types. Generated code invokes these macros; they are not meant for
//! hand-written code.
//!
//! Keeping this out of the generated files keeps them (and the time to generate and print them) small; the
//! compiler expands the same code either way. The methods are `#[inline]`, like the generated ones, so their code
//! (and the decoding they reach) is generated only in crates that call them.

/// Implements `Display`, `Serialize`, `Deserialize` and [`ToParam`](crate::runtime::ToParam) for a generated
/// string enum, through its `as_str` and `From<&str>`: values are strings on the wire, and strings the enum does
/// not list decode into its `Unknown` variant.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_string_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::borrow::Cow<'de, str> as ::serde::Deserialize<'de>>::deserialize(
                        deserializer,
                    )?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl $crate::runtime::ToParam for $name {
            fn to_param(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    };
}

/// The methods every request type with optional parameters shares (`header`, `timeout`, `retry`,
/// `into_request`, `send`, and `.await` through `IntoFuture`), delegating to its
/// [`Request`](crate::runtime::Request); with `paginated`, also `pages` and `items`.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_request {
    ($request:ident, $operation:ty) => {
        impl<'a> $request<'a> {
            /// Adds a custom header to this request (replacing one of the same name).
            #[inline]
            pub fn header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
                Self {
                    inner: self.inner.header(name, value),
                }
            }

            /// Overrides the client's timeout for this request.
            #[inline]
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self {
                    inner: self.inner.timeout(timeout),
                }
            }

            /// Overrides the client's retry policy for this request.
            #[inline]
            pub fn retry(self, policy: $crate::runtime::RetryPolicy) -> Self {
                Self {
                    inner: self.inner.retry(policy),
                }
            }

            /// The runtime request, for what the setters do not cover.
            #[inline]
            pub fn into_request(self) -> $crate::runtime::Request<'a, $operation> {
                self.inner
            }

            /// Sends the request and decodes the response.
            #[inline]
            pub fn send(
                self,
            ) -> $crate::runtime::ResponseFuture<
                'a,
                <$operation as $crate::runtime::Operation>::Output,
            > {
                self.inner.send()
            }
        }

        impl<'a> ::std::future::IntoFuture for $request<'a> {
            type Output =
                $crate::runtime::Result<<$operation as $crate::runtime::Operation>::Output>;
            type IntoFuture = $crate::runtime::ResponseFuture<
                'a,
                <$operation as $crate::runtime::Operation>::Output,
            >;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.inner.send()
            }
        }
    };
    ($request:ident, $operation:ty, paginated) => {
        $crate::__genesys_request!($request, $operation);

        impl<'a> $request<'a> {
            /// Every page of the listing, fetched as the stream is polled.
            #[inline]
            pub fn pages(
                self,
            ) -> impl $crate::runtime::Stream<
                Item = $crate::runtime::Result<
                    $crate::runtime::Page<<$operation as $crate::runtime::Paginated>::Item>,
                >,
            > + Send
            + 'a {
                self.inner.pages()
            }

            /// Every entity of every page, fetched as the stream is polled.
            #[inline]
            pub fn items(
                self,
            ) -> impl $crate::runtime::Stream<
                Item = $crate::runtime::Result<<$operation as $crate::runtime::Paginated>::Item>,
            > + Send
            + 'a {
                self.inner.items()
            }
        }
    };
}

pub use crate::__genesys_request as request_methods;
pub use crate::__genesys_string_enum as string_enum;
