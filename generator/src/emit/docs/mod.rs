//! Documentation for the generated client: rustdoc on its items and the Markdown reference pages under `docs/`.
//!
//! [`model`] turns the API model into documentation values (an operation's sections, parameter and field tables,
//! links to models, its [`example`]); [`rustdoc`] and [`markdown`] only render those values, with the wording they
//! share in [`text`]. Types and signatures are printed from the code emitter's own tokens ([`types`]), so the docs
//! cannot disagree with the code, and spec text reaches either backend only through [`escape`](super::escape).

mod example;
mod markdown;
mod model;
mod rustdoc;
#[cfg(test)]
mod tests;
mod text;
mod types;

pub(crate) use markdown::{group_page_file, models_page_file};
pub(crate) use rustdoc::{
    field_doc, group_doc, meta_doc, operation_doc, type_doc, union_variant_doc, variant_doc,
};
