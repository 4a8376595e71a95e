//! `fixtures/EXPECTED.md` lists, for every fixture, each planted violation as
//! `- path:line: CODE description`. This test runs the binary on each fixture and checks
//! that it reports exactly those (path, line, code) triples: every planted violation and
//! nothing else.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

type Triple = (String, usize, String);

fn expected() -> Vec<(String, BTreeSet<Triple>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("fixtures/EXPECTED.md")).unwrap();
    let mut out: Vec<(String, BTreeSet<Triple>)> = Vec::new();
    let mut in_planted = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            out.push((
                name.trim().trim_end_matches('/').to_string(),
                BTreeSet::new(),
            ));
            in_planted = false;
        } else if line.starts_with("### ") {
            in_planted = line.contains("Planted");
        } else if let (true, Some(item)) = (in_planted, line.strip_prefix("- ")) {
            // path:line: CODE ...
            let mut parts = item.splitn(3, ':');
            let (Some(path), Some(l), Some(rest)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(l) = l.trim().parse() else { continue };
            let code = rest.split_whitespace().next().unwrap_or("").to_string();
            if code.starts_with("SSOT") {
                out.last_mut()
                    .unwrap()
                    .1
                    .insert((path.to_string(), l, code));
            }
        }
    }
    out
}

fn actual(fixture: &str) -> BTreeSet<Triple> {
    let out = Command::new(env!("CARGO_BIN_EXE_ssot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            &format!("fixtures/{fixture}"),
            "--format",
            "concise",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let mut p = l.splitn(4, ':');
            let path = p.next().unwrap().to_string();
            let line = p.next().unwrap().parse().unwrap();
            let _col = p.next();
            let code = p
                .next()
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            (path, line, code)
        })
        .collect()
}

#[test]
fn every_fixture_reports_exactly_its_planted_violations() {
    let fixtures = expected();
    assert!(fixtures.len() >= 9, "{fixtures:?}");
    let mut failures = Vec::new();
    for (name, want) in &fixtures {
        let got = actual(name);
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(want).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{name}:\n  missing: {missing:?}\n  unexpected: {extra:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
