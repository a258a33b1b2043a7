//! Alias cycles: component schemas that are only references to each other (`A: {$ref: B}`, `B: {$ref: A}`), or
//! an array or map of themselves (`D: {type: array, items: {$ref: D}}`), name no type at all: as Rust aliases they
//! would be cyclic `type` items, and following them never ends. Each cycle is a located error, and its aliases are
//! cut (made `Any`) so the rest of lowering, which follows aliases, terminates.
//!
//! An alias's type holds at most one named type (through arrays and maps), so the aliases form a functional graph
//! and one walk per alias, remembering what is done, finds every cycle in linear time.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Type, TypeDef, TypeKind};

/// Reports and cuts every alias cycle among `types`.
pub(super) fn check(types: &mut [TypeDef], diagnostics: &mut Diagnostics) {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust_name.as_str(), i))
        .collect();
    // The alias each alias leads to, if any.
    let next: Vec<Option<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => named(ty).and_then(|name| index.get(name).copied()),
            _ => None,
        })
        .map(|n| n.filter(|&n| matches!(types[n].kind, TypeKind::Alias(_))))
        .collect();
    drop(index);

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; types.len()];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for start in 0..types.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                State::Done => break,
                State::OnPath => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    cycles.push(path[from..].to_vec());
                    break;
                }
                State::New => {
                    state[i] = State::OnPath;
                    path.push(i);
                    at = next[i];
                }
            }
        }
        for i in path {
            state[i] = State::Done;
        }
    }
    for cycle in cycles {
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&i| types[i].schema_name().unwrap_or(&types[i].pointer))
            .collect();
        diagnostics.push(
            Diagnostic::error(
                &types[cycle[0]].pointer,
                format!(
                    "schema {:?} names no type: its aliases lead back to it ({})",
                    names[0],
                    names.join(" → ")
                ),
            )
            .with_help(
                "give one schema of the cycle a type of its own, e.g. an object with properties",
            ),
        );
        for i in cycle {
            types[i].kind = TypeKind::Alias(Type::Any);
        }
    }
}

/// The named type `ty` is or holds.
fn named(ty: &Type) -> Option<&str> {
    match ty {
        Type::Named(name) => Some(name),
        Type::Array(inner) | Type::Map(inner) => named(inner),
        _ => None,
    }
}
