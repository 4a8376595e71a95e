//! Crate discovery and the module tree.

use std::collections::HashMap;

use super::*;

/// A crate `app` (lib) that depends on `relay-core` directly and as `foo`.
pub(super) fn info(module: &str) -> FileInfo {
    let externs = [
        ("std", "std"),
        ("core", "core"),
        ("alloc", "alloc"),
        ("app", "app"),
        ("relay_core", "relay_core"),
        ("foo", "relay_core"),
        ("tracing", "tracing"),
    ];
    FileInfo {
        module: module.to_string(),
        is_package: !module.contains("::"),
        krate: Arc::new(CrateCtx {
            name: "app".into(),
            kind: TargetKind::Lib,
            root: "src/lib.rs".into(),
            externs: externs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            macro_use: Vec::new(),
        }),
    }
}

/// Extract `text` as module `module` of crate `app`; the file's own facts.
pub(super) fn facts(module: &str, text: &str) -> ModuleFacts {
    extract("src/x.rs", &info(module), text).facts.remove(0)
}

/// The source text a span covers.
pub(super) fn at(text: &str, s: Span) -> &str {
    &text[s.start as usize..s.end as usize]
}

/// Discover, extract every file (phase 1), resolve the tree (phase 2).
struct Project {
    layout: Layout,
    problems: Vec<(String, Problem)>,
    tree: Tree,
    /// Final module of every file.
    modules: HashMap<String, String>,
}

fn project(manifests: &[(&str, &str)], files: &[(&str, &str)]) -> Project {
    let manifests: Vec<(String, String)> = manifests
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    let (layout, problems) = discover(&manifests, &paths);
    let mut decls = HashMap::new();
    for (path, text) in files {
        let ex = extract(path, &layout.file(path), text);
        decls.insert(path.to_string(), ex.mods);
    }
    let tree = layout.resolve_tree(&decls);
    let mut modules: HashMap<String, String> = paths
        .iter()
        .map(|p| (p.clone(), layout.file(p).module))
        .collect();
    for (p, i) in &tree.changed {
        modules.insert(p.clone(), i.module.clone());
    }
    Project {
        layout,
        problems,
        tree,
        modules,
    }
}

impl Project {
    fn module(&self, path: &str) -> &str {
        &self.modules[path]
    }
    fn krate(&self, name: &str) -> &CrateCtx {
        self.layout
            .crates()
            .iter()
            .find(|c| c.name == name)
            .expect(name)
    }
}

const APP: &str = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n";

#[test]
fn module_tree_conventional_layout() {
    let p = project(
        &[("Cargo.toml", APP)],
        &[
            (
                "src/lib.rs",
                "mod a; pub mod c;\n#[cfg(unix)] mod unix;\n#[cfg(windows)] mod windows;\n#[cfg(test)] mod tests;",
            ),
            ("src/unix.rs", ""),
            ("src/windows.rs", ""),
            ("src/tests.rs", ""),
            ("src/a.rs", "mod b;"),
            ("src/a/b.rs", ""),
            ("src/c/mod.rs", "mod d;"),
            ("src/c/d.rs", ""),
        ],
    );
    let cases = [
        ("src/lib.rs", "app"),
        ("src/a.rs", "app::a"),
        ("src/a/b.rs", "app::a::b"),
        ("src/c/mod.rs", "app::c"),
        ("src/c/d.rs", "app::c::d"),
        ("src/unix.rs", "app::unix"),
        ("src/windows.rs", "app::windows"),
        ("src/tests.rs", "app::tests"),
    ];
    for (path, module) in cases {
        assert_eq!(p.module(path), module, "{path}");
    }
    assert!(p.layout.file("src/c/mod.rs").is_package);
    assert!(p.layout.file("src/lib.rs").is_package);
    assert!(!p.layout.file("src/a.rs").is_package);
    assert!(p.tree.changed.is_empty(), "{:?}", p.tree.changed);
    assert!(p.tree.problems.is_empty());
    assert!(p.tree.notes.is_empty());
}

#[test]
fn path_attribute_and_inline_modules() {
    let p = project(
        &[("Cargo.toml", APP)],
        &[
            (
                "src/lib.rs",
                "#[path = \"../shared/util.rs\"] mod util;\nmod outer { pub mod inner; }\nmod x;\n#[path = \"elsewhere\"] mod dir { mod leaf; }",
            ),
            ("shared/util.rs", "mod sub;"),
            ("shared/sub.rs", ""),
            ("src/outer/inner.rs", ""),
            ("src/x.rs", "mod y { mod z; }"),
            ("src/x/y/z.rs", ""),
            ("src/elsewhere/leaf.rs", ""),
        ],
    );
    assert_eq!(p.module("shared/util.rs"), "app::util");
    // A `#[path]` file is mod.rs-like: its children live next to it.
    assert_eq!(p.module("shared/sub.rs"), "app::util::sub");
    assert_eq!(p.module("src/outer/inner.rs"), "app::outer::inner");
    assert_eq!(p.module("src/x/y/z.rs"), "app::x::y::z");
    assert_eq!(p.module("src/elsewhere/leaf.rs"), "app::dir::leaf");
    let mut changed: Vec<&str> = p.tree.changed.iter().map(|(f, _)| f.as_str()).collect();
    changed.sort();
    assert_eq!(
        changed,
        ["shared/sub.rs", "shared/util.rs", "src/elsewhere/leaf.rs"]
    );
    assert!(p.tree.problems.is_empty(), "{:?}", p.tree.problems);
}

#[test]
fn missing_module_file_is_a_warning() {
    let lib = "pub mod here;\nmod gone;\n";
    let p = project(
        &[("Cargo.toml", APP)],
        &[("src/lib.rs", lib), ("src/here.rs", "mod deeper;")],
    );
    let got: Vec<(&str, &str, bool, &str)> = p
        .tree
        .problems
        .iter()
        .map(|(f, pr)| {
            (
                f.as_str(),
                pr.message.as_str(),
                pr.is_error,
                at(lib, pr.span),
            )
        })
        .collect();
    assert_eq!(
        got[0],
        (
            "src/lib.rs",
            "module file not found: looked for src/gone.rs and src/gone/mod.rs",
            false,
            "mod gone;",
        )
    );
    assert_eq!(
        got[1].1,
        "module file not found: looked for src/here/deeper.rs and src/here/deeper/mod.rs"
    );
    assert_eq!(got.len(), 2);
}

#[test]
fn unreachable_file_gets_a_note_and_a_location_module() {
    let p = project(
        &[("Cargo.toml", APP)],
        &[
            ("src/lib.rs", ""),
            ("src/orphan.rs", ""),
            ("scripts/gen-data.rs", ""),
        ],
    );
    assert_eq!(p.module("src/orphan.rs"), "app::orphan");
    assert_eq!(p.module("scripts/gen-data.rs"), "app::scripts::gen_data");
    assert_eq!(p.tree.notes.len(), 2);
    assert!(
        p.tree.notes[1].starts_with("src/orphan.rs: no crate root reaches this file"),
        "{:?}",
        p.tree.notes
    );
    // Outside every package: a crate named after the first directory.
    let loose = project(&[], &[("tools/a/b.rs", ""), ("x.rs", "")]);
    assert_eq!(loose.module("tools/a/b.rs"), "tools::a::b");
    assert_eq!(loose.layout.file("tools/a/b.rs").krate.name, "tools");
    assert_eq!(loose.module("x.rs"), "x");
}

#[test]
fn targets_bins_tests_examples_benches() {
    let manifest =
        "[package]\nname = \"my-app\"\n\n[[bin]]\nname = \"my-tool\"\npath = \"tools/t.rs\"\n";
    let p = project(
        &[("Cargo.toml", manifest)],
        &[
            ("src/lib.rs", ""),
            ("src/main.rs", "mod cli;"),
            ("src/cli.rs", ""),
            ("src/bin/tool.rs", ""),
            ("src/bin/multi/main.rs", "mod helper;"),
            ("src/bin/multi/helper.rs", ""),
            ("tests/it.rs", "mod common;"),
            ("tests/other.rs", "mod common;"),
            ("tests/common/mod.rs", ""),
            ("examples/demo.rs", ""),
            ("benches/speed.rs", ""),
            ("tools/t.rs", ""),
            ("build.rs", ""),
        ],
    );
    let cases = [
        ("src/lib.rs", "my_app"),
        ("src/main.rs", "my_app"),
        ("src/bin/tool.rs", "tool"),
        ("src/bin/multi/main.rs", "multi"),
        ("src/bin/multi/helper.rs", "multi::helper"),
        ("tests/it.rs", "it"),
        ("tests/common/mod.rs", "it::common"),
        ("examples/demo.rs", "demo"),
        ("benches/speed.rs", "speed"),
        ("tools/t.rs", "my_tool"),
        ("build.rs", "build_script_build"),
    ];
    for (path, module) in cases {
        assert_eq!(p.module(path), module, "{path}");
    }
    // `src/cli.rs` is declared by main.rs only: it belongs to the binary, not the library.
    assert_eq!(p.layout.file("src/cli.rs").krate.kind, TargetKind::Lib);
    let (_, cli) = p
        .tree
        .changed
        .iter()
        .find(|(f, _)| f == "src/cli.rs")
        .unwrap();
    assert_eq!(
        (cli.module.as_str(), cli.krate.kind),
        ("my_app::cli", TargetKind::Bin)
    );
    // Non-library targets see the package's library.
    assert_eq!(p.krate("it").extern_crate("my_app"), Some("my_app"));
    let kinds: Vec<TargetKind> = p.layout.crates().iter().map(|c| c.kind).collect();
    assert_eq!(kinds[0], TargetKind::Lib);
}

#[test]
fn crate_names_and_lib_name_override() {
    let p = project(
        &[
            (
                "core/Cargo.toml",
                "[package]\nname = \"relay-core\"\n[lib]\nname = \"rc\"\n",
            ),
            (
                "app/Cargo.toml",
                "[package]\nname = \"relay-app\"\n[dependencies]\nrelay-core = { path = \"../core\" }\n",
            ),
            ("plain/Cargo.toml", "[package]\nname = \"plain-lib\"\n"),
        ],
        &[
            ("core/src/lib.rs", ""),
            ("app/src/main.rs", ""),
            ("plain/src/lib.rs", ""),
        ],
    );
    assert_eq!(p.module("core/src/lib.rs"), "rc");
    assert_eq!(p.module("app/src/main.rs"), "relay_app");
    assert_eq!(p.module("plain/src/lib.rs"), "plain_lib");
    // A path dependency is named in code by its library name.
    assert_eq!(p.krate("relay_app").extern_crate("rc"), Some("rc"));
    assert_eq!(p.krate("relay_app").extern_crate("relay_core"), None);
}

#[test]
fn dependency_renames_in_every_table() {
    let manifest = r#"
[package]
name = "app"
[dependencies]
foo = { package = "relay-core", path = "../core" }
serde = "1"
[dev-dependencies]
dev_alias = { package = "test-utils", version = "1" }
[build-dependencies]
b = { package = "build-helper", version = "1" }
[target.'cfg(unix)'.dependencies]
nix_alias = { package = "nix", version = "0.29" }
"#;
    let p = project(&[("app/Cargo.toml", manifest)], &[("app/src/lib.rs", "")]);
    let k = p.krate("app");
    let cases = [
        ("foo", Some("relay_core")),
        ("serde", Some("serde")),
        ("dev_alias", Some("test_utils")),
        ("b", Some("build_helper")),
        ("nix_alias", Some("nix")),
        ("std", Some("std")),
        ("app", Some("app")),
        ("tokio", None),
    ];
    for (name, real) in cases {
        assert_eq!(k.extern_crate(name), real, "{name}");
    }
    // ... and extraction maps the renamed first segment to the real crate.
    let text = "use foo::utils::h;\nfn f() { foo::utils::g(); }";
    let ex = extract("app/src/lib.rs", &p.layout.file("app/src/lib.rs"), text);
    let f = &ex.facts[0];
    assert_eq!(f.imports[0].module, "relay_core::utils");
    assert_eq!(f.references[0].target, "relay_core::utils::g");
    assert_eq!(f.references[0].written.as_deref(), Some("foo::utils::g"));
}

#[test]
fn workspace_members_globs_exclude_and_inherited_deps() {
    let root = r#"
[workspace]
members = ["crates/*"]
exclude = ["crates/old"]
[workspace.dependencies]
core2 = { package = "relay-core", path = "crates/core" }
"#;
    let p = project(
        &[
            ("Cargo.toml", root),
            (
                "crates/core/Cargo.toml",
                "[package]\nname = \"relay-core\"\n",
            ),
            (
                "crates/app/Cargo.toml",
                "[package]\nname = \"app\"\n[dependencies]\ncore2 = { workspace = true }\n",
            ),
            (
                "crates/old/Cargo.toml",
                "[package]\nname = \"old\"\n[dependencies]\ncore2 = { workspace = true }\n",
            ),
        ],
        &[
            ("crates/core/src/lib.rs", ""),
            ("crates/app/src/lib.rs", ""),
            ("crates/old/src/lib.rs", ""),
        ],
    );
    assert_eq!(p.module("crates/core/src/lib.rs"), "relay_core");
    assert_eq!(p.module("crates/old/src/lib.rs"), "old");
    assert_eq!(p.krate("app").extern_crate("core2"), Some("relay_core"));
    // Excluded: not a member, so nothing is inherited from the workspace.
    assert_eq!(p.krate("old").extern_crate("core2"), Some("core2"));
    assert_eq!(p.layout.notes().len(), 1);
    assert!(p.layout.notes()[0].starts_with("crates/old/Cargo.toml: package is not a member"));
    assert!(p.problems.is_empty());
}

#[test]
fn invalid_manifest_is_a_problem_and_discovery_goes_on() {
    let bad = "[package]\nname = \"broken\nversion = 1\n";
    let p = project(
        &[("bad/Cargo.toml", bad), ("Cargo.toml", APP)],
        &[("src/lib.rs", ""), ("bad/src/lib.rs", "")],
    );
    assert_eq!(p.problems.len(), 1);
    let (path, pr) = &p.problems[0];
    assert_eq!(path, "bad/Cargo.toml");
    assert!(pr.is_error);
    assert!(
        pr.message.starts_with("invalid Cargo.toml: "),
        "{}",
        pr.message
    );
    assert!(
        pr.span.start >= 10 && (pr.span.start as usize) <= bad.len(),
        "{:?}",
        pr.span
    );
    assert_eq!(p.module("src/lib.rs"), "app");
    // The broken package's files fall under the enclosing package.
    assert_eq!(p.module("bad/src/lib.rs"), "app::bad::src::lib");
}

#[test]
fn autodiscovery_can_be_turned_off_and_only_main() {
    let manifest = "[package]\nname = \"tool\"\nautobins = false\nautotests = false\n";
    let p = project(
        &[("Cargo.toml", manifest)],
        &[
            ("src/main.rs", "mod util;"),
            ("src/util.rs", ""),
            ("src/bin/x.rs", ""),
            ("tests/t.rs", ""),
        ],
    );
    assert!(p.layout.crates().is_empty(), "{:?}", p.layout.crates());
    let p = project(
        &[("Cargo.toml", "[package]\nname = \"tool\"\n")],
        &[("src/main.rs", "mod util;"), ("src/util.rs", "")],
    );
    assert_eq!(p.module("src/util.rs"), "tool::util");
    assert_eq!(p.layout.file("src/util.rs").krate.kind, TargetKind::Bin);
    assert!(p.tree.changed.is_empty());
}

#[test]
fn root_extern_crates_are_read_from_top_level_items_only() {
    let text = "\u{feff}//! Doc: extern crate nope as no;\n\
        #[macro_use]\nextern crate serde;\n\
        pub extern crate price_core as px;\n\
        extern crate self as shop;\n\
        extern crate hidden as _;\n\
        extern \"C\" { fn abs(x: i32) -> i32; }\n\
        mod inner { extern crate inner_only as io; }\n\
        const S: &str = \"extern crate in_string as s;\";\n\
        extern crate r#async as asy;\n";
    assert_eq!(
        manifest::root_extern_crates(text),
        [
            ("serde".to_string(), "serde".to_string()),
            ("px".into(), "price_core".into()),
            ("shop".into(), "self".into()),
            ("asy".into(), "async".into()),
        ]
    );
    assert!(
        manifest::root_extern_crates("#!/usr/bin/env run\nextern crate a as b;")
            .contains(&("b".to_string(), "a".to_string()))
    );
    assert!(manifest::root_extern_crates("extern crate a as b; fn f( {").is_empty());
}

/// `extern crate price_core as px;` in a crate root adds `px` to the extern prelude: every
/// module of that crate (not the crate's tests, another crate) may write `px::..`.
#[test]
fn extern_crate_alias_in_a_root_applies_to_the_whole_crate() {
    let manifests = [
        ("pricing/Cargo.toml", "[package]\nname = \"pricing\"\n"),
        (
            "storefront/Cargo.toml",
            "[package]\nname = \"storefront\"\n[dependencies]\n\
             price_core = { package = \"pricing\", path = \"../pricing\" }\n",
        ),
    ];
    let root = "extern crate price_core as px;\nextern crate self as shop;\npub mod cart;\n";
    let cart = "use px::tax::format_price;\nfn g() { shop::display::show(); px::legacy::f(); }\n";
    let files = [
        ("pricing/src/lib.rs", ""),
        ("storefront/src/lib.rs", root),
        ("storefront/src/cart.rs", cart),
        ("storefront/tests/t.rs", cart),
        ("storefront/scripts/x.rs", cart),
    ];
    let manifests: Vec<(String, String)> = manifests
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    let (mut layout, _) = discover(&manifests, &paths);
    let facts_of = |layout: &Layout, path: &str, text: &str| {
        extract(path, &layout.file(path), text).facts.remove(0)
    };
    // Before: `px` is unknown outside the root.
    let before = facts_of(&layout, "storefront/src/cart.rs", cart);
    assert_eq!(before.imports[0].module, "px::tax");

    assert!(layout.is_crate_root("storefront/src/lib.rs"));
    assert!(!layout.is_crate_root("storefront/src/cart.rs"));
    assert!(!layout.add_root_externs("storefront/src/cart.rs", root));
    assert!(layout.add_root_externs("storefront/src/lib.rs", root));
    assert!(!layout.add_root_externs("storefront/src/lib.rs", root));

    for path in ["storefront/src/cart.rs", "storefront/scripts/x.rs"] {
        let f = facts_of(&layout, path, cart);
        assert_eq!(f.imports[0].module, "pricing::tax", "{path}");
        let targets: Vec<&str> = f.references.iter().map(|r| r.target.as_str()).collect();
        assert_eq!(
            targets,
            ["storefront::display::show", "pricing::legacy::f"],
            "{path}"
        );
    }
    // The integration test is a crate of its own: no `px` there.
    let t = facts_of(&layout, "storefront/tests/t.rs", cart);
    assert_eq!(t.imports[0].module, "px::tax");
    // The root itself still resolves through its own `extern crate` item.
    let r = facts_of(&layout, "storefront/src/lib.rs", root);
    assert_eq!(r.imports[0].module, "pricing");
    // The module tree walk hands out the updated crates too.
    let decls: HashMap<String, Vec<ModDecl>> = files
        .iter()
        .map(|(p, t)| (p.to_string(), extract(p, &layout.file(p), t).mods))
        .collect();
    let tree = layout.resolve_tree(&decls);
    assert!(tree.changed.is_empty(), "{:?}", tree.changed);
}

/// A renamed dependency is a package alias (suggestions spell it the code's way), unless
/// the crate also depends on it under its own name.
#[test]
fn package_aliases_only_for_crates_named_no_other_way() {
    assert!(facts("app::x", "").package_aliases.is_empty());
    let mut only_renamed = info("app::x");
    Arc::get_mut(&mut only_renamed.krate)
        .unwrap()
        .externs
        .remove("relay_core");
    let f = extract("src/x.rs", &only_renamed, "").facts.remove(0);
    assert_eq!(
        f.package_aliases,
        [("foo".to_string(), "relay_core".to_string())]
    );
}

#[test]
fn merging_a_name_into_a_use() {
    use crate::lang::Frontend;
    let fe = super::frontend::Rust;
    let m = |s: &str| fe.merge_import(s, "h", "h");
    assert_eq!(m("use crate::a::f;").unwrap(), "use crate::a::{f, h};");
    assert_eq!(
        m("pub use crate::a::f as g;").unwrap(),
        "pub use crate::a::{f as g, h};"
    );
    assert_eq!(
        m("use crate::a::{f, g,};").unwrap(),
        "use crate::a::{f, g, h};"
    );
    assert_eq!(
        fe.merge_import("use crate::a::{self, f};", "h", "old")
            .unwrap(),
        "use crate::a::{self, f, h as old};"
    );
    assert!(m("use crate::a::*;").is_none());
    assert!(m("use crate::{a::f, b::{g}};").is_none());
}
