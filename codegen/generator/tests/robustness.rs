//! The robustness suite (issue #9): hostile specs never crash, hang or exhaust the generator.
//!
//! Every reproducer class is a fixture (`tests/robustness/`, or built in code when large) that
//! is generated in a child process (this test binary run again, see [`child_generates_one_spec`])
//! under an address-space limit and a timeout; each must end in success (with the warnings
//! named) or in an error naming the exact pointer. A seeded property test mutates the vendored
//! specs and asserts that generation never panics, in a child process too (a stack overflow
//! aborts a process, which `catch_unwind` cannot stop).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::{generate_crate, Job};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

/// The spec a child process generates (set by the parent).
const CHILD_SPEC: &str = "CODEGEN_ROBUSTNESS_SPEC";
/// Set (to the number of cases) when the child runs the property test instead.
const CHILD_PROPTEST: &str = "CODEGEN_ROBUSTNESS_PROPTEST";
/// Address space of a child: 2 GiB (the fan-out reproducers took 3.9 GB before the fix).
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// Time a fixture may take in a debug build.
const TIMEOUT: Duration = Duration::from_secs(60);

fn job(spec: &Path) -> Job {
    let mut job = Job::standalone(spec, "robust", Path::new("../runtime"));
    job.spec.shown = PathBuf::from(spec.file_name().expect("a file"));
    job
}

/// Child mode: generates the spec named by [`CHILD_SPEC`] and prints the outcome as one line
/// of JSON (`OUTCOME {…}`); or runs the property test when [`CHILD_PROPTEST`] is set.
/// Without either variable (a normal test run) it does nothing.
#[test]
fn child_generates_one_spec() {
    if let Ok(cases) = std::env::var(CHILD_PROPTEST) {
        mutations::run(cases.parse().expect("a number of cases"));
        return;
    }
    let Some(spec) = std::env::var_os(CHILD_SPEC) else { return };
    let mut job = Job::standalone(Path::new(&spec), "robust", Path::new("../runtime"));
    job.spec.shown = PathBuf::from(Path::new(&spec).file_name().expect("a file"));
    let outcome = match generate_crate(&job) {
        Ok(generated) => json!({
            "ok": true,
            "warnings": generated.warnings.iter().map(|w| w.pointer.clone()).collect::<Vec<_>>(),
            "skipped": generated
                .degraded
                .iter()
                .filter(|d| d.kind == codegen::DegradationKind::Operation)
                .map(|d| json!({"pointer": d.warning.pointer, "message": d.warning.to_string()}))
                .collect::<Vec<_>>(),
        }),
        Err(err) => json!({"ok": false, "file": err.file, "pointer": err.pointer, "message": err.to_string()}),
    };
    println!("OUTCOME {outcome}");
}

/// How a child process ended.
struct Run {
    /// `None` when it was killed at the timeout.
    status: Option<std::process::ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs this test binary's [`child_generates_one_spec`] with `env`, under [`MEMORY_KIB`] of
/// address space, killed after `timeout`.
fn run_child(env: &[(&str, &str)], timeout: Duration) -> Run {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = scratch().join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v \"$1\" && shift && exec \"$@\"")
        .arg("sh")
        .arg(MEMORY_KIB.to_string())
        .arg(exe)
        .args(["child_generates_one_spec", "--exact", "--nocapture", "--test-threads=1", "--quiet"])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"));
    for (key, value) in env {
        command.env(key, value);
    }
    let start = Instant::now();
    let mut child = command.spawn().expect("the child starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break Some(status);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    Run { status, stdout: read(&out), stderr: read(&err), elapsed: start.elapsed() }
}

/// A folder for generated fixtures and child output.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/robustness").join(name)
}

/// What a fixture must end in.
enum Expect {
    /// Generation succeeds, with (at least) warnings at these pointers.
    Ok(Vec<String>),
    /// Generation fails with an error at exactly this pointer, whose text contains this.
    Err(&'static str, &'static str),
    /// Generation succeeds without the operation whose problem is at exactly this pointer
    /// (a skipped operation, `DegradationKind::Operation`), the warning containing this text.
    Skipped(&'static str, &'static str),
}

fn ok(warnings: &[&str]) -> Expect {
    Expect::Ok(warnings.iter().map(|w| (*w).to_owned()).collect())
}

/// Writes a generated fixture into the scratch folder.
fn write(name: &str, text: &str) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, text).expect("the fixture is written");
    path
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://example.invalid'}]\n";

/// One operation `GET /a` named `id` with a query parameter named `param`.
fn named(id: &str, param: &str) -> String {
    format!(
        "{HEAD}paths:\n  {path}:\n    get:\n      operationId: {id}\n      parameters:\n        - {{name: {param}, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {param}, in: query, schema: {{type: integer}}}}\n      responses: {{'200': {{description: ok}}}}\n",
        path = serde_json::to_string(&format!("/a/{{{param}}}")).unwrap(),
        id = serde_json::to_string(id).unwrap(),
        param = serde_json::to_string(param).unwrap(),
    )
}

/// Non-schema `$ref`s that fan out: `x0 → {a: x1, b: x1} … x40` (2^40 copies when inlined).
fn ref_fan_out() -> String {
    // Callbacks hold operations, which hold callbacks: references that fan out. (`$ref`s inside
    // an Example Object's `value` are data, not references.)
    let mut text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      callbacks: {{c: {{$ref: '#/components/callbacks/x0'}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  callbacks:\n"
    );
    for level in 0..40 {
        let next = level + 1;
        let _ = writeln!(
            text,
            "    x{level}: {{'{{$url}}': {{post: {{responses: {{'200': {{description: ok}}}}, callbacks: {{a: {{$ref: '#/components/callbacks/x{next}'}}, b: {{$ref: '#/components/callbacks/x{next}'}}}}}}}}}}"
        );
    }
    text.push_str("    x40: {}\n");
    text
}

/// YAML aliases that fan out: `levels` levels of `fan` aliases each to the level below.
fn alias_bomb(levels: usize, fan: usize) -> String {
    let mut text = format!("{HEAD}paths: {{}}\nx-bomb:\n  l0: &l0 [{}]\n", vec!["abcdef"; fan].join(", "));
    for level in 1..levels {
        let previous = level - 1;
        let _ = writeln!(text, "  l{level}: &l{level} [{}]", vec![format!("*l{previous}"); fan].join(", "));
    }
    text
}

/// `count` schemas, each with an inline enum property.
fn many_enums(count: usize) -> String {
    let mut text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..count {
        let _ = writeln!(
            text,
            "    S{i}:\n      type: object\n      properties:\n        state: {{type: string, enum: [open, closed, v{i}]}}\n        id: {{type: integer}}"
        );
    }
    text
}

/// A chain of `count` parameter `$ref`s.
fn ref_chain(count: usize) -> String {
    let mut text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/components/parameters/p0'}}]\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  parameters:\n"
    );
    for i in 0..count {
        let _ = writeln!(text, "    p{i}: {{$ref: '#/components/parameters/p{}'}}", i + 1);
    }
    let _ = writeln!(text, "    p{count}: {{name: p, in: query, schema: {{type: string}}}}");
    text
}

/// Every reproducer of issue #9's generator classes and the loading errors of issue #8.
fn cases() -> Vec<(String, PathBuf, Expect)> {
    let op = "/paths/~1a~1{id}/get";
    let mut cases: Vec<(String, PathBuf, Expect)> = vec![
        (
            "allOf self cycle".into(),
            fixture("allof_self_cycle.yaml"),
            Expect::Err("/components/schemas/A/allOf/0/$ref", "includes itself"),
        ),
        (
            "allOf cycle A → B → C → A".into(),
            fixture("allof_indirect_cycle.yaml"),
            Expect::Err("/components/schemas/C/$ref", "A → B → C → A"),
        ),
        (
            "integers beyond 64 bits".into(),
            fixture("big_integers.yaml"),
            ok(&["/components/schemas/Seed/minimum", "/components/schemas/Seed/maximum"]),
        ),
        ("duplicate keys".into(), fixture("duplicate_keys.yaml"), ok(&["/paths/~1a/get"])),
        ("openapi: 3.0 as a YAML number".into(), fixture("openapi_number.yaml"), ok(&[])),
        (
            "dropped input".into(),
            fixture("dropped_input.yaml"),
            ok(&[
                "/paths/a~1b",
                "/paths/~1items~1{id}/get/responses/20X",
                "/paths/~1items~1{id}/get/responses/abc",
                "/paths/~1items~1{id}/get/responses/0",
                "/paths/~1items~1{id}/get/responses/99999",
                "/paths/~1items~1{id}/get",
            ]),
        ),
        (
            "$ref: '#'".into(),
            fixture("ref_to_root.yaml"),
            Expect::Skipped("/paths/~1a/get/parameters/0/$ref", "whole document"),
        ),
        (
            "$ref: '#//'".into(),
            fixture("ref_empty_token.yaml"),
            Expect::Skipped("/paths/~1a/get/parameters/0/$ref", "empty reference token"),
        ),
        (
            "$ref: '#/servers[0]'".into(),
            fixture("ref_not_a_pointer.yaml"),
            Expect::Skipped("/paths/~1a/get/parameters/0/$ref", "#/servers/0"),
        ),
        (
            "cross-file $ref to a broken file".into(),
            fixture("cross_file/main.yaml"),
            Expect::Err("/paths/~1a/get/parameters/0/$ref", "broken.yaml"),
        ),
        (
            // Any object of a file in the spec's folder may be referenced: it is inlined.
            "cross-file $ref to a non-component".into(),
            fixture("cross_file/not_component.yaml"),
            ok(&[]),
        ),
        ("$ref chain of 50".into(), write("ref_chain_50.yaml", &ref_chain(50)), ok(&[])),
        (
            "$ref chain of 10,000".into(),
            write("ref_chain.yaml", &ref_chain(10_000)),
            Expect::Skipped("/paths/~1a/get/parameters/0/$ref", "chained"),
        ),
        (
            "$ref fan-out 2^40".into(),
            write("ref_fan_out.yaml", &ref_fan_out()),
            Expect::Skipped("/paths/~1a/get/callbacks/c/$ref", "fan out"),
        ),
        ("YAML alias bomb (small)".into(), write("alias_bomb_small.yaml", &alias_bomb(12, 8)), Expect::Err("", "")),
        ("YAML alias bomb (231 KB)".into(), write("alias_bomb_large.yaml", &alias_bomb(600, 64)), Expect::Err("", "")),
        (
            "YAML flow nesting 100k".into(),
            write(
                "deep_flow.yaml",
                &format!("{HEAD}paths: {{}}\nx-deep: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            ),
            Expect::Err("", "nest deeper"),
        ),
        (
            "YAML block nesting 2k".into(),
            write(
                "deep_block.yaml",
                &format!(
                    "{HEAD}paths: {{}}\nx-deep:\n{}",
                    (1..2000).map(|i| format!("{}- \n", " ".repeat(i))).collect::<String>()
                ),
            ),
            Expect::Err("", ""),
        ),
        (
            "JSON nesting 100k".into(),
            write(
                "deep.json",
                &format!("{{\"openapi\": \"3.0.3\", \"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
            ),
            Expect::Err("", "nest deeper"),
        ),
        ("500 schemas with inline enums".into(), write("many_enums.yaml", &many_enums(500)), ok(&[])),
    ];
    for name in ["1abc", "123", "0", "²", "½", "①", "ünïcode", "self", "type"] {
        cases.push((
            format!("operation and parameter named {name:?}"),
            write(&format!("name_{}.yaml", cases.len()), &named(name, name)),
            ok(&[]),
        ));
    }
    for name in ["", "_", "-", "🎉"] {
        let spec = named(name, "id");
        cases.push((
            format!("operation named {name:?}"),
            write(&format!("name_{}.yaml", cases.len()), &spec),
            ok(&[&format!("{op}/operationId")]),
        ));
    }
    cases
}

/// Every fixture ends in time and within memory, in success or an error at its pointer.
#[test]
fn hostile_specs_end_in_success_or_a_pointed_error() {
    if std::env::var_os(CHILD_SPEC).is_some() || std::env::var_os(CHILD_PROPTEST).is_some() {
        return;
    }
    let start = Instant::now();
    let mut failures = Vec::new();
    let cases = cases();
    let (mut crashes, mut timeouts) = (0, 0);
    for (name, spec, expect) in &cases {
        let run = run_child(&[(CHILD_SPEC, &spec.display().to_string())], TIMEOUT);
        let outcome =
            run.stdout.lines().find_map(|line| line.strip_prefix("OUTCOME ")).map(serde_json::from_str::<Value>);
        let problem = match (run.status, outcome) {
            (None, _) => {
                timeouts += 1;
                Some(format!("timed out after {:?}", run.elapsed))
            }
            (Some(status), None) | (Some(status), Some(Err(_))) => {
                crashes += 1;
                Some(format!("crashed ({status}): {}", run.stderr.chars().take(2000).collect::<String>()))
            }
            (Some(_), Some(Ok(outcome))) => check(&outcome, expect),
        };
        eprintln!("{:>7.2}s {name}", run.elapsed.as_secs_f64());
        if let Some(problem) = problem {
            failures.push(format!("{name}: {problem}"));
        }
    }
    eprintln!(
        "robustness: {} inputs, {crashes} crashes, {timeouts} timeouts, {} wrong outcomes, in {:.1}s",
        cases.len(),
        failures.len() - crashes - timeouts,
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What is wrong with `outcome` given `expect`, if anything.
fn check(outcome: &Value, expect: &Expect) -> Option<String> {
    let pointer = outcome["pointer"].as_str().unwrap_or_default();
    let message = outcome["message"].as_str().unwrap_or_default();
    match expect {
        Expect::Ok(warnings) => {
            if outcome["ok"] != true {
                return Some(format!("expected success, got {message}"));
            }
            let got: Vec<&str> = outcome["warnings"].as_array()?.iter().filter_map(Value::as_str).collect();
            let missing: Vec<&String> = warnings.iter().filter(|w| !got.contains(&w.as_str())).collect();
            (!missing.is_empty()).then(|| format!("missing warnings at {missing:?}; got {got:?}"))
        }
        Expect::Skipped(expected, text) => {
            if outcome["ok"] != true {
                return Some(format!("expected success without the operation, got {message}"));
            }
            let skipped = outcome["skipped"].as_array().cloned().unwrap_or_default();
            let Some(found) = skipped.iter().find(|s| s["pointer"] == *expected) else {
                return Some(format!("expected the operation at {expected:?} to be skipped; skipped: {skipped:?}"));
            };
            let warning = found["message"].as_str().unwrap_or_default();
            (!warning.contains(text)).then(|| format!("expected {text:?} in the warning, got {warning}"))
        }
        Expect::Err(expected, text) => {
            if outcome["ok"] == true {
                return Some("expected an error, generation succeeded".to_owned());
            }
            // A pointer is RFC 6901 (or empty for errors located by line and column).
            let wellformed = pointer.is_empty() || (pointer.starts_with('/') && !pointer.contains("//"));
            if !wellformed || (!expected.is_empty() && pointer != *expected) {
                return Some(format!("expected an error at {expected:?}, got {message}"));
            }
            (!message.contains(text)).then(|| format!("expected {text:?} in the error, got {message}"))
        }
    }
}

/// The property test: seeded mutations of the vendored specs never make the generator panic
/// (run in a child process with the same limits, so that an abort is caught too).
#[test]
fn mutated_vendored_specs_never_panic() {
    if std::env::var_os(CHILD_SPEC).is_some() || std::env::var_os(CHILD_PROPTEST).is_some() {
        return;
    }
    let run = run_child(&[(CHILD_PROPTEST, "100")], Duration::from_secs(300));
    eprintln!("{}", run.stdout.lines().filter(|l| l.starts_with("proptest")).collect::<Vec<_>>().join("\n"));
    assert!(
        run.status.is_some_and(|s| s.success()),
        "the property test failed ({:?}, {:?}):\n{}\n{}",
        run.status,
        run.elapsed,
        run.stdout.chars().rev().take(3000).collect::<String>().chars().rev().collect::<String>(),
        run.stderr.chars().rev().take(3000).collect::<String>().chars().rev().collect::<String>()
    );
}

/// Mutations of the vendored specs (as the generator reads them: bundled and overlaid).
mod mutations {
    use super::*;

    /// Values put in place of a random node.
    fn hostile_values(names: &[String]) -> Vec<Value> {
        let mut values = vec![
            Value::Null,
            json!(true),
            json!(0),
            json!(-1),
            json!(1e308),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(""),
            json!("1abc"),
            json!("²"),
            json!("🎉"),
            json!("{id}"),
            json!("\r\u{202E}```rust\nstd::process::exit(3);\n```"),
            json!([]),
            json!({}),
            json!({"$ref": "#"}),
            json!({"$ref": "#//"}),
            json!({"$ref": "#/servers[0]"}),
            json!({"$ref": "#/components/schemas/nope"}),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "A": {"type": "string"}}}),
            json!({"type": "string", "enum": ["a", "A", "", "1", null]}),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"type": "integer", "minimum": 1e300, "exclusiveMaximum": true}),
        ];
        for name in names {
            let reference = format!("#/components/schemas/{}", helpdesk_spec::escape_token(name));
            values.push(json!({"$ref": reference}));
            values.push(json!({"allOf": [{"$ref": reference}, {"type": "object"}]}));
        }
        values
    }

    /// Keys put in place of a random key.
    const KEYS: [&str; 12] = ["", "_", "1abc", "²", "🎉", "type", "self", "$ref", "allOf", "20X", "/x/{id}", "a/b~c"];

    /// The pointers of every node of `value`, in document order.
    fn pointers(value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let mut pending = vec![(String::new(), value)];
        while let Some((at, value)) = pending.pop() {
            match value {
                Value::Object(map) => pending
                    .extend(map.iter().rev().map(|(k, v)| (format!("{at}/{}", helpdesk_spec::escape_token(k)), v))),
                Value::Array(items) => {
                    pending.extend(items.iter().enumerate().rev().map(|(i, v)| (format!("{at}/{i}"), v)))
                }
                _ => {}
            }
            out.push(at);
        }
        out
    }

    /// Splits a pointer into its parent and last (unescaped) token.
    fn parent(pointer: &str) -> Option<(&str, String)> {
        let (parent, last) = pointer.rsplit_once('/')?;
        Some((parent, last.replace("~1", "/").replace("~0", "~")))
    }

    /// Applies mutation `kind` at the node chosen by `at`, with `pick` choosing the value.
    fn mutate(spec: &mut Value, kind: u8, at: u64, pick: u64, values: &[Value]) -> String {
        let all = pointers(spec);
        let target = &all[(at % all.len() as u64) as usize];
        let value = values[(pick % values.len() as u64) as usize].clone();
        match kind {
            // Replace the node.
            0 | 1 => {
                if let Some(node) = spec.pointer_mut(target) {
                    *node = value.clone();
                }
                format!("{target} = {value}")
            }
            // Remove the node.
            2 => {
                let Some((parent_at, last)) = parent(target) else { return "nothing".into() };
                match spec.pointer_mut(parent_at) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(index) = last.parse::<usize>() {
                            if index < items.len() {
                                items.remove(index);
                            }
                        }
                    }
                    _ => {}
                }
                format!("remove {target}")
            }
            // Rename the key.
            3 => {
                let Some((parent_at, last)) = parent(target) else { return "nothing".into() };
                let key = KEYS[(pick % KEYS.len() as u64) as usize];
                if let Some(Value::Object(map)) = spec.pointer_mut(parent_at) {
                    if let Some(moved) = map.shift_remove(&last) {
                        map.insert(key.to_owned(), moved);
                    }
                }
                format!("rename {target} to {key:?}")
            }
            // Copy another node here.
            _ => {
                let source = &all[(pick % all.len() as u64) as usize];
                let copy = spec.pointer(source).cloned().unwrap_or(Value::Null);
                if let Some(node) = spec.pointer_mut(target) {
                    *node = copy;
                }
                format!("{target} = copy of {source}")
            }
        }
    }

    /// Keeps `keep` paths of `spec` (chosen by `seed`) and the components they reach, so
    /// that a large spec generates quickly.
    fn slice(spec: &mut Value, keep: usize, seed: u64) {
        let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else { return };
        if paths.len() > keep {
            let start = (seed % paths.len() as u64) as usize;
            let chosen: Vec<String> = paths.keys().cycle().skip(start).take(keep).cloned().collect();
            paths.retain(|path, _| chosen.contains(path));
        }
        // Components reachable from the kept paths (and the security schemes).
        let mut reached = std::collections::BTreeSet::new();
        let mut pending: Vec<Value> = vec![spec["paths"].clone()];
        while let Some(value) = pending.pop() {
            let mut refs = Vec::new();
            collect_refs(&value, &mut refs);
            for reference in refs {
                if reached.insert(reference.clone()) {
                    if let Some(target) = reference.strip_prefix('#').and_then(|p| spec.pointer(p)) {
                        pending.push(target.clone());
                    }
                }
            }
        }
        if let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) {
            for (section, entries) in components.iter_mut() {
                if section == "securitySchemes" {
                    continue;
                }
                if let Some(entries) = entries.as_object_mut() {
                    entries.retain(|name, _| {
                        reached.contains(&format!("#/components/{section}/{}", helpdesk_spec::escape_token(name)))
                    });
                }
            }
        }
    }

    fn collect_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    out.push(reference.to_owned());
                }
                map.values().for_each(|v| collect_refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }

    /// The vendored specs, bundled and overlaid.
    fn vendored() -> Vec<Value> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut specs = Vec::new();
        let names = helpdesk_spec::providers::names(&root).expect("the vendored providers");
        for provider in helpdesk_spec::providers::load(&root, &names).expect("their manifests") {
            let mut spec = provider.effective_spec().expect("a vendored spec loads").spec;
            // A standalone job takes its server from the spec: give every spec one.
            if spec.get("servers").is_none() {
                spec["servers"] = json!([{"url": "https://example.invalid"}]);
            }
            specs.push(spec);
        }
        assert!(specs.len() >= 4, "the four vendored specs");
        specs
    }

    /// Runs `cases` seeded cases; panics (failing the child) when one panics.
    pub fn run(cases: u32) {
        let specs = vendored();
        let dir = scratch().join(format!("mutated-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let config = Config { cases, failure_persistence: None, max_shrink_iters: 16, ..Config::default() };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[9; 32]);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let strategy =
            (0..specs.len(), any::<u64>(), prop::collection::vec((0u8..5, any::<u64>(), any::<u64>()), 1..4));
        let counts = std::cell::Cell::new((0u32, 0u32));
        let result = runner.run(&strategy, |(index, seed, mutations)| {
            let mut spec = specs[index].clone();
            slice(&mut spec, 3, seed);
            let names: Vec<String> = spec
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|s| s.keys().cloned().collect())
                .unwrap_or_default();
            let values = hostile_values(&names);
            let applied: Vec<String> =
                mutations.iter().map(|&(kind, at, pick)| mutate(&mut spec, kind, at, pick, &values)).collect();
            // Written before generating, so that an abort leaves the case behind.
            eprintln!("case: spec {index}, {applied:?}");
            let path = dir.join("spec.json");
            std::fs::write(&path, serde_json::to_string(&spec).expect("JSON")).expect("written");
            let outcome = generate_crate(&job(&path));
            let (ok, err) = counts.get();
            match outcome {
                Ok(_) => counts.set((ok + 1, err)),
                Err(error) => {
                    counts.set((ok, err + 1));
                    if std::env::var_os("CODEGEN_ROBUSTNESS_VERBOSE").is_some() {
                        println!("refused: {}", error.message.chars().take(90).collect::<String>());
                    }
                    let wellformed = error.pointer.is_empty() || error.pointer.starts_with('/');
                    if !wellformed {
                        return Err(TestCaseError::fail(format!("not a JSON pointer: {error}")));
                    }
                }
            }
            Ok(())
        });
        let (ok, err) = counts.get();
        println!("proptest: {} inputs ({ok} generated, {err} refused with an error), 0 panics", ok + err);
        if let Err(failure) = result {
            panic!("a mutated spec broke the generator: {failure}");
        }
    }
}
