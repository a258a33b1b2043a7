//! Request bodies and responses: which of an operation's media types is taken, and how its content is typed (a
//! model as JSON or a form, multipart parts and file fields, text, bytes).

use openapiv3::{ReferenceOr, RequestBody, Response, StatusCode};

use super::{Found, resolve};
use crate::diagnostics::{Cause, Diagnostic};
use crate::model::lower::Lowerer;
use crate::model::lower::schemas::clean_description;
use crate::model::{Body, BodyEncoding, ResponseEncoding, Type, TypeKind};

pub(super) fn lower_body<'a>(
    l: &mut Lowerer<'a>,
    found: &Found<'a>,
    type_name: &str,
    sink: &mut Vec<Diagnostic>,
) -> Option<Body> {
    let pointer = format!("{}/requestBody", found.pointer);
    let body: &'a RequestBody = resolve(
        l,
        found.operation.request_body.as_ref()?,
        ("requestBodies", "a request body"),
        |c| &c.request_bodies,
        &pointer,
        sink,
    )?;
    // The first media type of the most structured kind the spec offers: JSON, a form, multipart, text, bytes.
    let (media_type, media) = [
        MediaKind::Json,
        MediaKind::Form,
        MediaKind::Multipart,
        MediaKind::Text,
        MediaKind::Binary,
    ]
    .into_iter()
    .find_map(|kind| {
        body.content
            .iter()
            .find(|(media_type, _)| MediaKind::of(media_type) == kind)
    })?;
    let typed = |l: &mut Lowerer<'a>, sink: &mut Vec<Diagnostic>| match &media.schema {
        Some(schema) => l.type_of(
            schema.into(),
            &format!("{type_name}Body"),
            &format!("{pointer}/content/schema"),
            sink,
        ),
        None => Type::Any,
    };
    let (ty, encoding) = match MediaKind::of(media_type) {
        MediaKind::Json => (typed(l, sink), BodyEncoding::Json),
        MediaKind::Form => (typed(l, sink), BodyEncoding::Form),
        MediaKind::Multipart => {
            let types_before = l.types.len();
            let ty = typed(l, sink);
            mark_files(l, &ty, types_before, media.schema.as_ref());
            (ty, BodyEncoding::Multipart)
        }
        MediaKind::Text => (
            Type::String,
            BodyEncoding::Text {
                content_type: sendable_content_type(media_type, "text/plain"),
            },
        ),
        MediaKind::Binary => (
            Type::Bytes,
            BodyEncoding::Binary {
                content_type: sendable_content_type(media_type, "application/octet-stream"),
            },
        ),
    };
    Some(Body {
        ty,
        encoding,
        required: body.required,
        description: clean_description(body.description.clone()),
    })
}

/// What a media type is to the client, by its essence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaKind {
    /// `application/json`, `+json` types and `*/*`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`, XML, YAML and NDJSON: a string.
    Text,
    /// Anything else: bytes.
    Binary,
}

impl MediaKind {
    fn of(media_type: &str) -> Self {
        let essence = essence(media_type).to_ascii_lowercase();
        let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
        match (kind, subtype) {
            ("application", "json") | ("*", "*") => Self::Json,
            (_, sub) if sub.ends_with("+json") => Self::Json,
            ("application", "x-www-form-urlencoded") => Self::Form,
            ("multipart", "form-data") => Self::Multipart,
            ("text", _) => Self::Text,
            ("application", "xml" | "yaml" | "x-yaml" | "ndjson" | "x-ndjson") => Self::Text,
            (_, sub) if sub.ends_with("+xml") => Self::Text,
            _ => Self::Binary,
        }
    }
}

/// Types the `format: binary` fields of a multipart body's own model (an inline schema, lowered just now as the
/// types from `types_before` on) as files, and arrays of them as arrays of files. A model the body shares by
/// `$ref` keeps them as strings: it may travel as JSON elsewhere, where a file has no meaning.
fn mark_files(
    l: &mut Lowerer<'_>,
    ty: &Type,
    types_before: usize,
    schema: Option<&ReferenceOr<openapiv3::Schema>>,
) {
    let (Type::Named(name), Some(ReferenceOr::Item(schema))) = (ty, schema) else {
        return;
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        return;
    };
    let Some(def) = l.types[types_before..]
        .iter_mut()
        .find(|t| t.rust_name == *name)
    else {
        return;
    };
    let TypeKind::Struct { fields, .. } = &mut def.kind else {
        return;
    };
    for field in fields {
        let Some(ReferenceOr::Item(property)) = object.properties.get(&field.wire_name) else {
            continue;
        };
        if is_binary(&property.schema_kind) {
            field.ty = Type::File;
        } else if let openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) =
            &property.schema_kind
        {
            if let Some(ReferenceOr::Item(item)) = &array.items {
                if is_binary(&item.schema_kind) {
                    field.ty = Type::Array(Box::new(Type::File));
                }
            }
        }
    }
}

/// `type: string, format: binary`.
fn is_binary(kind: &openapiv3::SchemaKind) -> bool {
    use openapiv3::{StringFormat, VariantOrUnknownOrEmpty};
    match kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
            s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
        }
        openapiv3::SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
        _ => false,
    }
}

/// The `Content-Type` a body of `media_type` is sent with: the media type as the spec writes it when it names one
/// type and is a valid header value, else `fallback` (for a range such as `image/*`, or text that is not one).
fn sendable_content_type(media_type: &str, fallback: &str) -> String {
    let essence = essence(media_type);
    let valid = essence.split_once('/').is_some_and(|(kind, sub)| {
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        token(kind) && token(sub)
    });
    let printable = media_type
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_graphic());
    if valid && printable {
        media_type.trim().to_owned()
    } else {
        fallback.to_owned()
    }
}

pub(super) fn json_content(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| MediaKind::of(media_type) == MediaKind::Json)
}

/// A media type without its parameters (`application/json; charset=utf-8` → `application/json`).
fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

/// The success response's type and how its body is read: JSON when any 2xx response offers it, else text, else
/// bytes. Responses that disagree are read as the most general of them.
pub(super) fn lower_response<'a>(
    l: &mut Lowerer<'a>,
    found: &Found<'a>,
    type_name: &str,
    sink: &mut Vec<Diagnostic>,
) -> (Option<Type>, ResponseEncoding) {
    let mut successes: Vec<(u16, &'a ReferenceOr<Response>)> = found
        .operation
        .responses
        .responses
        .iter()
        .filter_map(|(code, response)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, response)),
            StatusCode::Range(2) => Some((299, response)),
            _ => None,
        })
        .collect();
    successes.sort_by_key(|(code, _)| *code);
    let mut result: Option<(Type, ResponseEncoding)> = None;
    for (code, response) in successes {
        let pointer = format!("{}/responses/{code}", found.pointer);
        let Some(response) = resolve(
            l,
            response,
            ("responses", "a response"),
            |c| &c.responses,
            &pointer,
            sink,
        ) else {
            continue;
        };
        if response.content.is_empty() {
            continue;
        }
        let text = || {
            response
                .content
                .keys()
                .any(|t| matches!(MediaKind::of(t), MediaKind::Text | MediaKind::Form))
        };
        let read = match json_content(&response.content) {
            Some((_, media)) => (
                match &media.schema {
                    Some(schema) => l.type_of(
                        schema.into(),
                        &format!("{type_name}Response"),
                        &format!("{pointer}/content/schema"),
                        sink,
                    ),
                    None => Type::Any,
                },
                ResponseEncoding::Json,
            ),
            None if text() => (Type::String, ResponseEncoding::Text),
            None => (Type::Bytes, ResponseEncoding::Binary),
        };
        match &result {
            None => result = Some(read),
            Some(existing) if *existing == read => {}
            Some((_, encoding)) => {
                // Bytes hold any body; any JSON value holds any JSON body.
                let general =
                    if read.1 == ResponseEncoding::Json && *encoding == ResponseEncoding::Json {
                        (Type::Any, ResponseEncoding::Json)
                    } else {
                        (Type::Bytes, ResponseEncoding::Binary)
                    };
                sink.push(
                    Diagnostic::warning(
                        &pointer,
                        format!(
                            "success responses have different schemas or content types; the result is {}",
                            if general.1 == ResponseEncoding::Json { "typed as any JSON value" } else { "the body's bytes" }
                        ),
                    )
                    .with_help("give all 2xx responses of an operation the same schema and content type")
                    .with_cause(Cause::MixedResponses),
                );
                result = Some(general);
            }
        }
    }
    match result {
        Some((ty, encoding)) => (Some(ty), encoding),
        None => (None, ResponseEncoding::Json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_by_kind() {
        for (media_type, kind) in [
            ("application/json; charset=utf-8", MediaKind::Json),
            ("application/vnd.api+json", MediaKind::Json),
            ("*/*", MediaKind::Json),
            ("application/x-www-form-urlencoded", MediaKind::Form),
            ("Multipart/Form-Data", MediaKind::Multipart),
            ("text/xml", MediaKind::Text),
            ("application/atom+xml", MediaKind::Text),
            ("application/x-ndjson", MediaKind::Text),
            ("application/octet-stream", MediaKind::Binary),
            ("image/*", MediaKind::Binary),
            ("application/form-data", MediaKind::Binary),
            ("", MediaKind::Binary),
        ] {
            assert_eq!(MediaKind::of(media_type), kind, "{media_type}");
        }
    }

    #[test]
    fn only_a_single_valid_media_type_is_sent_as_the_content_type() {
        let sent = |t| sendable_content_type(t, "application/octet-stream");
        assert_eq!(sent("image/png"), "image/png");
        assert_eq!(sent(" text/csv; charset=utf-8 "), "text/csv; charset=utf-8");
        for range_or_junk in [
            "image/*",
            "*/*",
            "png",
            "text/plain\r\nX-Evil: 1",
            "a/b; x=\u{e9}",
            "/x",
        ] {
            assert_eq!(
                sent(range_or_junk),
                "application/octet-stream",
                "{range_or_junk:?}"
            );
        }
    }
}
