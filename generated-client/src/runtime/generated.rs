//! What every generated type shares, written once here instead of once per type: the string-enum and union impls,
//! the model structs' serde impls and the methods of the per-operation request types. Generated code invokes these macros; they are not meant for
//! hand-written code.
//!
//! Keeping this out of the generated files keeps them (and the time to generate and print them) small; the
//! compiler expands the same code either way. The methods are `#[inline]`, like the generated ones, so their code
//! (and the decoding they reach) is generated only in crates that call them.

/// Implements `Display`, `Serialize`, `Deserialize`, [`ToParam`](crate::runtime::ToParam), `PartialEq`, `Eq`,
/// `Hash`, `PartialOrd` and `Ord` for a generated string enum, through its `as_str` and `From<&str>`: values are
/// strings on the wire, and strings the enum does not list decode into its `Unknown` variant.
///
/// Two values are equal, hashed and ordered as their wire strings, so `Unknown("X")` built by hand equals the
/// variant for `"X"`. This is also far cheaper to compile than the derives, which match on every variant in each of
/// five impls.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_string_enum {
    ($name:ident) => {
        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<S: ::std::hash::Hasher>(&self, state: &mut S) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
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
            #[inline]
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
        impl $request {
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
            pub fn into_request(self) -> $crate::runtime::Request<$operation> {
                self.inner
            }

            /// Sends the request and decodes the response.
            #[inline]
            pub fn send(
                self,
            ) -> $crate::runtime::ResponseFuture<<$operation as $crate::runtime::Operation>::Output>
            {
                self.inner.send()
            }
        }

        impl ::std::future::IntoFuture for $request {
            type Output =
                $crate::runtime::Result<<$operation as $crate::runtime::Operation>::Output>;
            type IntoFuture =
                $crate::runtime::ResponseFuture<<$operation as $crate::runtime::Operation>::Output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.inner.send()
            }
        }
    };
    ($request:ident, $operation:ty, paginated) => {
        $crate::__genesys_request!($request, $operation);

        impl $request {
            /// Every page of the listing, fetched as the stream is polled.
            #[inline]
            pub fn pages(
                self,
            ) -> impl $crate::runtime::Stream<
                Item = $crate::runtime::Result<
                    $crate::runtime::Page<<$operation as $crate::runtime::Paginated>::Item>,
                >,
            > + Send
            + 'static {
                self.inner.pages()
            }

            /// Every entity of every page, fetched as the stream is polled.
            #[inline]
            pub fn items(
                self,
            ) -> impl $crate::runtime::Stream<
                Item = $crate::runtime::Result<<$operation as $crate::runtime::Paginated>::Item>,
            > + Send
            + 'static {
                self.inner.items()
            }
        }
    };
}

/// Implements `Serialize` and `Deserialize` for a generated struct from its fields' JSON names and kinds
/// (`required` or `optional`, naming the function of [`serialize_field`] the field goes through), in declaration
/// order; attributes after the fields (a `cfg`) apply to the `Deserialize` impl only.
///
/// `Serialize` hands the fields to one shared function, [`serialize_fields`], as type-erased values, `None` for an
/// absent optional field (left out of the JSON): a struct's impl is one slice, where serde's derive writes a
/// generic call and an error branch per field, most of the compile cost of a client of thousands of models.
/// `Deserialize` is one map visitor per struct, unknown keys skipped, `null` or a missing key leaving an optional
/// field `None`, a missing required field an error naming it; serde's derive would also generate a field enum and
/// a sequence visitor per struct.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_serde_struct {
    (
        $name:ident { $($field:ident: $wire:literal $kind:ident),* $(,)? }
        $(#[$deserialize:meta])*
    ) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serialize_fields(
                    serializer,
                    stringify!($name),
                    &[$(($wire, $crate::runtime::serialize_field::$kind(&self.$field)),)*],
                )
            }
        }

        $(#[$deserialize])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = $crate::runtime::deserialize_field::$kind();)*
                        $crate::runtime::deserialize_fields(
                            &mut map,
                            &[$($wire),*],
                            &mut [$(&mut $field),*],
                        )?;
                        Ok($name {
                            $($field: $crate::__genesys_field_value!($kind, $field, $wire, A::Error),)*
                        })
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    };
}

/// Implements `Serialize` for a generated union: a variant is sent as the value it holds (for a tagged union, with
/// the discriminator property set to the variant's first value when the value lacks it), `Unknown` as its JSON.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_serialize_union {
    ($name:ident { untagged: [$($variant:ident),* $(,)?] }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    };
    ($name:ident { tag: $tag:literal, variants: [$($variant:ident: [$($value:literal),*]),* $(,)?] }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        $crate::runtime::serialize_tagged(value, $tag, &[$($value),*], serializer)
                    })*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    };
}

/// Implements `Deserialize` for a generated union. Untagged: the first variant the value decodes as. Tagged: the
/// variant whose values include the discriminator property's, decoded from the whole object (the property stays in
/// it, so a variant type that has it as a field gets it, unlike with serde's internally tagged enums). A value no
/// variant takes (an unknown discriminator value, a type added later) is kept in `Unknown`, so decoding never fails
/// for it; a known discriminator value with a malformed object is an error.
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_deserialize_union {
    ($name:ident { untagged: [$($variant:ident),* $(,)?] }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(if let Some(value) = $crate::runtime::try_variant(&value) {
                    return Ok(Self::$variant(value));
                })*
                Ok(Self::Unknown(value))
            }
        }
    };
    ($name:ident { tag: $tag:literal, variants: [$($variant:ident: [$($value:literal),*]),* $(,)?] }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let selected = $crate::runtime::union_tag(&value, $tag);
                $(if selected.is_some_and(|tag| [$($value),*].contains(&tag)) {
                    return $crate::runtime::decode_variant(&value).map(Self::$variant);
                })*
                Ok(Self::Unknown(value))
            }
        }
    };
}

/// A tagged union's variant as JSON: `value`, with the property `tag` set to the first of `values` unless it has it.
#[doc(hidden)]
pub fn serialize_tagged<T: serde::Serialize + ?Sized, S: serde::Serializer>(
    value: &T,
    tag: &str,
    values: &[&str],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let Some(first) = values.first() else {
        return value.serialize(serializer);
    };
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut json {
        object
            .entry(tag)
            .or_insert_with(|| serde_json::Value::String((*first).to_owned()));
    }
    serde::Serialize::serialize(&json, serializer)
}

/// The value of a tagged union's discriminator property, when the value is an object that has it as a string.
#[doc(hidden)]
pub fn union_tag<'a>(value: &'a serde_json::Value, tag: &str) -> Option<&'a str> {
    value.get(tag).and_then(serde_json::Value::as_str)
}

/// `value` as an untagged union's variant type, if it is one.
#[doc(hidden)]
pub fn try_variant<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// `value` as a tagged union's variant type, or the error saying why not. Like [`try_variant`], it decodes from a
/// borrowed value, so each variant type's decoding is compiled for one more deserializer, not two.
#[doc(hidden)]
pub fn decode_variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: &serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The slots [`serde_struct!`](crate::runtime::serde_struct)'s `Deserialize` reads a struct's fields into, one
/// per field kind, as [`deserialize_fields`] fills them.
#[doc(hidden)]
pub mod deserialize_field {
    use serde::Deserialize;
    use serde::de::MapAccess;

    /// A required field's value, once read.
    pub struct Required<T>(pub Option<T>);

    /// An optional field's value: `None` until read, and for `null`.
    pub struct Optional<T>(pub Option<T>);

    /// An empty slot for a required field.
    #[inline]
    pub fn required<T>() -> Required<T> {
        Required(None)
    }

    /// An empty slot for an optional field.
    #[inline]
    pub fn optional<T>() -> Optional<T> {
        Optional(None)
    }

    /// A slot that reads the value of the key just read from `A`. Object-safe for one map type, so one
    /// [`deserialize_fields`](super::deserialize_fields) per map type fills every struct's slots, and errors keep
    /// their type (serde_json's line and column).
    pub trait Slot<'de, A: MapAccess<'de>> {
        /// Reads the value into the slot.
        fn read(&mut self, map: &mut A) -> Result<(), A::Error>;
    }

    impl<'de, A: MapAccess<'de>, T: Deserialize<'de>> Slot<'de, A> for Required<T> {
        #[inline]
        fn read(&mut self, map: &mut A) -> Result<(), A::Error> {
            self.0 = Some(map.next_value()?);
            Ok(())
        }
    }

    impl<'de, A: MapAccess<'de>, T: Deserialize<'de>> Slot<'de, A> for Optional<T> {
        #[inline]
        fn read(&mut self, map: &mut A) -> Result<(), A::Error> {
            self.0 = map.next_value()?;
            Ok(())
        }
    }
}

/// Reads an object's entries into `slots`, the slot of `names[i]` at `i`, skipping keys not in `names`: a generated
/// struct's decoding loop, compiled once per map type instead of once per struct.
#[doc(hidden)]
pub fn deserialize_fields<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    names: &[&str],
    slots: &mut [&mut dyn deserialize_field::Slot<'de, A>],
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<JsonKey<'de>>()? {
        let slot = names
            .iter()
            .zip(slots.iter_mut())
            .find(|(name, _)| **name == key.as_str());
        match slot {
            Some((_, slot)) => slot.read(map)?,
            None => drop(map.next_value::<serde::de::IgnoredAny>()?),
        }
    }
    Ok(())
}

/// A JSON object key, borrowed from the input when it can be.
#[doc(hidden)]
pub struct JsonKey<'de>(std::borrow::Cow<'de, str>);

impl JsonKey<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for JsonKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = JsonKey<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                key: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(JsonKey(std::borrow::Cow::Borrowed(key)))
            }

            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(JsonKey(std::borrow::Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(JsonKey(std::borrow::Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A field as [`serialize_fields`] takes it: its value, `None` when it is left out.
#[doc(hidden)]
pub type SerializeField<'a> = Option<&'a dyn erased_serde::Serialize>;

/// How [`serde_struct!`](crate::runtime::serde_struct) serializes a field of each kind.
#[doc(hidden)]
pub mod serialize_field {
    use super::SerializeField;

    /// A required field: always written.
    #[inline]
    pub fn required<T: serde::Serialize>(value: &T) -> SerializeField<'_> {
        Some(value)
    }

    /// An optional field: left out when `None`.
    #[inline]
    pub fn optional<T: serde::Serialize>(value: &Option<T>) -> SerializeField<'_> {
        value
            .as_ref()
            .map(|value| value as &dyn erased_serde::Serialize)
    }
}

/// A field's value in [`serde_struct!`](crate::runtime::serde_struct)'s `Deserialize`, from what was read (if the
/// key was there): a required field's value or serde's "missing field" error; an optional field's slot as it is,
/// `None` when the key was missing or `null` (no error branch, which would be MIR to borrow-check per field).
#[doc(hidden)]
#[macro_export]
macro_rules! __genesys_field_value {
    (required, $value:ident, $wire:literal, $error:ty) => {
        match $value.0 {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(<$error as ::serde::de::Error>::missing_field(
                    $wire,
                ));
            }
        }
    };
    (optional, $value:ident, $wire:literal, $error:ty) => {
        $value.0
    };
}

/// Serializes a generated struct from its fields' JSON names and values, as serde's derive does (a struct of the
/// present fields, `skip_field` for the others), compiled once instead of once per struct.
#[doc(hidden)]
pub fn serialize_fields<S: serde::Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, SerializeField<'_>)],
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;

    let present = fields.iter().filter(|(_, value)| value.is_some()).count();
    let mut state = serializer.serialize_struct(name, present)?;
    for &(key, value) in fields {
        match value {
            Some(value) => state.serialize_field(key, value)?,
            None => state.skip_field(key)?,
        }
    }
    state.end()
}

pub use crate::__genesys_deserialize_union as deserialize_union;
pub use crate::__genesys_request as request_methods;
pub use crate::__genesys_serde_struct as serde_struct;
pub use crate::__genesys_serialize_union as serialize_union;
pub use crate::__genesys_string_enum as string_enum;
