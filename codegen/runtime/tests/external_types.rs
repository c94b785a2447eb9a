//! The types of other crates that the public API exposes, of this crate and of every generated
//! crate, are exactly those `EXTERNAL_TYPES.md` lists, at the versions it names.
//!
//! The public API is read from the source with `syn`: the items at a crate's root and in its
//! public modules that are not `#[doc(hidden)]` (and what `pub use` re-exports), their public
//! fields, variants and function signatures, their derives and the trait implementations and
//! public methods of their `impl` blocks. Paths are resolved through each file's `use` imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::punctuated::Punctuated;
use syn::visit::Visit;

/// Crates whose paths are never listed.
const STD: [&str; 3] = ["std", "core", "alloc"];
/// Derive macros whose trait is another crate's (or std's) than the macro's.
const DERIVES: [(&str, &str); 1] = [("thiserror::Error", "std::error::Error")];
/// The runtime's crate name in paths, and its hidden module.
const RUNTIME: &str = "helpdesk_runtime";
const PRIVATE: &str = "__private";

/// Where a type is exposed: external path → the public items that expose it.
type Exposures = BTreeMap<String, BTreeSet<String>>;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace_dir() -> PathBuf {
    manifest_dir().join("../..")
}

// ---------------------------------------------------------------------------------------------
// Loading a crate's modules

struct Module {
    items: Vec<syn::Item>,
    /// Names imported by `use` (any visibility): name → path as written.
    imports: BTreeMap<String, Vec<String>>,
    /// Paths of `use …::*` imports.
    globs: Vec<Vec<String>>,
}

struct Crate {
    /// The crate's name in paths (`helpdesk_runtime`).
    name: String,
    /// Modules by path from the root (`[]` is the root).
    modules: BTreeMap<Vec<String>, Module>,
    /// External crates it depends on (names as in paths).
    deps: BTreeSet<String>,
}

impl Crate {
    fn load(name: &str, lib: &Path, deps: BTreeSet<String>) -> Crate {
        let mut krate = Crate { name: name.to_owned(), modules: BTreeMap::new(), deps };
        let items = parse(lib).items;
        let dir = lib.parent().expect("src dir").to_owned();
        krate.add_module(Vec::new(), items, &dir, &dir);
        krate
    }

    /// Adds a module; `dir` is where `#[path]` is relative to, `children` where `mod x;` looks.
    fn add_module(&mut self, path: Vec<String>, items: Vec<syn::Item>, dir: &Path, children: &Path) {
        let mut module = Module { items: Vec::new(), imports: BTreeMap::new(), globs: Vec::new() };
        for item in &items {
            match item {
                syn::Item::Use(item) => {
                    collect_use(&item.tree, &mut Vec::new(), item.leading_colon.is_some(), &mut module)
                }
                syn::Item::Mod(item) => {
                    let mut child = path.clone();
                    child.push(item.ident.to_string());
                    let explicit = path_attr(&item.attrs);
                    if let Some((_, inline)) = &item.content {
                        let sub = children.join(item.ident.to_string());
                        self.add_module(child, inline.clone(), &sub, &sub);
                    } else {
                        let file = match explicit {
                            Some(file) => dir.join(file),
                            None => {
                                let flat = children.join(format!("{}.rs", item.ident));
                                if flat.exists() {
                                    flat
                                } else {
                                    children.join(item.ident.to_string()).join("mod.rs")
                                }
                            }
                        };
                        let parent = file.parent().expect("module dir").to_owned();
                        let stem = file.file_stem().expect("file name").to_string_lossy().into_owned();
                        // A `mod.rs` (or a file named by `#[path]`) keeps its children beside it.
                        let sub = if stem == "mod" || path_attr(&item.attrs).is_some() {
                            parent.clone()
                        } else {
                            parent.join(&stem)
                        };
                        self.add_module(child, parse(&file).items, &parent, &sub);
                    }
                }
                _ => {}
            }
        }
        module.items = items;
        self.modules.insert(path, module);
    }

    /// Whether `module` defines an item (or module) named `name`.
    fn defines(&self, module: &[String], name: &str) -> Option<&syn::Item> {
        self.modules.get(module)?.items.iter().find(|item| ident_of(item).is_some_and(|ident| ident == name))
    }

    /// Resolves a path as written in `module`.
    fn resolve(&self, module: &[String], segments: &[String], depth: usize) -> Resolved {
        if depth > 32 || segments.is_empty() {
            return Resolved::Other;
        }
        let first = segments[0].as_str();
        match first {
            "::" => self.external(&segments[1..]),
            "crate" => self.resolve_in(&[], &segments[1..], depth),
            "self" => self.resolve_in(module, &segments[1..], depth),
            "super" => {
                let parent = &module[..module.len().saturating_sub(1)];
                let mut rest = vec!["self".to_owned()];
                rest.extend_from_slice(&segments[1..]);
                self.resolve(parent, &rest, depth + 1)
            }
            "Self" => Resolved::Other,
            _ if self.defines(module, first).is_some()
                || self.modules.get(module).is_some_and(|m| m.imports.contains_key(first)) =>
            {
                self.resolve_in(module, segments, depth)
            }
            _ if first == self.name => self.resolve_in(&[], &segments[1..], depth),
            _ => self.external(segments),
        }
    }

    /// Resolves `segments`, whose first names something in `module`.
    fn resolve_in(&self, module: &[String], segments: &[String], depth: usize) -> Resolved {
        let Some(first) = segments.first() else {
            return Resolved::Internal(module.to_vec());
        };
        let mut path = module.to_vec();
        path.push(first.clone());
        match self.defines(module, first) {
            Some(syn::Item::Mod(_)) => return self.resolve_in(&path, &segments[1..], depth + 1),
            // An item (the rest, if any, names a variant or an associated item).
            Some(_) => return Resolved::Internal(path),
            None => {}
        }
        if let Some(target) = self.modules.get(module).and_then(|m| m.imports.get(first)) {
            let mut full = target.clone();
            full.extend_from_slice(&segments[1..]);
            // `use reqwest;` imports the crate under its own name.
            if target.len() == 1 && target[0] == *first {
                return self.external(&full);
            }
            return self.resolve(module, &full, depth + 1);
        }
        Resolved::Other
    }

    /// A path into another crate: std is not listed; a generated crate's path into the
    /// runtime is the runtime's own item, the runtime's hidden module, or a crate it re-exports.
    fn external(&self, segments: &[String]) -> Resolved {
        let Some(first) = segments.first() else { return Resolved::Other };
        if STD.contains(&first.as_str()) {
            return Resolved::Other;
        }
        if first == RUNTIME && self.deps.contains(RUNTIME) {
            return match segments.get(1).map(String::as_str) {
                Some(PRIVATE) => Resolved::External(segments.join("::")),
                Some(krate) if krate.chars().next().is_some_and(char::is_lowercase) => {
                    Resolved::External(segments[1..].join("::"))
                }
                _ => Resolved::Other,
            };
        }
        if self.deps.contains(first) {
            Resolved::External(segments.join("::"))
        } else {
            // Generic parameters and prelude names (`T`, `String`, `Option`, `u64`).
            Resolved::Other
        }
    }
}

enum Resolved {
    /// An item of this crate: its module path and name.
    Internal(Vec<String>),
    /// A path into another crate, written from that crate's root.
    External(String),
    /// A std item, a generic parameter, a prelude name.
    Other,
}

fn parse(file: &Path) -> syn::File {
    let text = std::fs::read_to_string(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident("path")).and_then(|a| match &a.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }),
            ..
        }) => Some(s.value()),
        _ => None,
    })
}

fn collect_use(tree: &syn::UseTree, prefix: &mut Vec<String>, leading: bool, module: &mut Module) {
    let full = |prefix: &[String], last: Option<&syn::Ident>| {
        let mut path = if leading { vec!["::".to_owned()] } else { Vec::new() };
        path.extend_from_slice(prefix);
        path.extend(last.map(ToString::to_string));
        path
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(&p.tree, prefix, leading, module);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                module.imports.insert(last.clone(), full(prefix, None));
            }
        }
        syn::UseTree::Name(n) => {
            module.imports.insert(n.ident.to_string(), full(prefix, Some(&n.ident)));
        }
        syn::UseTree::Rename(r) => {
            module.imports.insert(r.rename.to_string(), full(prefix, Some(&r.ident)));
        }
        syn::UseTree::Glob(_) => module.globs.push(full(prefix, None)),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                collect_use(tree, prefix, leading, module);
            }
        }
    }
}

fn ident_of(item: &syn::Item) -> Option<&syn::Ident> {
    match item {
        syn::Item::Const(i) => Some(&i.ident),
        syn::Item::Enum(i) => Some(&i.ident),
        syn::Item::Fn(i) => Some(&i.sig.ident),
        syn::Item::Mod(i) => Some(&i.ident),
        syn::Item::Static(i) => Some(&i.ident),
        syn::Item::Struct(i) => Some(&i.ident),
        syn::Item::Trait(i) => Some(&i.ident),
        syn::Item::Type(i) => Some(&i.ident),
        syn::Item::Union(i) => Some(&i.ident),
        _ => None,
    }
}

fn attrs_of(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn vis_of(item: &syn::Item) -> Option<&syn::Visibility> {
    match item {
        syn::Item::Const(i) => Some(&i.vis),
        syn::Item::Enum(i) => Some(&i.vis),
        syn::Item::Fn(i) => Some(&i.vis),
        syn::Item::Mod(i) => Some(&i.vis),
        syn::Item::Static(i) => Some(&i.vis),
        syn::Item::Struct(i) => Some(&i.vis),
        syn::Item::Trait(i) => Some(&i.vis),
        syn::Item::Type(i) => Some(&i.vis),
        syn::Item::Union(i) => Some(&i.vis),
        syn::Item::Use(i) => Some(&i.vis),
        _ => None,
    }
}

fn hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && attr
                .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .is_ok_and(|args| args.iter().any(|arg| arg.is_ident("hidden")))
    })
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn segments(path: &syn::Path) -> Vec<String> {
    let mut out = if path.leading_colon.is_some() { vec!["::".to_owned()] } else { Vec::new() };
    out.extend(path.segments.iter().map(|s| s.ident.to_string()));
    out
}

// ---------------------------------------------------------------------------------------------
// Walking the public API

/// Every path that a piece of syntax names (types, bounds, generic arguments).
#[derive(Default)]
struct Paths(Vec<syn::Path>);

impl<'ast> Visit<'ast> for Paths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.0.push(path.clone());
        syn::visit::visit_path(self, path);
    }

    // Attributes (`#[serde(...)]`, `#[allow(...)]`) are not part of a signature.
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
}

struct Walker<'a> {
    krate: &'a Crate,
    /// Public items reached: (module path + name) → the public name it is reached by.
    reached: BTreeMap<Vec<String>, String>,
    modules_walked: BTreeSet<Vec<String>>,
    exposures: Exposures,
}

impl<'a> Walker<'a> {
    fn new(krate: &'a Crate) -> Self {
        Walker { krate, reached: BTreeMap::new(), modules_walked: BTreeSet::new(), exposures: Exposures::new() }
    }

    fn record(&mut self, module: &[String], paths: Paths, label: &str) {
        for path in paths.0 {
            if let Resolved::External(external) = self.krate.resolve(module, &segments(&path), 0) {
                self.exposures.entry(external).or_default().insert(label.to_owned());
            }
        }
    }

    /// Walks the public, non-hidden items of `module`, reached by the public path `public`.
    fn module(&mut self, module: &[String], public: &str) {
        if !self.modules_walked.insert(module.to_vec()) {
            return;
        }
        let Some(items) = self.krate.modules.get(module).map(|m| &m.items) else { return };
        for item in items {
            if !vis_of(item).is_some_and(public_vis) || hidden(attrs_of(item)) {
                continue;
            }
            match item {
                syn::Item::Use(item) => {
                    self.reexport(module, &item.tree, &mut Vec::new(), item.leading_colon.is_some(), public)
                }
                syn::Item::Mod(item) => {
                    let mut child = module.to_vec();
                    child.push(item.ident.to_string());
                    self.module(&child, &format!("{public}::{}", item.ident));
                }
                _ => {
                    let name = ident_of(item).expect("named item").to_string();
                    let mut path = module.to_vec();
                    path.push(name.clone());
                    self.reach(path, format!("{public}::{name}"));
                }
            }
        }
    }

    fn reexport(
        &mut self,
        module: &[String],
        tree: &syn::UseTree,
        prefix: &mut Vec<String>,
        leading: bool,
        public: &str,
    ) {
        let target = |prefix: &[String], last: &syn::Ident| {
            let mut path = if leading { vec!["::".to_owned()] } else { Vec::new() };
            path.extend_from_slice(prefix);
            path.push(last.to_string());
            path
        };
        let (path, name) = match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.reexport(module, &p.tree, prefix, leading, public);
                prefix.pop();
                return;
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.reexport(module, tree, prefix, leading, public);
                }
                return;
            }
            syn::UseTree::Glob(_) => {
                let mut path = if leading { vec!["::".to_owned()] } else { Vec::new() };
                path.extend_from_slice(prefix);
                match self.krate.resolve(module, &path, 0) {
                    Resolved::Internal(target) => self.module(&target, public),
                    Resolved::External(external) => {
                        self.exposures.entry(format!("{external}::*")).or_default().insert(format!("{public}::*"));
                    }
                    Resolved::Other => {}
                }
                return;
            }
            syn::UseTree::Name(n) => (target(prefix, &n.ident), n.ident.to_string()),
            syn::UseTree::Rename(r) => (target(prefix, &r.ident), r.rename.to_string()),
        };
        let label = format!("{public}::{name}");
        match self.krate.resolve(module, &path, 0) {
            Resolved::Internal(target) => {
                let is_module = self.krate.modules.contains_key(&target);
                if is_module {
                    self.module(&target, &label);
                } else {
                    self.reach(target, label);
                }
            }
            Resolved::External(external) => {
                self.exposures.entry(external).or_default().insert(format!("pub use {label}"));
            }
            Resolved::Other => {}
        }
    }

    /// Records what a public item's signature exposes.
    fn reach(&mut self, path: Vec<String>, label: String) {
        if self.reached.contains_key(&path) {
            return;
        }
        self.reached.insert(path.clone(), label.clone());
        let module = &path[..path.len() - 1];
        let Some(item) = self.krate.defines(module, &path[path.len() - 1]) else { return };
        let mut paths = Paths::default();
        match item {
            syn::Item::Const(i) => paths.visit_type(&i.ty),
            syn::Item::Static(i) => paths.visit_type(&i.ty),
            syn::Item::Type(i) => {
                paths.visit_generics(&i.generics);
                paths.visit_type(&i.ty);
            }
            syn::Item::Fn(i) => paths.visit_signature(&i.sig),
            syn::Item::Trait(i) => {
                paths.visit_generics(&i.generics);
                for bound in &i.supertraits {
                    paths.visit_type_param_bound(bound);
                }
                for item in &i.items {
                    match item {
                        syn::TraitItem::Fn(f) => paths.visit_signature(&f.sig),
                        syn::TraitItem::Type(t) => t.bounds.iter().for_each(|b| paths.visit_type_param_bound(b)),
                        syn::TraitItem::Const(c) => paths.visit_type(&c.ty),
                        _ => {}
                    }
                }
            }
            syn::Item::Struct(i) => {
                paths.visit_generics(&i.generics);
                self.derives(module, &i.attrs, &label);
                for (n, field) in i.fields.iter().enumerate() {
                    if public(&field.vis) && !hidden(&field.attrs) {
                        let mut one = Paths::default();
                        one.visit_type(&field.ty);
                        let name = field.ident.as_ref().map_or_else(|| n.to_string(), ToString::to_string);
                        self.record(module, one, &format!("{label}::{name}"));
                    }
                }
            }
            syn::Item::Union(i) => {
                paths.visit_generics(&i.generics);
                self.derives(module, &i.attrs, &label);
                for field in &i.fields.named {
                    if public(&field.vis) {
                        paths.visit_type(&field.ty);
                    }
                }
            }
            syn::Item::Enum(i) => {
                paths.visit_generics(&i.generics);
                self.derives(module, &i.attrs, &label);
                for variant in &i.variants {
                    let mut one = Paths::default();
                    for field in &variant.fields {
                        one.visit_type(&field.ty);
                    }
                    self.record(module, one, &format!("{label}::{}", variant.ident));
                }
            }
            _ => {}
        }
        self.record(module, paths, &label);
    }

    /// The traits a derive implements for a public type.
    fn derives(&mut self, module: &[String], attrs: &[syn::Attribute], label: &str) {
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let Ok(list) = attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated) else {
                continue;
            };
            for path in list {
                if let Resolved::External(external) = self.krate.resolve(module, &segments(&path), 0) {
                    let external = DERIVES
                        .iter()
                        .find(|(mac, _)| *mac == external)
                        .map_or(external, |(_, trait_)| (*trait_).to_owned());
                    if !STD.iter().any(|s| external.starts_with(&format!("{s}::"))) {
                        self.exposures.entry(external).or_default().insert(format!("#[derive] on {label}"));
                    }
                }
            }
        }
    }

    /// Trait implementations and public methods of the reached types, wherever they are: an
    /// impl counts when its self type or a generic argument of its trait is a reached type.
    fn impls(&mut self) {
        let krate = self.krate;
        for (module, m) in &krate.modules {
            for item in &m.items {
                let syn::Item::Impl(block) = item else { continue };
                if hidden(&block.attrs) {
                    continue;
                }
                let reached = |path: &syn::Path| match krate.resolve(module, &segments(path), 0) {
                    Resolved::Internal(target) => self.reached.get(&target).cloned(),
                    _ => None,
                };
                let owner = match &*block.self_ty {
                    syn::Type::Path(self_ty) => reached(&self_ty.path),
                    _ => None,
                };
                let mut paths = Paths::default();
                paths.visit_generics(&block.generics);
                match &block.trait_ {
                    Some((_, trait_, _)) => {
                        let mut in_trait = Paths::default();
                        in_trait.visit_path(trait_);
                        if owner.is_none() && !in_trait.0.iter().any(|p| reached(p).is_some()) {
                            continue;
                        }
                        paths.0.extend(in_trait.0);
                        paths.visit_type(&block.self_ty);
                        for inner in &block.items {
                            if let syn::ImplItem::Type(assoc) = inner {
                                paths.visit_type(&assoc.ty);
                            }
                        }
                        let name = trait_.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                        let self_ty = match (owner, &*block.self_ty) {
                            (Some(owner), _) => owner,
                            (None, syn::Type::Path(p)) => segments(&p.path).join("::").replacen("::::", "::", 1),
                            (None, _) => "a type".to_owned(),
                        };
                        self.record(module, paths, &format!("impl {name} for {self_ty}"));
                    }
                    None => {
                        let Some(owner) = owner else { continue };
                        self.record(module, paths, &owner);
                        for inner in &block.items {
                            if let syn::ImplItem::Fn(f) = inner {
                                if public(&f.vis) && !hidden(&f.attrs) {
                                    let mut one = Paths::default();
                                    one.visit_signature(&f.sig);
                                    self.record(module, one, &format!("{owner}::{}", f.sig.ident));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn public_vis(vis: &syn::Visibility) -> bool {
    public(vis)
}

/// What the public API of a crate exposes of other crates.
fn exposures(krate: &Crate) -> Exposures {
    let mut walker = Walker::new(krate);
    walker.module(&[], &krate.name);
    // A trait impl can make another item reachable only through its own items; one pass
    // over the impls of the items reached is enough for the shapes used here.
    walker.impls();
    walker.exposures
}

// ---------------------------------------------------------------------------------------------
// The list

#[derive(Debug, Default)]
struct List {
    /// crate → version.
    crates: BTreeMap<String, String>,
    runtime: BTreeSet<String>,
    generated: BTreeSet<String>,
}

fn read_list() -> List {
    let text = std::fs::read_to_string(manifest_dir().join("EXTERNAL_TYPES.md")).expect("EXTERNAL_TYPES.md");
    let mut list = List::default();
    let mut section = "";
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = match heading.trim() {
                "Crates and versions" => "crates",
                "Exposed by `helpdesk-runtime`" => "runtime",
                "Exposed by every generated crate" => "generated",
                _ => "",
            };
            continue;
        }
        let Some(row) = line.strip_prefix("| `") else { continue };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[0].trim_end_matches('`').to_owned();
        match section {
            "crates" => {
                list.crates.insert(name, cells.get(1).copied().unwrap_or_default().to_owned());
            }
            "runtime" => {
                list.runtime.insert(name);
            }
            "generated" => {
                list.generated.insert(name);
            }
            _ => {}
        }
    }
    assert!(!list.crates.is_empty() && !list.runtime.is_empty(), "EXTERNAL_TYPES.md lost its tables:\n{list:?}");
    list
}

/// The dependency names (as in paths) and version requirements of a manifest; `workspace =
/// true` takes the workspace's requirement.
fn dependencies(manifest: &Path) -> BTreeMap<String, Option<String>> {
    let read = |path: &Path| -> toml::Table {
        let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        text.parse().unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    };
    let workspace = read(&workspace_dir().join("Cargo.toml"));
    let workspace_deps = workspace.get("workspace").and_then(|w| w.get("dependencies")).and_then(toml::Value::as_table);
    let version = |value: &toml::Value| -> Option<String> {
        match value {
            toml::Value::String(v) => Some(v.clone()),
            toml::Value::Table(t) => t.get("version").and_then(toml::Value::as_str).map(str::to_owned),
            _ => None,
        }
    };
    let mut out = BTreeMap::new();
    let own = read(manifest);
    for (name, value) in own.get("dependencies").and_then(toml::Value::as_table).into_iter().flatten() {
        let inherited = value.get("workspace").and_then(toml::Value::as_bool) == Some(true);
        let requirement =
            if inherited { workspace_deps.and_then(|deps| deps.get(name)).and_then(version) } else { version(value) };
        out.insert(name.replace('-', "_"), requirement);
    }
    out
}

/// The semver-compatible series a requirement names: `1.0.200` → `1`, `0.12.4` → `0.12`.
fn series(requirement: &str) -> String {
    let numbers: Vec<&str> = requirement.trim_start_matches(['^', '=', '~', ' ']).split('.').collect();
    match numbers.as_slice() {
        ["0", minor, ..] => format!("0.{minor}"),
        [major, ..] => (*major).to_owned(),
        [] => String::new(),
    }
}

fn describe(exposures: &Exposures, path: &str) -> String {
    exposures.get(path).map(|items| items.iter().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

fn runtime_crate() -> (Crate, BTreeMap<String, Option<String>>) {
    let deps = dependencies(&manifest_dir().join("Cargo.toml"));
    let krate = Crate::load(RUNTIME, &manifest_dir().join("src/lib.rs"), deps.keys().cloned().collect());
    (krate, deps)
}

fn generated_crates() -> Vec<(String, Crate, BTreeMap<String, Option<String>>)> {
    let mut crates = Vec::new();
    let dir = workspace_dir().join("generated");
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("generated/").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        let manifest = path.join("Cargo.toml");
        if !manifest.exists() {
            continue;
        }
        let name = path.file_name().expect("name").to_string_lossy().replace('-', "_");
        let deps = dependencies(&manifest);
        let krate = Crate::load(&name, &path.join("src/lib.rs"), deps.keys().cloned().collect());
        crates.push((name, krate, deps));
    }
    assert!(!crates.is_empty(), "no generated crates under {}", dir.display());
    crates
}

// ---------------------------------------------------------------------------------------------
// The checks

#[test]
fn the_runtime_exposes_exactly_the_listed_external_types() {
    let list = read_list();
    let (krate, deps) = runtime_crate();
    let exposed = exposures(&krate);
    let mut problems = String::new();
    for (path, items) in &exposed {
        if !list.runtime.contains(path) {
            let items = items.iter().cloned().collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                problems,
                "- `{path}` is exposed by {items} but is not listed under \"Exposed by `helpdesk-runtime`\""
            );
        }
    }
    for path in &list.runtime {
        if !exposed.contains_key(path) {
            let _ = writeln!(
                problems,
                "- `{path}` is listed under \"Exposed by `helpdesk-runtime`\" but no public item exposes it"
            );
        }
    }
    // Every crate the runtime exposes is in the crate table, at the version it depends on.
    for krate_name in exposed.keys().map(|path| path.split("::").next().unwrap_or_default()) {
        match (list.crates.get(krate_name), deps.get(krate_name)) {
            (None, _) => {
                let _ = writeln!(problems, "- crate `{krate_name}` is exposed but not in \"Crates and versions\"");
            }
            (Some(listed), Some(Some(requirement))) if *listed != series(requirement) => {
                let _ = writeln!(
                    problems,
                    "- `{krate_name}` is listed at {listed} but the runtime depends on `{requirement}` \
                     (a new incompatible version of an exposed crate is a breaking release: see the version policy)"
                );
            }
            _ => {}
        }
    }
    assert!(
        problems.is_empty(),
        "codegen/runtime/EXTERNAL_TYPES.md is out of date with the public API of helpdesk-runtime:\n{problems}\
         Either stop exposing the type (keep it private, or behind `__private` when only generated code uses it) \
         or list it (a new crate also needs its version and the version policy applies)."
    );
}

#[test]
fn generated_crates_expose_only_listed_external_types_and_no_hidden_runtime_item() {
    let list = read_list();
    let (_, runtime_deps) = runtime_crate();
    let allowed: BTreeSet<&String> = list.runtime.iter().chain(&list.generated).collect();
    let mut used = BTreeSet::new();
    let mut problems = String::new();
    for (name, krate, deps) in generated_crates() {
        let exposed = exposures(&krate);
        for path in exposed.keys() {
            used.insert(path.clone());
            if path.starts_with(&format!("{RUNTIME}::{PRIVATE}")) {
                let _ = writeln!(
                    problems,
                    "- {name}: `{path}` (not public API) is exposed by {}",
                    describe(&exposed, path)
                );
            } else if !allowed.contains(path) {
                let _ = writeln!(
                    problems,
                    "- {name}: `{path}` is exposed by {} but is not listed under \"Exposed by every generated crate\"",
                    describe(&exposed, path)
                );
            }
            let krate_name = path.split("::").next().unwrap_or_default();
            // Crates a generated crate names itself, or through the runtime's re-exports.
            let requirement = deps.get(krate_name).or_else(|| runtime_deps.get(krate_name)).cloned().flatten();
            if let (Some(listed), Some(requirement)) = (list.crates.get(krate_name), requirement) {
                if *listed != series(&requirement) {
                    let _ = writeln!(
                        problems,
                        "- {name}: `{krate_name}` is listed at {listed} but the crate depends on `{requirement}`"
                    );
                }
            }
        }
    }
    for path in &list.generated {
        if !used.contains(path) {
            let _ = writeln!(
                problems,
                "- `{path}` is listed under \"Exposed by every generated crate\" but no generated crate exposes it"
            );
        }
    }
    assert!(
        problems.is_empty(),
        "codegen/runtime/EXTERNAL_TYPES.md is out of date with the generated crates:\n{problems}"
    );
}

#[test]
fn every_listed_crate_is_exposed_and_the_crate_docs_name_every_runtime_type() {
    let list = read_list();
    let listed: BTreeSet<&str> =
        list.runtime.iter().chain(&list.generated).map(|path| path.split("::").next().unwrap_or_default()).collect();
    for krate in list.crates.keys() {
        assert!(
            listed.contains(krate.as_str()),
            "crate `{krate}` is in \"Crates and versions\" but none of its types is listed"
        );
    }
    // The runtime's crate docs summarise the list; they must name each type it holds.
    let lib = std::fs::read_to_string(manifest_dir().join("src/lib.rs")).expect("lib.rs");
    let docs: String = lib.lines().filter_map(|line| line.strip_prefix("//!")).collect::<Vec<_>>().join("\n");
    for path in &list.runtime {
        assert!(
            docs.contains(path.as_str()),
            "the crate docs of src/lib.rs (\"External types\") do not mention `{path}`"
        );
    }
}

/// The checker itself finds an external type in every position and ignores hidden items.
#[test]
fn the_checker_sees_every_position_and_skips_hidden_items() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("external-types-fixture");
    std::fs::create_dir_all(dir.join("src")).expect("fixture dir");
    std::fs::write(
        dir.join("src/lib.rs"),
        r#"
        mod inner;
        #[doc(hidden)]
        pub mod hidden { pub fn core() -> tokio::runtime::Handle { todo!() } }
        pub mod open { pub fn sleep() -> ::tokio::time::Sleep { todo!() } }
        pub use crate::inner::{Field, Method, Variant};
        pub use bytes;
        pub trait Bound<T: tracing::Value> {}
        "#,
    )
    .expect("lib.rs");
    std::fs::write(
        dir.join("src/inner.rs"),
        r#"
        use http::{HeaderMap as Headers, StatusCode};
        use serde::Serialize;
        #[derive(Debug, Serialize)]
        pub struct Field { pub headers: Headers, private: url::Url }
        pub enum Variant { Status(StatusCode), Plain }
        pub struct Method;
        impl Method {
            pub fn run<B: ::futures::Stream>(&self, b: B) -> Result<(), anyhow::Error> { todo!() }
            fn private(&self) -> mime::Mime { todo!() }
            #[doc(hidden)]
            pub fn hook(&self) -> regex::Regex { todo!() }
        }
        impl From<Method> for hyper::Body { fn from(_: Method) -> Self { todo!() } }
        impl std::str::FromStr for Method { type Err = toml::de::Error; fn from_str(_: &str) -> Result<Self, Self::Err> { todo!() } }
        pub struct Unused { pub x: chrono::NaiveDate }
        "#,
    )
    .expect("inner.rs");
    let deps = [
        "anyhow", "bytes", "chrono", "futures", "http", "hyper", "mime", "regex", "serde", "tokio", "toml", "tracing",
        "url",
    ];
    let krate = Crate::load("fixture", &dir.join("src/lib.rs"), deps.iter().map(|d| (*d).to_owned()).collect());
    let exposed = exposures(&krate);
    let found: Vec<&str> = exposed.keys().map(String::as_str).collect();
    assert_eq!(
        found,
        [
            "anyhow::Error",
            "bytes",
            "futures::Stream",
            "http::HeaderMap",
            "http::StatusCode",
            "hyper::Body",
            "serde::Serialize",
            "tokio::time::Sleep",
            "toml::de::Error",
            "tracing::Value",
        ],
        "{exposed:#?}"
    );
    assert_eq!(describe(&exposed, "http::HeaderMap"), "fixture::Field::headers");
    assert_eq!(describe(&exposed, "anyhow::Error"), "fixture::Method::run");
}
