//! Whole-API facts computed once every type and operation is known: which groups use each type (for feature
//! gating), which fields must be boxed to break cycles, which structs can derive `Default`, which operations
//! return pages, and which operation a deprecation note points to.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Api, Field, PageWalk, Pagination, ParamLocation, SerdeUse, Type, TypeDef, TypeKind,
};

pub(super) fn analyse(api: &mut Api) {
    let index: BTreeMap<String, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust_name.clone(), i))
        .collect();
    mark_users(api, &index);
    box_cycles(&mut api.types, &index);
    mark_defaults(&mut api.types, &index);
    find_pagination(api, &index);
    link_replacements(api);
}

/// The named types `ty` mentions directly.
fn named_in(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Named(name) => out.push(name.clone()),
        Type::Array(inner) | Type::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// The named types a type definition mentions.
fn references(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| named_in(&f.ty, &mut out)),
        TypeKind::Alias(ty) => named_in(ty, &mut out),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Enum { .. } => {}
    }
    out
}

/// The types `roots` mention, and every type those mention, as flags over `api.types`.
fn reachable(roots: &[String], edges: &[Vec<usize>], index: &BTreeMap<String, usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = roots.iter().filter_map(|n| index.get(n).copied()).collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(edges[i].iter().copied());
        }
    }
    seen
}

/// Which types travel in request bodies and which in responses.
fn mark_directions(api: &mut Api, edges: &[Vec<usize>], index: &BTreeMap<String, usize>) {
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for (_, op) in api.operations() {
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut sent);
        }
        if let Some(response) = &op.response {
            named_in(response, &mut received);
        }
    }
    let serialize = reachable(&sent, edges, index);
    let deserialize = reachable(&received, edges, index);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.serde = match (serialize[i], deserialize[i]) {
            (false, false) => SerdeUse::BOTH,
            (serialize, deserialize) => SerdeUse {
                serialize,
                deserialize,
            },
        };
    }
}

fn mark_users(api: &mut Api, index: &BTreeMap<String, usize>) {
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            references(t)
                .iter()
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    mark_directions(api, &edges, index);
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    for group in &api.groups {
        let mut stack: Vec<usize> = Vec::new();
        for op in &group.operations {
            let mut roots = Vec::new();
            op.params.iter().for_each(|p| named_in(&p.ty, &mut roots));
            if let Some(body) = &op.body {
                named_in(&body.ty, &mut roots);
            }
            if let Some(response) = &op.response {
                named_in(response, &mut roots);
            }
            stack.extend(roots.iter().filter_map(|n| index.get(n).copied()));
        }
        while let Some(i) = stack.pop() {
            if users[i].insert(group.module.clone()) {
                stack.extend(edges[i].iter().copied());
            }
        }
    }
    for (def, used_by) in api.types.iter_mut().zip(users) {
        def.used_by = used_by;
    }
}

/// The types a type contains by value (not behind a `Vec` or map), which is what makes a cycle infinitely large:
/// (field or variant index, type index).
fn direct_edges(def: &TypeDef, index: &BTreeMap<String, usize>) -> Vec<(usize, usize)> {
    let by_value = |(slot, ty): (usize, &Type)| match ty {
        Type::Named(name) => index.get(name).map(|&t| (slot, t)),
        _ => None,
    };
    match &def.kind {
        TypeKind::Struct { fields, .. } => fields
            .iter()
            .map(|f| &f.ty)
            .enumerate()
            .filter_map(by_value)
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .map(|v| &v.ty)
            .enumerate()
            .filter_map(by_value)
            .collect(),
        TypeKind::Alias(Type::Named(name)) => {
            index.get(name).map(|&t| vec![(0, t)]).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Boxes every field or union variant that closes a cycle of by-value containment: an edge `owner → target` is on a cycle exactly
/// when both are in one strongly connected component, which one linear pass finds for all edges.
fn box_cycles(types: &mut [TypeDef], index: &BTreeMap<String, usize>) {
    let edges: Vec<Vec<(usize, usize)>> = types.iter().map(|t| direct_edges(t, index)).collect();
    let targets: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|&(_, t)| t).collect())
        .collect();
    let component = strongly_connected_components(&targets);
    for (owner, owner_edges) in edges.iter().enumerate() {
        let to_box: Vec<usize> = owner_edges
            .iter()
            .filter(|&&(_, target)| component[target] == component[owner])
            .map(|&(slot, _)| slot)
            .collect();
        match &mut types[owner].kind {
            TypeKind::Struct { fields, .. } => {
                to_box.into_iter().for_each(|f| fields[f].boxed = true)
            }
            TypeKind::Union(union) => to_box
                .into_iter()
                .for_each(|v| union.variants[v].boxed = true),
            _ => {}
        }
    }
}

/// The strongly connected component of each node of `edges` (Tarjan's algorithm, without recursion so a long chain
/// of types cannot overflow the stack).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut components = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of its next edge to follow)
        let mut calls = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = calls.last_mut() {
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if order[target] == UNSEEN {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

fn mark_defaults(types: &mut [TypeDef], index: &BTreeMap<String, usize>) {
    // Optimistic fixed point: assume every struct can default, then strike out those that cannot.
    let mut can_default: Vec<bool> = types
        .iter()
        .map(|t| matches!(t.kind, TypeKind::Struct { .. }))
        .collect();
    loop {
        let mut changed = false;
        for i in 0..types.len() {
            if !can_default[i] {
                continue;
            }
            let ok = match &types[i].kind {
                TypeKind::Struct { fields, .. } => fields
                    .iter()
                    .all(|f| !f.required || type_defaults(&f.ty, types, index, &can_default)),
                _ => false,
            };
            if !ok {
                can_default[i] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (def, can) in types.iter_mut().zip(can_default) {
        if let TypeKind::Struct { default, .. } = &mut def.kind {
            *default = can;
        }
    }
}

fn type_defaults(
    ty: &Type,
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    can_default: &[bool],
) -> bool {
    match ty {
        Type::Named(name) => match index.get(name) {
            Some(&i) => match &types[i].kind {
                TypeKind::Alias(inner) => type_defaults(inner, types, index, can_default),
                _ => can_default[i],
            },
            None => false,
        },
        _ => true,
    }
}

/// Marks operations whose response is a Genesys entity listing (`entities` plus a way to the next page) with how
/// its pages are walked. A listing with no way to the next page is not paginated: its `.pages()` would always end
/// after the first.
fn find_pagination(api: &mut Api, index: &BTreeMap<String, usize>) {
    for group in &mut api.groups {
        for op in &mut group.operations {
            let Some(Type::Named(name)) = &op.response else {
                continue;
            };
            let Some(TypeKind::Struct { fields, .. }) =
                index.get(name).map(|&i| &api.types[i].kind)
            else {
                continue;
            };
            let Some(entities) = fields.iter().find(|f| f.wire_name == "entities") else {
                continue;
            };
            let Type::Array(item) = &entities.ty else {
                continue;
            };
            let has = |wire: &str| fields.iter().any(|f| f.wire_name == wire);
            let query = |wire: &str, ok: fn(&Type) -> bool| {
                op.params
                    .iter()
                    .find(|p| {
                        p.location == ParamLocation::Query && p.wire_name == wire && ok(&p.ty)
                    })
                    .map(|p| p.wire_name.clone())
            };
            let page_number = query("pageNumber", |t| matches!(t, Type::I32 | Type::I64))
                .filter(|_| has("pageCount") || has("pageSize") || has("nextUri"));
            let walk = if let Some(param) = page_number {
                PageWalk::PageNumber { param }
            } else if fields
                .iter()
                .any(|f| f.wire_name == "nextUri" && f.ty == Type::String)
            {
                PageWalk::NextUri
            } else if let (Some(before), Some(after), Some(field)) = (
                query("before", |t| matches!(t, Type::String | Type::DateTime)),
                query("after", |t| matches!(t, Type::String | Type::DateTime)),
                cursor_field(item, &api.types, index),
            ) {
                PageWalk::Cursor {
                    before,
                    after,
                    limit: query("limit", |t| {
                        matches!(t, Type::String | Type::I32 | Type::I64)
                    }),
                    field: field.rust_name.clone(),
                    field_required: field.required,
                }
            } else {
                continue;
            };
            op.pagination = Some(Pagination {
                item: (**item).clone(),
                walk,
            });
        }
    }
}

/// The date-time field (`dateCreated`) that orders a history listing's items.
fn cursor_field<'a>(
    item: &Type,
    types: &'a [TypeDef],
    index: &BTreeMap<String, usize>,
) -> Option<&'a Field> {
    let Type::Named(name) = item else {
        return None;
    };
    let TypeKind::Struct { fields, .. } = &types[*index.get(name)?].kind else {
        return None;
    };
    fields
        .iter()
        .find(|f| f.wire_name == "dateCreated" && f.ty == Type::DateTime)
}

/// "use /api/v2/chats/settings instead" → also names the Rust method of that path with the same HTTP method (the
/// path looked up with and without its `/api/v2` prefix).
fn link_replacements(api: &mut Api) {
    let by_path: BTreeMap<(String, crate::model::HttpMethod), String> = api
        .operations()
        .map(|(g, o)| {
            (
                (o.path.clone(), o.http_method),
                format!("{}().{}()", g.module, o.fn_name),
            )
        })
        .collect();
    for group in &mut api.groups {
        for op in &mut group.operations {
            let Some(deprecation) = &mut op.deprecation else {
                continue;
            };
            let Some(named) = &deprecation.replacement else {
                continue;
            };
            let target = [named.to_owned(), format!("/api/v2{named}")]
                .into_iter()
                .find_map(|path| by_path.get(&(path, op.http_method)));
            deprecation.replacement_method = target.cloned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn components_of_cycles_self_loops_and_chains() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0, 5 alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        let c = strongly_connected_components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        let distinct = [c[0], c[3], c[4], c[5]];
        assert!(
            (0..4).all(|i| (i + 1..4).all(|j| distinct[i] != distinct[j])),
            "{c:?}"
        );
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..200_000).map(|i| vec![i + 1]).chain([vec![]]).collect();
        assert_eq!(strongly_connected_components(&chain).len(), 200_001);
    }
}
