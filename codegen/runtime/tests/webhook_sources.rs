//! Constant time by construction: the webhook module compares signature bytes only through
//! `Mac::verify_slice`. Timing measurements are flaky on shared machines, so this test reads the
//! source instead: any `==`/`!=` in `src/webhook/` that is not a comparison of two lengths, any
//! call of `eq`, `ne`, `cmp`, `partial_cmp` or `ends_with`, and any `assert_eq!`-like macro fails
//! it, naming the file and the function.

use std::path::PathBuf;

use syn::visit::Visit;

/// The equality comparisons in `source` that are not allowed, as `in fn name: what` strings.
fn forbidden_comparisons(source: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("the webhook sources parse");
    let mut finder = Finder::default();
    finder.visit_file(&file);
    finder.found
}

#[derive(Default)]
struct Finder {
    /// The function being visited.
    function: String,
    found: Vec<String>,
}

impl Finder {
    fn report(&mut self, what: &str) {
        let found = format!("in fn {}: {what}", self.function);
        self.found.push(found);
    }
}

/// Whether an operand is a length (`x.len()`, `N.digest_len()`): comparing lengths leaks nothing
/// a verifier does not publish.
fn is_length(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::MethodCall(call) => matches!(call.method.to_string().as_str(), "len" | "digest_len"),
        syn::Expr::Paren(inner) => is_length(&inner.expr),
        _ => false,
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.function = item.sig.ident.to_string();
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.function = item.sig.ident.to_string();
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_expr_binary(&mut self, expr: &'ast syn::ExprBinary) {
        if matches!(expr.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_))
            && !(is_length(&expr.left) && is_length(&expr.right))
        {
            self.report("==/!= on values that are not lengths");
        }
        syn::visit::visit_expr_binary(self, expr);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if matches!(name.as_str(), "eq" | "ne" | "cmp" | "partial_cmp" | "ends_with") {
            self.report(&format!(".{name}()"));
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
        if matches!(name.as_str(), "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne") {
            self.report(&format!("{name}!"));
        }
        syn::visit::visit_macro(self, mac);
    }
}

#[test]
fn the_webhook_module_compares_no_bytes_with_equality() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/webhook");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the webhook sources are in {}", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for found in forbidden_comparisons(&source) {
            failures.push(format!("{}: {found}", file.display()));
        }
    }
    assert!(failures.is_empty(), "compare signatures with Mac::verify_slice only:\n{}", failures.join("\n"));
}

#[test]
fn the_check_finds_each_forbidden_comparison() {
    let source = r#"
        fn check(tag: &[u8], expected: &[u8], a: Vec<u8>) -> bool {
            let _ = tag.len() != expected.len();
            tag == expected || a.eq(&tag.to_vec()) || tag.cmp(expected).is_eq() || tag.ends_with(b"x")
        }
        fn other(x: &str) { assert_eq!(x, "y"); }
    "#;
    let found = forbidden_comparisons(source);
    let expected = [
        "in fn check: ==/!= on values that are not lengths",
        "in fn check: .eq()",
        "in fn check: .cmp()",
        "in fn check: .ends_with()",
        "in fn other: assert_eq!",
    ];
    assert_eq!(found, expected);
}
