//! The catalogue table in `README.md` is generated from [`specdiff::CHECKS`]; this test keeps
//! it in sync (run with `SPECDIFF_UPDATE_README=1` to rewrite the table).

use std::path::Path;

const START: &str = "<!-- catalogue:start -->\n";
const END: &str = "<!-- catalogue:end -->";

fn table() -> String {
    let mut out = String::from("| Check id | Level | Direction | Crate bump | Detects |\n|---|---|---|---|---|\n");
    for check in specdiff::CHECKS {
        let direction = match check.direction {
            specdiff::Direction::Request => "request",
            specdiff::Direction::Response => "response",
            specdiff::Direction::Api => "—",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            check.id,
            check.level.tag(),
            direction,
            if check.type_only { format!("{} (type only)", check.bump.name()) } else { check.bump.name().to_owned() },
            check.summary.replace('|', "\\|")
        ));
    }
    out.push_str(&format!("\n{} checks.\n", specdiff::CHECKS.len()));
    out
}

#[test]
fn readme_lists_every_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md exists");
    let start = readme.find(START).expect("catalogue start marker") + START.len();
    let end = readme.find(END).expect("catalogue end marker");
    let expected = table();
    if readme[start..end] != expected {
        if std::env::var_os("SPECDIFF_UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], expected, &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("README.md catalogue is out of date; rerun with SPECDIFF_UPDATE_README=1. Expected:\n{expected}");
        }
    }
}
