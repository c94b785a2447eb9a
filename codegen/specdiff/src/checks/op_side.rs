//! One side of an operation as the checks see it: where it is, what it looks like and the
//! names the generator gives it, and the path parameter names of a template.

use helpdesk_spec::naming;
use helpdesk_spec::resolve::Node;

/// One side of an operation: where it is and what it looks like.
#[derive(Debug, Clone)]
pub(crate) struct OpSide<'a> {
    /// The lower-case HTTP method.
    pub method: &'static str,
    /// The path template as written.
    pub path: String,
    /// The path item (dereferenced), for path-level parameters and servers.
    pub path_item: Node<'a>,
    /// The operation object.
    pub node: Node<'a>,
    /// Its generated method and type prefix, unique among the spec's operations as the
    /// generator makes them.
    pub names: naming::OperationNames,
}

impl OpSide<'_> {
    /// `METHOD /path`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// The operationId, if any.
    pub fn operation_id(&self) -> Option<&str> {
        self.node.str("operationId")
    }

    /// The generated method name.
    pub fn method_name(&self) -> String {
        naming::field_name(&self.names.method)
    }

    /// The UpperCamelCase stem of the operation's generated types.
    pub fn stem(&self) -> String {
        self.names.prefix.clone()
    }
}

/// The path parameter names of a template, in order.
pub(crate) fn template_params(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned())).collect()
}
