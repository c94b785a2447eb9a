//! Components: after all operations were walked, named schemas that operations referred to
//! and that no longer exist are reported as renamed (the same place now refers to a new name)
//! or removed (the place now holds an inline or another existing schema).

use super::{Comparer, OpCtx};
use crate::report::Side;
use crate::spec::Spec;
use helpdesk_spec::naming::type_name;
use helpdesk_spec::pointer;
use helpdesk_spec::resolve::Node;

/// Finds component schema `name` of `spec`.
fn find_schema<'a>(spec: &'a Spec, name: &str) -> Option<Node<'a>> {
    spec.at(&pointer::push("#/components/schemas", name))
}

/// Reports removed and renamed component schemas from the reference changes seen.
pub(crate) fn finish(c: &mut Comparer<'_>) {
    let (old_spec, new_spec) = (c.old, c.new);
    let changes = std::mem::take(&mut c.ref_changes);
    for change in &changes {
        if find_schema(new_spec, &change.old).is_some() {
            continue;
        }
        let Some(old_node) = find_schema(old_spec, &change.old) else { continue };
        // A rename: some place that referred to the old name now refers to a name that is new.
        let renamed_to = changes
            .iter()
            .filter(|other| other.old == change.old)
            .filter_map(|other| other.new.as_ref())
            .find(|name| find_schema(old_spec, name).is_none());
        match &change.op {
            Some(op_ref) => c.enter_operation(OpCtx {
                op_ref: op_ref.clone(),
                method_item: op_ref.method.clone(),
                stem: String::new(),
            }),
            None => c.leave_operation(),
        }
        let old_type = format!("types::{}", type_name(&change.old));
        match renamed_to.and_then(|name| find_schema(new_spec, name).map(|node| (name, node))) {
            Some((name, new_node)) => {
                let message = format!("component schema `{}` was renamed to `{name}`", change.old);
                let item = format!("{old_type} → types::{}", type_name(name));
                c.emit("component-schema-renamed", Side::New, &new_node, message, item, None);
            }
            None => {
                let message = format!("component schema `{}` was removed", change.old);
                c.emit("component-schema-removed", Side::Old, &old_node, message, old_type, None);
            }
        }
    }
    c.leave_operation();
}
