//! `ssot config`: the effective configuration, as TOML, with where each part came from
//! (the file and line that set it, or "default").

use std::fmt::Write as _;
use std::ops::Range;

use super::{Config, Copies, RuleLevel, is_manifest, is_pyproject};

/// `"a"`, with TOML's escapes.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let v: Vec<String> = items.into_iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", v.join(", "))
}

fn codes(c: &[crate::rules::Code]) -> String {
    list(c.iter().map(|c| c.as_str()))
}

/// The effective configuration of `cfg`, with origins as comments.
pub fn show(cfg: &Config) -> String {
    let file = cfg.path.file_name().map_or_else(
        || cfg.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let table = if is_manifest(&cfg.path) {
        " ([workspace.metadata.ssot] / [package.metadata.ssot])"
    } else if is_pyproject(&cfg.path) {
        " ([tool.ssot])"
    } else {
        ""
    };
    let line = |r: &Range<usize>| {
        let end = r.start.min(cfg.text.len());
        cfg.text[..end].matches('\n').count() + 1
    };
    let at = |r: &Range<usize>| format!("# {file}:{}", line(r));
    let from = |set: bool| {
        if set {
            format!("# {file}")
        } else {
            "# default".to_string()
        }
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# effective configuration, from {}{table}",
        cfg.path.display()
    );
    let _ = writeln!(o, "# project root: {}\n", cfg.root.display());
    let f = &cfg.files;
    let _ = writeln!(o, "[files]");
    let _ = writeln!(
        o,
        "include = {}  {}",
        list(&f.include),
        from(!f.include.is_empty())
    );
    let _ = writeln!(
        o,
        "exclude = {}  {}",
        list(&f.exclude),
        from(!f.exclude.is_empty())
    );
    let roots = match f.python_root_spans.first() {
        Some(r) => at(r),
        None => "# default".into(),
    };
    let _ = writeln!(o, "python-roots = {}  {roots}", list(&f.python_roots));
    for s in &cfg.symbols {
        let _ = writeln!(o, "\n[[symbol]]  {}", at(&s.span));
        let _ = writeln!(o, "name = {}", q(&s.name));
        let _ = writeln!(o, "canonical = {}", q(&s.canonical));
        let _ = writeln!(o, "aliases = {}", list(&s.aliases));
        let _ = writeln!(o, "facades = {}", list(&s.facades));
        let copies = match s.copies {
            Copies::Off => "off",
            Copies::Exact => "exact",
            Copies::Renamed => "renamed",
            Copies::Near => "near",
        };
        let _ = writeln!(o, "copies = {}", q(copies));
        let _ = writeln!(o, "similarity = {}", s.similarity);
        let _ = writeln!(o, "min-tokens = {}", s.min_tokens);
        if let Some(r) = &s.reason {
            let _ = writeln!(o, "reason = {}", q(r));
        }
    }
    for t in &cfg.tables {
        let _ = writeln!(o, "\n[[table]]  {}", at(&t.span));
        let _ = writeln!(o, "enum = {}", q(&t.enum_name));
        let _ = writeln!(o, "canonical = {}", q(&t.canonical));
        if let Some(n) = &t.name {
            let _ = writeln!(o, "name = {}", q(n));
        }
        let _ = writeln!(o, "min-entries = {}", t.min_entries);
        let _ = writeln!(o, "required = {}", list(&t.required));
        if let Some(r) = &t.reason {
            let _ = writeln!(o, "reason = {}", q(r));
        }
    }
    for g in &cfg.guards {
        let _ = writeln!(o, "\n[[guard]]  {}", at(&g.span));
        let _ = writeln!(o, "values = {}", list(g.values.iter().map(|v| &v.text)));
        let _ = writeln!(o, "through = {}", list(&g.through));
        let _ = writeln!(o, "safe-attributes = {}", list(&g.safe_attributes));
        let _ = writeln!(o, "sinks = {}", list(g.sinks.iter().map(|s| s.join("."))));
        if let Some(r) = &g.reason {
            let _ = writeln!(o, "reason = {}", q(r));
        }
    }
    let r = &cfg.rules;
    let _ = writeln!(o, "\n[rules]");
    match &r.select {
        Some(s) => {
            let _ = writeln!(o, "select = {}  # {file}", codes(s));
        }
        None => {
            let _ = writeln!(o, "select = [\"ALL\"]  # default");
        }
    }
    let _ = writeln!(o, "extend-select = {}", codes(&r.extend_select));
    let _ = writeln!(o, "ignore = {}", codes(&r.ignore));
    let levels: Vec<String> = r
        .severity
        .iter()
        .map(|(c, l)| {
            let l = match l {
                RuleLevel::Error => "error",
                RuleLevel::Warning => "warning",
                RuleLevel::Off => "off",
            };
            format!("{} = {}", c.as_str(), q(l))
        })
        .collect();
    let _ = writeln!(o, "severity = {{ {} }}", levels.join(", "));
    let ignores: Vec<String> = r
        .per_file_ignores
        .iter()
        .map(|(g, c)| format!("{} = {}", q(g), codes(c)))
        .collect();
    let _ = writeln!(o, "per-file-ignores = {{ {} }}", ignores.join(", "));
    let _ = writeln!(o, "unfixable = {}", codes(&r.unfixable));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_every_part_with_its_origin_and_parses_back() {
        let text = "[files]\npython-roots = [\"src\"]\n\n[[symbol]]\nname = \"f\"\ncanonical = \"a.b\"\n\n[rules]\nignore = [\"SSOT002\"]\nseverity = { SSOT008 = \"warning\" }\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        let path = dir.path().join("lint.toml");
        std::fs::write(&path, text).unwrap();
        let cfg = crate::config::load(&path).unwrap();
        let shown = show(&cfg);
        assert!(
            shown.contains("python-roots = [\"src\"]  # lint.toml:2"),
            "{shown}"
        );
        assert!(shown.contains("[[symbol]]  # lint.toml:4"), "{shown}");
        assert!(shown.contains("exclude = []  # default"), "{shown}");
        assert!(shown.contains("copies = \"near\""), "{shown}");
        assert!(
            shown.contains("severity = { SSOT008 = \"warning\" }"),
            "{shown}"
        );
        // What is printed is itself a valid configuration meaning the same.
        let again = crate::config::parse(&path, &shown).unwrap();
        assert_eq!(again.symbols[0].canonical, "a.b");
        assert_eq!(again.rules.ignore, cfg.rules.ignore);
    }
}
