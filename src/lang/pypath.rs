//! Python file -> dotted module path, through `[files] python-roots`.
//!
//! `a/b/c.py` under a root is `a.b.c`; `a/b/__init__.py` is the package `a.b` itself.
//! Directories without `__init__.py` still form module paths (namespace packages).

/// The module path of the file at `rel` (relative to the config root, `/`-separated),
/// and whether it is a package (`__init__.py`). The longest matching root wins; a file
/// under no root is named from its path relative to the config root.
pub fn module_for_file(rel: &str, roots: &[String]) -> (String, bool) {
    let mut best: Option<&str> = None;
    for root in roots {
        let r = root.trim_matches('/').trim_start_matches("./");
        let r = if r == "." { "" } else { r };
        let under = r.is_empty() || rel.starts_with(&format!("{r}/"));
        if under && best.is_none_or(|b| r.len() > b.len()) {
            best = Some(r);
        }
    }
    let inner = match best {
        Some("") | None => rel,
        Some(r) => &rel[r.len() + 1..],
    };
    let stem = inner
        .strip_suffix(".pyi")
        .or_else(|| inner.strip_suffix(".py"))
        .unwrap_or(inner);
    let mut parts: Vec<&str> = stem.split('/').filter(|p| !p.is_empty()).collect();
    let is_package = parts.last() == Some(&"__init__");
    if is_package {
        parts.pop();
    }
    (parts.join("."), is_package)
}

#[cfg(test)]
mod tests {
    use super::module_for_file;

    #[test]
    fn module_paths() {
        let roots = vec![".".to_string()];
        let cases: &[(&str, &[&str], &str, bool)] = &[
            ("a/b/c.py", &["."], "a.b.c", false),
            ("a/b/__init__.py", &["."], "a.b", true),
            ("__init__.py", &["."], "", true),
            ("top.py", &["."], "top", false),
            ("src/pkg/m.py", &["src"], "pkg.m", false),
            ("src/pkg/m.py", &[".", "src"], "pkg.m", false),
            ("src/pkg/m.py", &["./src/"], "pkg.m", false),
            ("tests/test_m.py", &["src"], "tests.test_m", false),
            ("srcx/m.py", &["src"], "srcx.m", false),
            ("ns/sub/m.py", &["."], "ns.sub.m", false),
        ];
        for (rel, r, module, pkg) in cases {
            let r: Vec<String> = r.iter().map(|s| s.to_string()).collect();
            assert_eq!(
                module_for_file(rel, &r),
                (module.to_string(), *pkg),
                "{rel}"
            );
        }
        assert_eq!(module_for_file("x.py", &roots).0, "x");
    }
}
