//! Security requirements and schemes, and servers: authentication added or changed, scopes
//! added, scheme definitions changed, server URLs removed or added.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::op_side::OpSide;
use super::Comparer;
use crate::catalogue::Bump;
use crate::report::Side;
use crate::spec::Spec;
use helpdesk_spec::resolve::Node;

/// One security requirement: scheme name → required scopes.
type Requirement = BTreeMap<String, BTreeSet<String>>;

fn requirements(node: &Node<'_>) -> Vec<Requirement> {
    let Some(list) = node.value.as_array() else { return Vec::new() };
    list.iter()
        .filter_map(Value::as_object)
        .map(|req| {
            req.iter()
                .map(|(scheme, scopes)| {
                    let scopes = scopes
                        .as_array()
                        .map(|s| s.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                        .unwrap_or_default();
                    (scheme.clone(), scopes)
                })
                .collect()
        })
        .collect()
}

fn show(req: &Requirement) -> String {
    if req.is_empty() {
        return "none".to_owned();
    }
    req.iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                format!("`{scheme}`")
            } else {
                format!("`{scheme}` [{}]", scopes.iter().cloned().collect::<Vec<_>>().join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The effective security of an operation and the node it is declared at.
fn effective<'a>(spec: &'a Spec, op: &OpSide<'a>) -> (Vec<Requirement>, Node<'a>) {
    if let Some(node) = op.node.get("security") {
        return (requirements(&node), node);
    }
    match spec.root_node().get("security") {
        Some(node) => (requirements(&node), node),
        None => (Vec::new(), op.node.clone()),
    }
}

/// Compares the security requirements and the servers of one operation.
pub(crate) fn compare_operation(c: &mut Comparer<'_>, old: &OpSide<'_>, new: &OpSide<'_>) {
    let (old_spec, new_spec) = (c.old, c.new);
    let (old_reqs, _) = effective(old_spec, old);
    let (new_reqs, at) = effective(new_spec, new);
    let item = "Client (authentication)".to_owned();
    let open = |reqs: &[Requirement]| reqs.is_empty() || reqs.iter().any(BTreeMap::is_empty);
    match (open(&old_reqs), open(&new_reqs)) {
        (true, false) => {
            let message = format!(
                "`{}` now requires authentication: {}",
                new.key(),
                new_reqs.iter().map(show).collect::<Vec<_>>().join(" or ")
            );
            c.emit("api-security-added", Side::New, &at, message, item, None);
        }
        (false, true) => {
            let message = format!("`{}` no longer requires authentication", new.key());
            c.emit("api-security-removed", Side::New, &at, message, item, None);
        }
        (false, false) => {
            for req in &old_reqs {
                let schemes: BTreeSet<&String> = req.keys().collect();
                match new_reqs.iter().find(|n| n.keys().collect::<BTreeSet<_>>() == schemes) {
                    None => {
                        let now = new_reqs.iter().map(show).collect::<Vec<_>>().join(" or ");
                        let message = format!("`{}` no longer accepts {} (now: {now})", new.key(), show(req));
                        c.emit("api-security-changed", Side::New, &at, message, item.clone(), None);
                    }
                    Some(n) => {
                        let added: Vec<String> = n
                            .iter()
                            .flat_map(|(scheme, scopes)| {
                                scopes.difference(&req[scheme]).map(move |s| format!("`{s}` ({scheme})"))
                            })
                            .collect();
                        if !added.is_empty() {
                            let message = format!("`{}` needs additional scopes: {}", new.key(), added.join(", "));
                            c.emit("api-security-scope-added", Side::New, &at, message, item.clone(), None);
                        }
                    }
                }
            }
        }
        (true, true) => {}
    }
    let (old_servers, new_servers) = (op_servers(old), op_servers(new));
    if old_servers.is_some() || new_servers.is_some() {
        let old_servers = old_servers.or_else(|| old_spec.root_node().get("servers"));
        let new_servers = new_servers.or_else(|| new_spec.root_node().get("servers"));
        compare_servers(c, old_servers, new_servers, &format!("servers of `{}`", new.key()), false);
    }
}

/// Compares what applies to the whole spec: root servers and security scheme definitions.
pub(crate) fn compare_global(c: &mut Comparer<'_>) {
    let (old_spec, new_spec) = (c.old, c.new);
    compare_servers(c, old_spec.root_node().get("servers"), new_spec.root_node().get("servers"), "servers", true);
    let old_schemes = schemes(old_spec);
    let new_schemes = schemes(new_spec);
    for (name, old) in &old_schemes {
        let Some((_, new)) = new_schemes.iter().find(|(n, _)| n == name) else { continue };
        let mut changes = Vec::new();
        for key in ["type", "scheme", "in", "name", "openIdConnectUrl"] {
            let (a, b) = (old.value.get(key), new.value.get(key));
            let lower = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_ascii_lowercase);
            let differs = if key == "scheme" { lower(a) != lower(b) } else { a != b };
            if differs {
                let text = |v: Option<&Value>| {
                    v.map_or_else(|| "none".to_owned(), |v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                };
                changes.push(format!("{key} `{}` → `{}`", text(a), text(b)));
            }
        }
        let flows = |n: &Node<'_>| -> BTreeMap<String, (Option<Value>, Option<Value>)> {
            n.value
                .get("flows")
                .and_then(Value::as_object)
                .map(|f| {
                    f.iter()
                        .map(|(k, v)| (k.clone(), (v.get("tokenUrl").cloned(), v.get("authorizationUrl").cloned())))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_flows, new_flows) = (flows(old), flows(new));
        if old_flows != new_flows {
            let names = |f: &BTreeMap<String, _>| f.keys().cloned().collect::<Vec<_>>().join(", ");
            changes.push(format!("OAuth flows [{}] → [{}]", names(&old_flows), names(&new_flows)));
        }
        if !changes.is_empty() {
            let message = format!("security scheme `{name}` changed: {}", changes.join("; "));
            c.emit("api-security-scheme-changed", Side::New, new, message, "Client (authentication)".to_owned(), None);
        }
    }
}

/// The security schemes of a spec's components, dereferenced.
fn schemes(spec: &Spec) -> Vec<(String, Node<'_>)> {
    let Some(components) = spec.root_node().get("components").and_then(|n| n.get("securitySchemes")) else {
        return Vec::new();
    };
    components
        .entries()
        .into_iter()
        .filter_map(|(name, node)| spec.deref(&node).ok().map(|n| (name.to_owned(), n)))
        .collect()
}

/// The servers declared on an operation or its path item.
fn op_servers<'a>(op: &OpSide<'a>) -> Option<Node<'a>> {
    op.node.get("servers").or_else(|| op.path_item.get("servers"))
}

fn server_urls(node: &Option<Node<'_>>) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    node.value
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|s| s.get("url").and_then(Value::as_str))
                .map(|u| u.trim_end_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Compares two `servers` lists. `top_level` is the API's own list, which the generated
/// `Server` enum is built from (operation and path-item servers are documentation only): a
/// shorter list removes a variant (major), one unnamed server becoming several renames
/// `Server::Default` to numbered variants (major), and a longer list adds a variant of the
/// non-exhaustive enum (minor).
fn compare_servers(c: &mut Comparer<'_>, old: Option<Node<'_>>, new: Option<Node<'_>>, what: &str, top_level: bool) {
    let (old_urls, new_urls) = (server_urls(&old), server_urls(&new));
    let removed: Vec<&String> = old_urls.iter().filter(|u| !new_urls.contains(u)).collect();
    let added: Vec<&String> = new_urls.iter().filter(|u| !old_urls.contains(u)).collect();
    let item = "Client (default base URL)".to_owned();
    let list = |urls: &[&String]| urls.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ");
    if !removed.is_empty() {
        let message = if added.is_empty() {
            format!("{what}: {} removed", list(&removed))
        } else {
            format!("{what}: {} replaced by {}", list(&removed), list(&added))
        };
        let bump = (top_level && new_urls.len() < old_urls.len()).then_some(Bump::Major);
        match (&new, &old) {
            (Some(n), _) => c.emit("api-servers-changed", Side::New, n, message, item, bump),
            (None, Some(o)) => c.emit("api-servers-changed", Side::Old, o, message, item, bump),
            (None, None) => {}
        }
    } else if !added.is_empty() {
        if let Some(n) = &new {
            let bump = if !top_level {
                Bump::Patch
            } else if old_urls.len() == 1 {
                Bump::Major
            } else {
                Bump::Minor
            };
            c.emit("api-server-added", Side::New, n, format!("{what}: {} added", list(&added)), item, Some(bump));
        }
    }
}
