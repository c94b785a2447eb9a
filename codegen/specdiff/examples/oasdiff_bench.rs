//! Agreement benchmark against oasdiff's checker tests (see `bench/oasdiff/README.md`).
//!
//! Reads an oasdiff checkout (its Go test sources as text and its test data, nothing is
//! built or run), extracts the base/revision pairs its checker tests diff without changing
//! the loaded specs in Go code, together with the check ids the tests expect, and compares
//! spec-diff's breaking/non-breaking verdict with oasdiff's on each pair.
//!
//! ```sh
//! cargo run --release -p specdiff --example oasdiff_bench -- OASDIFF_DIR [--markdown] [--skipped]
//! ```
//!
//! `OASDIFF_DIR` may also be given as the environment variable `OASDIFF_DIR`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specdiff::{Level, Spec};

/// What the Go sources of oasdiff's checker package define.
struct Catalogue {
    /// Go constant (`RequestBodyRemovedId`) to check id (`request-body-removed`).
    ids: BTreeMap<String, String>,
    /// Check id to its default level (`ERR`, `WARN`, `INFO`) from the rule table.
    levels: BTreeMap<String, String>,
    /// Test helpers `xFile := dataFileFn("sub")`: helper name to `data/sub`.
    file_helpers: BTreeMap<String, String>,
}

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    id: String,
    level: String,
}

/// A test whose two specs are used unmodified, with what it expects.
struct Case {
    test: String,
    base: String,
    revision: String,
    expected: BTreeSet<Expected>,
    /// Whether the test ran all of oasdiff's checks (else one check only).
    all_checks: bool,
}

/// A base/revision pair with the expectations of every test that diffs it.
struct Pair {
    tests: Vec<String>,
    base: String,
    revision: String,
    expected: BTreeSet<Expected>,
    /// Whether at least one of the tests ran all of oasdiff's checks.
    all_checks: bool,
}

/// A pair's measurement.
struct Outcome {
    oasdiff_breaking: bool,
    /// Whether oasdiff's expectation covers all of its checks.
    all_checks: bool,
    /// Our findings as (id, level), or the error that kept the pair from being compared.
    ours: Result<Vec<(&'static str, Level)>, String>,
}

impl Outcome {
    fn ours_breaking(&self) -> Option<bool> {
        self.ours.as_ref().ok().map(|f| f.iter().any(|(_, l)| *l == Level::Error))
    }

    fn agrees(&self) -> bool {
        self.ours_breaking() == Some(self.oasdiff_breaking)
    }
}

fn main() -> ExitCode {
    let mut dir = std::env::var_os("OASDIFF_DIR").map(PathBuf::from);
    let (mut markdown, mut show_skipped) = (false, false);
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--markdown" => markdown = true,
            "--skipped" => show_skipped = true,
            "-h" | "--help" => {
                println!("usage: oasdiff_bench OASDIFF_DIR [--markdown] [--skipped]");
                return ExitCode::SUCCESS;
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: oasdiff_bench OASDIFF_DIR [--markdown] [--skipped] (or set OASDIFF_DIR)");
        return ExitCode::from(2);
    };
    match run(&dir, markdown, show_skipped) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("oasdiff_bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(dir: &Path, markdown: bool, show_skipped: bool) -> Result<(), String> {
    let checker = dir.join("checker");
    let mut sources = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&checker)
        .map_err(|e| format!("cannot read {}: {e} (is this an oasdiff checkout?)", checker.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        sources.push((name, text));
    }
    let catalogue = Catalogue::read(&sources);
    let mut cases = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut tests = 0;
    for (file, text) in sources.iter().filter(|(name, _)| name.ends_with("_test.go")) {
        for (name, body) in test_functions(text) {
            tests += 1;
            let label = format!("{}:{name}", file.trim_end_matches(".go"));
            match extract(&catalogue, body) {
                Ok((base, revision, expected, all_checks)) => {
                    cases.push(Case { test: label, base, revision, expected, all_checks });
                }
                Err(reason) => skipped.push((label, reason)),
            }
        }
    }
    let pairs = merge(cases);
    let outcomes: Vec<Outcome> = pairs.iter().map(|pair| measure(dir, pair)).collect();

    if markdown {
        print_markdown(&pairs, &outcomes);
    } else {
        for (pair, outcome) in pairs.iter().zip(&outcomes) {
            println!("{}", pair_line(pair, outcome));
        }
    }
    if show_skipped {
        println!();
        for (test, reason) in &skipped {
            println!("skipped {test}: {reason}");
        }
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, reason) in &skipped {
        *reasons.entry(reason_kind(reason)).or_default() += 1;
    }
    println!();
    println!("test functions scanned: {tests}; used: {}; skipped: {}", tests - skipped.len(), skipped.len());
    for (reason, count) in reasons {
        println!("  skipped, {reason}: {count}");
    }
    print_totals(&outcomes, markdown);
    Ok(())
}

impl Catalogue {
    fn read(sources: &[(String, String)]) -> Catalogue {
        let mut ids = BTreeMap::new();
        let mut levels = BTreeMap::new();
        let mut file_helpers = BTreeMap::new();
        for (name, text) in sources {
            let test = name.ends_with("_test.go");
            for line in text.lines() {
                let line = line.trim();
                if test {
                    // deprecationFile = dataFileFn("deprecation")
                    if let Some((lhs, rhs)) = line.split_once('=') {
                        if let Some(sub) = rhs.trim().strip_prefix("dataFileFn(\"") {
                            let sub = sub.split('"').next().unwrap_or_default();
                            file_helpers
                                .insert(lhs.trim().trim_end_matches(':').trim().to_owned(), format!("data/{sub}"));
                        }
                    }
                    continue;
                }
                // RequestBodyRemovedId = "request-body-removed"
                if let Some((lhs, rhs)) = line.split_once('=') {
                    let lhs = lhs.trim();
                    if lhs.ends_with("Id") && is_ident(lhs) {
                        if let Some(value) = rhs.trim().strip_prefix('"') {
                            ids.insert(lhs.to_owned(), value.split('"').next().unwrap_or_default().to_owned());
                        }
                    }
                }
            }
        }
        for (_, text) in sources.iter().filter(|(name, _)| !name.ends_with("_test.go")) {
            for chunk in text.split("newBackwardCompatibilityRule(").skip(1) {
                let mut args = chunk.splitn(3, ',').map(str::trim);
                let (Some(constant), Some(level)) = (args.next(), args.next()) else { continue };
                if let Some(id) = ids.get(constant) {
                    if matches!(level, "ERR" | "WARN" | "INFO") {
                        levels.insert(id.clone(), level.to_owned());
                    }
                }
            }
        }
        Catalogue { ids, levels, file_helpers }
    }

    fn expected(&self, id: &str) -> Expected {
        let id = id.to_owned();
        let level = self.levels.get(&id).cloned().unwrap_or_else(|| "?".to_owned());
        Expected { id, level }
    }
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The `func TestX(t *testing.T) { … }` functions of a gofmt-formatted file: (name, body).
fn test_functions(text: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("\nfunc Test") {
        let after = &rest[start + "\nfunc ".len()..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let end = after.find("\n}\n").map_or(after.len(), |e| e + 3);
        out.push((name, &after[..end]));
        rest = &after[end..];
        if rest.is_empty() {
            break;
        }
        // Keep the newline in front of the next `func`.
        rest = &after[end - 1..];
    }
    out
}

/// A spec loaded by a test: the variable and the file (relative to the oasdiff root).
struct Load {
    var: String,
    file: Result<String, String>,
    line: usize,
}

/// Extracts (base, revision, expectations) from a test body, or why the test is not used.
fn extract(catalogue: &Catalogue, body: &str) -> Result<(String, String, BTreeSet<Expected>, bool), String> {
    if body.contains("t.Run(") {
        return Err("table-driven (t.Run): files and expectations come from a table".to_owned());
    }
    if body.contains("GetPathsDiff(") || body.contains("loadFrom(") {
        return Err("composed mode (several specs per side)".to_owned());
    }
    if body.contains("WithSeverityLevels") {
        return Err("custom severity levels".to_owned());
    }
    let lines: Vec<&str> = body.lines().collect();
    let mut loads = Vec::new();
    let mut helper_pair = None;
    for (n, line) in lines.iter().enumerate() {
        if let Some(load) = parse_load(catalogue, line, n) {
            loads.push(load);
        }
        if let Some(args) = call_args(line, "d(t, ") {
            // d(t, diff.NewConfig(), 702, 1): data/openapi-test{v}.yaml, all checks.
            let args: Vec<&str> = args.split(',').map(str::trim).collect();
            if args.len() >= 4 && args[2].parse::<u32>().is_ok() && args[3].parse::<u32>().is_ok() {
                helper_pair =
                    Some((format!("data/openapi-test{}.yaml", args[2]), format!("data/openapi-test{}.yaml", args[3])));
            } else {
                return Err("d() helper with computed versions".to_owned());
            }
        }
        if let Some(args) = call_args(line, "stabilityChanges(t, ") {
            // stabilityChanges(t, "base.yaml", "revision.yaml", level): data/stability/, all checks.
            let files: Vec<&str> = args.split('"').skip(1).step_by(2).collect();
            if files.len() != 2 {
                return Err("stabilityChanges() with computed files".to_owned());
            }
            helper_pair = Some((format!("data/stability/{}", files[0]), format!("data/stability/{}", files[1])));
        }
    }
    let diff_calls = body.matches("diff.GetWithOperationsSourcesMap(").count();
    let (base, revision, all_checks) = if let Some((base, revision)) = helper_pair {
        if !loads.is_empty()
            || diff_calls > 0
            || lines
                .iter()
                .filter(|l| call_args(l, "d(t, ").is_some() || call_args(l, "stabilityChanges(t, ").is_some())
                .count()
                > 1
        {
            return Err("several diffs in one test".to_owned());
        }
        (base, revision, true)
    } else {
        if diff_calls == 0 {
            return Err("no diff of two loaded specs".to_owned());
        }
        if diff_calls > 1 {
            return Err("several diffs in one test".to_owned());
        }
        let start = body.find("diff.GetWithOperationsSourcesMap(").unwrap_or_default();
        let call = balanced(&body[start..]);
        let args = split_top_level(&call[call.find('(').map_or(0, |i| i + 1)..call.len().saturating_sub(1)]);
        if args.len() != 3 {
            return Err("diff call with unexpected arguments".to_owned());
        }
        let var_of = |arg: &str| -> String {
            let arg = arg.trim();
            let arg = arg.strip_prefix("&load.SpecInfo{Spec:").map_or(arg, |a| a.trim_end_matches('}').trim());
            arg.trim_end_matches(".Spec").to_owned()
        };
        let (old_var, new_var) = (var_of(&args[1]), var_of(&args[2]));
        let find = |var: &str| loads.iter().rev().find(|l| l.var == var);
        let (Some(old), Some(new)) = (find(&old_var), find(&new_var)) else {
            return Err("specs not loaded from files by a recognised helper".to_owned());
        };
        let base = old.file.clone()?;
        let revision = new.file.clone()?;
        // Anything else that names a loaded spec changes or inspects it: not the files as they are.
        let load_lines: BTreeSet<usize> = loads.iter().map(|l| l.line).collect();
        let mut rest = String::new();
        for (n, line) in lines.iter().enumerate().skip(1) {
            if !load_lines.contains(&n) {
                rest.push_str(line);
                rest.push('\n');
            }
        }
        let rest = rest.replacen(&call, "", 1);
        for var in [&old_var, &new_var] {
            if let Some(line) = rest.lines().find(|l| mentions(l, var)) {
                return Err(format!("spec changed in Go code after loading: {}", line.trim()));
            }
        }
        let all = body.contains("allChecksConfig(") || body.contains("GetAllChecks()");
        let single = body.contains("singleCheckConfig(");
        (base, revision, all && !single)
    };
    if base == revision {
        return Err("the same file on both sides".to_owned());
    }
    let expected = expectations(catalogue, &lines);
    if expected.is_empty() {
        let asserts_empty = lines.iter().any(|l| {
            let l = l.trim();
            // require.Empty(t, errs) or require.Len(t, errs, 0): no change at all (not `errs[0].X()`).
            let arg = |prefix: &str, suffix: &str| {
                l.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix)).is_some_and(is_ident)
            };
            arg("require.Empty(t, ", ")") || arg("require.Len(t, ", ", 0)")
        });
        if !asserts_empty {
            return Err("no expected check id found".to_owned());
        }
        if !all_checks {
            return Err("asserts only that one check finds nothing (other checks not run)".to_owned());
        }
    }
    Ok((base, revision, expected, all_checks))
}

/// A line `v, err := open("…")`, `v := l(t, 3)`, `v, err := loader.LoadFromFile("…")` or
/// `v, err := load.NewSpecInfo(loader, load.NewSource("…"))`.
fn parse_load(catalogue: &Catalogue, line: &str, n: usize) -> Option<Load> {
    let (lhs, rhs) = line.split_once(":=").or_else(|| line.split_once(" = "))?;
    let var = lhs.split(',').next()?.trim().to_owned();
    if !is_ident(&var) {
        return None;
    }
    let rhs = rhs.trim();
    let file = if let Some(arg) = rhs.strip_prefix("open(") {
        file_arg(catalogue, arg)
    } else if let Some(arg) = rhs.strip_prefix("l(t, ") {
        let version: String = arg.chars().take_while(char::is_ascii_digit).collect();
        if version.is_empty() {
            Err("openapi-test version computed in Go code".to_owned())
        } else {
            Ok(format!("data/openapi-test{version}.yaml"))
        }
    } else if let Some(i) = rhs.find(".LoadFromFile(") {
        file_arg(catalogue, &rhs[i + ".LoadFromFile(".len()..])
    } else if let Some(i) = rhs.find("load.NewSource(").filter(|_| rhs.starts_with("load.NewSpecInfo(")) {
        file_arg(catalogue, &rhs[i + "load.NewSource(".len()..])
    } else {
        return None;
    };
    Some(Load { var, file, line: n })
}

/// The file named by `"../data/x.yaml"` or `helper("x.yaml")` (text after the opening paren).
fn file_arg(catalogue: &Catalogue, arg: &str) -> Result<String, String> {
    if let Some(lit) = arg.strip_prefix('"') {
        let lit = lit.split('"').next().unwrap_or_default();
        return Ok(normalise(&format!("checker/{lit}")));
    }
    let helper: String = arg.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let inner = &arg[helper.len()..];
    match (catalogue.file_helpers.get(&helper), inner.strip_prefix("(\"")) {
        (Some(sub), Some(lit)) => Ok(format!("{sub}/{}", lit.split('"').next().unwrap_or_default())),
        _ => Err("file name computed in Go code".to_owned()),
    }
}

/// `checker/../data/x` → `data/x`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The argument text of a call `name(...)` in a line (`name` starts at a word boundary).
fn call_args<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let i = line.find(prefix)?;
    if line[..i].chars().last().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
        return None;
    }
    let call = balanced(&line[i..]);
    let open = prefix.find('(')? + 1;
    Some(&line[i + open..i + call.len().saturating_sub(1).max(open)])
}

/// The text from the start of `s` to the parenthesis that closes its first `(`.
fn balanced(s: &str) -> String {
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' | '{' | '[' if !in_string => depth += 1,
            ')' | '}' | ']' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return s[..=i].to_owned();
                }
            }
            _ => {}
        }
    }
    s.to_owned()
}

fn split_top_level(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("never empty").push(c);
    }
    out.retain(|a| !a.trim().is_empty());
    out
}

/// Whether `text` names the identifier `var`.
fn mentions(text: &str, var: &str) -> bool {
    text.match_indices(var).any(|(i, _)| {
        let before = text[..i].chars().last();
        let after = text[i + var.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !word(before) && !word(after) && before != Some('.')
    })
}

/// The check ids a test expects to be reported, with their levels.
fn expectations(catalogue: &Catalogue, lines: &[&str]) -> BTreeSet<Expected> {
    let mut expected = BTreeSet::new();
    let mut levels = BTreeSet::new();
    for line in lines {
        let line = line.trim();
        let constants: Vec<&str> = line
            .split("checker.")
            .skip(1)
            .map(|s| s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or_default())
            .collect();
        if line.contains("GetLevel()") && line.starts_with("require.Equal(") {
            levels.extend(constants.iter().filter(|c| matches!(**c, "ERR" | "WARN" | "INFO")).map(|c| (*c).to_owned()));
            continue;
        }
        let mut ids: Vec<String> = constants.into_iter().filter_map(|c| catalogue.ids.get(c)).cloned().collect();
        // Ids written as string literals: `require.Equal(t, "request-body-removed", errs[0].GetId())`.
        ids.extend(
            line.split('"').skip(1).step_by(2).filter(|s| catalogue.levels.contains_key(*s)).map(|s| (*s).to_owned()),
        );
        if ids.is_empty() {
            continue;
        }
        let is_equal = line.starts_with("require.Equal(") || line.starts_with("assert.Equal(");
        let positive =
            if line.starts_with("Id:") || line.contains("requireChange(") || line.contains("requireSingleChange(") {
                true
            } else if line.contains("containsId(") {
                !(line.contains("False") || line.contains("!containsId"))
            } else if line.contains("GetId() == checker.") {
                // if e.GetId() == checker.XId { found = true … }; require.True(t, found)
                true
            } else if line.starts_with("require.True(") && line.contains("[checker.") {
                // ids[e.GetId()] = true; require.True(t, ids[checker.XId])
                true
            } else {
                is_equal && (line.contains("GetId()") || line.contains(".Id)"))
            };
        if positive {
            expected.extend(ids.iter().map(|id| catalogue.expected(id)));
        }
    }
    // A test that asserts only the level of the single check it runs: that check at that level.
    if expected.is_empty() && levels.len() == 1 {
        if let Some(check) = lines.iter().find_map(|l| l.split("singleCheckConfig(checker.").nth(1)) {
            let check: String = check.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let level = levels.into_iter().next().expect("one level");
            return BTreeSet::from([Expected { id: format!("({check})"), level }]);
        }
    }
    // A level the test asserts overrides the rule table when the test expects a single id.
    let ids: BTreeSet<&String> = expected.iter().map(|e| &e.id).collect();
    if ids.len() == 1 && levels.len() == 1 {
        let level = levels.into_iter().next().expect("one level");
        return expected.into_iter().map(|e| Expected { level: level.clone(), ..e }).collect();
    }
    expected
}

/// Groups the cases by (base, revision).
fn merge(cases: Vec<Case>) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = Vec::new();
    for case in cases {
        if let Some(pair) = pairs.iter_mut().find(|p| p.base == case.base && p.revision == case.revision) {
            pair.tests.push(case.test);
            pair.expected.extend(case.expected);
            pair.all_checks |= case.all_checks;
        } else {
            pairs.push(Pair {
                tests: vec![case.test],
                base: case.base,
                revision: case.revision,
                expected: case.expected,
                all_checks: case.all_checks,
            });
        }
    }
    pairs
}

fn measure(dir: &Path, pair: &Pair) -> Outcome {
    let oasdiff_breaking = pair.expected.iter().any(|e| e.level == "ERR");
    let load = |file: &str| Spec::load(&dir.join(file), file, None).map_err(|e| first_line(&e.to_string()));
    let ours = load(&pair.base).and_then(|old| {
        let new = load(&pair.revision)?;
        let report = specdiff::diff_specs(&old, &new);
        let mut found: Vec<(&'static str, Level)> = report.findings.iter().map(|f| (f.id, f.level)).collect();
        found.sort();
        found.dedup();
        Ok(found)
    });
    Outcome { oasdiff_breaking, all_checks: pair.all_checks, ours }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.len() > 160 {
        format!("{}…", &line[..line.char_indices().nth(160).map_or(line.len(), |(i, _)| i)])
    } else {
        line.to_owned()
    }
}

fn level_tag(level: Level) -> &'static str {
    match level {
        Level::Error => "ERR",
        Level::Warning => "WARN",
        Level::Info => "INFO",
    }
}

fn expected_text(pair: &Pair) -> String {
    let scope = if pair.all_checks { "all checks" } else { "one check" };
    if pair.expected.is_empty() {
        return format!("none [{scope}]");
    }
    let ids = pair.expected.iter().map(|e| format!("{}({})", e.id, e.level)).collect::<Vec<_>>().join(", ");
    format!("{ids} [{scope}]")
}

fn ours_text(outcome: &Outcome) -> String {
    match &outcome.ours {
        Err(e) => format!("not compared: {e}"),
        Ok(found) if found.is_empty() => "none".to_owned(),
        Ok(found) => found.iter().map(|(id, l)| format!("{id}({})", level_tag(*l))).collect::<Vec<_>>().join(", "),
    }
}

fn tests_text(pair: &Pair) -> String {
    let mut text = pair.tests[0].clone();
    if pair.tests.len() > 1 {
        let _ = write!(text, " (+{} more)", pair.tests.len() - 1);
    }
    text
}

fn pair_line(pair: &Pair, outcome: &Outcome) -> String {
    let verdict = match outcome.ours_breaking() {
        None => "not-compared",
        Some(_) if outcome.agrees() => "agree",
        Some(_) => "DISAGREE",
    };
    format!(
        "{verdict:<12} {} | {} -> {} | oasdiff: {} | ours: {}",
        tests_text(pair),
        pair.base,
        pair.revision,
        expected_text(pair),
        ours_text(outcome)
    )
}

fn print_markdown(pairs: &[Pair], outcomes: &[Outcome]) {
    println!("| verdict | test | base → revision | oasdiff | ours |");
    println!("|---|---|---|---|---|");
    for (pair, outcome) in pairs.iter().zip(outcomes) {
        let verdict = match outcome.ours_breaking() {
            None => "not compared",
            Some(_) if outcome.agrees() => "agree",
            Some(_) => "**disagree**",
        };
        let base = pair.base.trim_start_matches("data/");
        let revision = pair.revision.trim_start_matches("data/");
        println!(
            "| {verdict} | {} | `{base}` → `{revision}` | {} | {} |",
            tests_text(pair),
            expected_text(pair),
            ours_text(outcome)
        );
    }
}

fn print_totals(outcomes: &[Outcome], markdown: bool) {
    let pairs = outcomes.len();
    let compared = outcomes.iter().filter(|o| o.ours.is_ok()).count();
    let detected = outcomes.iter().filter(|o| o.ours.as_ref().is_ok_and(|f| !f.is_empty())).count();
    let agree = outcomes.iter().filter(|o| o.agrees()).count();
    let count = |oasdiff: bool, ours: bool| {
        outcomes.iter().filter(|o| o.oasdiff_breaking == oasdiff && o.ours_breaking() == Some(ours)).count()
    };
    let oasdiff_breaking = outcomes.iter().filter(|o| o.oasdiff_breaking).count();
    let all = outcomes.iter().filter(|o| o.all_checks).count();
    let all_agree = outcomes.iter().filter(|o| o.all_checks && o.agrees()).count();
    println!();
    if markdown {
        println!("| pairs | compared | change detected | verdict agrees | both breaking | both not | missed (oasdiff ERR, ours not) | stricter (ours ERR, oasdiff not) | all-checks pairs: agree |");
        println!("|---|---|---|---|---|---|---|---|---|");
        println!(
            "| {pairs} ({oasdiff_breaking} breaking for oasdiff) | {compared} | {detected} | {agree} | {} | {} | {} | {} | {all_agree} of {all} |",
            count(true, true),
            count(false, false),
            count(true, false),
            count(false, true)
        );
    } else {
        println!("pairs: {pairs} ({oasdiff_breaking} breaking for oasdiff)");
        println!("compared (both specs loaded): {compared}");
        println!("change detected (ours has any finding): {detected}");
        println!("verdict agrees: {agree} of {pairs}");
        println!("  both breaking: {}", count(true, true));
        println!("  both not breaking: {}", count(false, false));
        println!("disagree, oasdiff breaking and ours not (missed): {}", count(true, false));
        println!("disagree, ours breaking and oasdiff not (stricter): {}", count(false, true));
        println!("not compared (counted as not agreeing): {}", pairs - compared);
        println!("pairs whose tests ran all oasdiff checks: {all}, verdict agrees: {all_agree}");
    }
}

/// The reason without details, for the skip summary.
fn reason_kind(reason: &str) -> &str {
    reason.split_once(": ").map_or(reason, |(kind, _)| kind)
}
