//! `ssot discover`: the copies nobody named. Groups functions that are copies of each
//! other across modules, and string -> enum tables over the same enum in several modules,
//! each with a suggested canonical and a ready lint.toml block. No lint.toml needed.
//!
//! Scale: no pass compares every function with every other. Exact and renamed copies are
//! bucketed by hash; near copies go through an inverted index from winnowed k-gram to the
//! functions holding it (grams held by very many functions are skipped as boilerplate), so
//! each function is compared only with the few that share enough grams with it.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::copies::{self, Level};
use crate::facts::{AliasTable, DefKind, Definition, ModuleFacts};
use crate::index::Index;
use crate::lang::Lang;

/// What `discover` looks for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Near copies: Jaccard similarity (or containment) at least this.
    pub similarity: f64,
    /// Bodies with fewer normalised tokens are never grouped.
    pub min_tokens: usize,
    /// Tables with fewer entries for an enum are not grouped.
    pub min_entries: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            similarity: 0.85,
            min_tokens: crate::config::DEFAULT_MIN_TOKENS,
            min_entries: 3,
        }
    }
}

/// Where a group belongs in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Copies across modules of the code itself: the single-source-of-truth violations.
    Main,
    /// Every member in test code.
    Tests,
    /// Every member in one file.
    SameFile,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Main => "main",
            Section::Tests => "tests",
            Section::SameFile => "same-file",
        }
    }
}

/// One function of a group.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    pub file: &'a ModuleFacts,
    pub def: &'a Definition,
    /// Similarity to the suggested canonical (1.0 for itself and exact/renamed copies).
    pub similarity: f64,
}

/// Functions that are copies of each other.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub level: Level,
    /// The lowest similarity of a member to the suggested canonical.
    pub similarity: f64,
    /// The suggested canonical first, then the others by path.
    pub members: Vec<Member<'a>>,
    pub section: Section,
}

impl Group<'_> {
    pub fn canonical(&self) -> &Member<'_> {
        &self.members[0]
    }
    /// The `[[symbol]]` block declaring the suggested canonical.
    pub fn config(&self) -> String {
        let c = self.canonical();
        let mut aliases: Vec<&str> = self
            .members
            .iter()
            .map(|m| m.def.name.as_str())
            .filter(|n| *n != c.def.name)
            .collect();
        aliases.sort_unstable();
        aliases.dedup();
        let mut s = format!(
            "[[symbol]]\nname = {:?}\ncanonical = {:?}\n",
            c.def.name, c.file.module
        );
        if !aliases.is_empty() {
            s += &format!(
                "aliases = [{}]\n",
                aliases
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        s
    }
}

/// Alias tables for one enum in several modules.
#[derive(Debug, Clone)]
pub struct TableGroup<'a> {
    pub enum_name: String,
    pub lang: Lang,
    /// The suggested canonical first.
    pub members: Vec<(&'a ModuleFacts, &'a AliasTable)>,
}

impl TableGroup<'_> {
    /// The `[[table]]` block declaring the suggested canonical.
    pub fn config(&self) -> String {
        let (f, t) = self.members[0];
        let mut s = format!(
            "[[table]]\nenum = {:?}\ncanonical = {:?}\n",
            self.enum_name, f.module
        );
        if let Some(n) = &t.name {
            s += &format!("name = {n:?}\n");
        }
        s
    }
}

/// What `discover` found.
#[derive(Debug, Default)]
pub struct Discovery<'a> {
    pub groups: Vec<Group<'a>>,
    pub tables: Vec<TableGroup<'a>>,
}

/// Grams held by more functions than this are boilerplate (`return None`, loops over
/// `items()`): they find no copies and would make the index quadratic.
const MAX_POSTINGS: usize = 20;

/// Two functions with the same rare name in different modules are copies at this
/// similarity (or containment) already.
const NAME_EVIDENCE_SIMILARITY: f64 = 0.5;

/// A name carried by more functions than this is too common to be evidence.
const MAX_NAME_EVIDENCE: usize = 8;

/// Union-find over function indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// True for a path in test code (`tests/`, `test_x.py`, `x_test.py`, `conftest.py`).
pub fn is_test_path(path: &str) -> bool {
    path.split('/').any(|seg| {
        let stem = seg
            .strip_suffix(".py")
            .or_else(|| seg.strip_suffix(".rs"))
            .unwrap_or(seg);
        matches!(stem, "test" | "tests" | "testing" | "conftest")
            || stem.starts_with("test_")
            || stem.ends_with("_test")
            || stem.ends_with("_tests")
    })
}

/// Find the groups.
pub fn discover<'a>(index: &Index<'a>, opts: Options) -> Discovery<'a> {
    let files = index.files;
    // Candidates: bodies big enough to matter.
    let mut cands: Vec<(&'a ModuleFacts, &'a Definition)> = Vec::new();
    for f in files {
        for d in &f.defs {
            if d.kind == DefKind::Assignment {
                continue;
            }
            if let Some(s) = d.shape.as_deref()
                && s.tokens as usize >= opts.min_tokens
            {
                cands.push((f, d));
            }
        }
    }
    let shape = |i: usize| cands[i].1.shape.as_deref().expect("candidates have shapes");
    let mut sets = Sets((0..cands.len()).collect());
    // Exact and renamed: buckets.
    let mut buckets: HashMap<(Lang, u64), usize> = HashMap::new();
    for (i, (f, _)) in cands.iter().enumerate() {
        if let Some(&j) = buckets.get(&(f.lang, shape(i).renamed)) {
            sets.union(i, j);
        } else {
            buckets.insert((f.lang, shape(i).renamed), i);
        }
    }
    // Near: the inverted index.
    // The inverted index as one sorted list of (language and gram, function): a gram's
    // postings are a run found by binary search (no map of a million small vectors).
    let key = |lang: Lang, g: u32| ((lang as u64) << 32) | u64::from(g);
    let mut postings: Vec<(u64, u32)> = Vec::new();
    for (i, (f, _)) in cands.iter().enumerate() {
        for g in &shape(i).grams {
            postings.push((key(f.lang, *g), i as u32));
        }
    }
    postings.par_sort_unstable();
    // Each gram's run in the sorted list, found once.
    let mut runs: HashMap<u64, (u32, u32)> = HashMap::with_capacity(postings.len() / 2);
    let mut start = 0;
    while start < postings.len() {
        let k = postings[start].0;
        let mut end = start + 1;
        while end < postings.len() && postings[end].0 == k {
            end += 1;
        }
        runs.insert(k, (start as u32, end as u32));
        start = end;
    }
    let run = |k: u64| -> &[(u64, u32)] {
        runs.get(&k)
            .map_or(&[][..], |&(s, e)| &postings[s as usize..e as usize])
    };
    // How many candidates carry each name: a shared name is evidence only when it is rare
    // (not `__init__`, `run`, `to_dict`).
    let mut name_count: HashMap<&str, usize> = HashMap::new();
    for (_, d) in &cands {
        *name_count.entry(d.name.as_str()).or_default() += 1;
    }
    let telling = |d: &Definition| {
        !d.name.starts_with("__")
            && !d.receiver
            && name_count
                .get(d.name.as_str())
                .is_some_and(|&n| n <= MAX_NAME_EVIDENCE)
    };
    // Shared-gram counts per candidate: a dense array and the list of entries touched,
    // so each function costs only the postings of its grams. In parallel; the edges
    // found are joined afterwards.
    let near = |i: usize, counts: &mut Vec<u32>, touched: &mut Vec<usize>| -> Vec<usize> {
        for &j in touched.iter() {
            counts[j] = 0;
        }
        touched.clear();
        let (fi, di) = cands[i];
        for g in &shape(i).grams {
            let list = run(key(fi.lang, *g));
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &(_, j) in list {
                let j = j as usize;
                if j > i {
                    if counts[j] == 0 {
                        touched.push(j);
                    }
                    counts[j] += 1;
                }
            }
        }
        let n_i = shape(i).grams.len();
        let mut edges = Vec::new();
        for &j in touched.iter() {
            let n = counts[j] as usize;
            let (fj, dj) = cands[j];
            // A shared, rare name across modules is strong evidence: a lower bar, so a
            // canonical that grew branches and its stale copies land in one group.
            let same_name = di.name == dj.name && fi.module != fj.module && telling(di);
            let t = if same_name {
                opts.similarity.min(NAME_EVIDENCE_SIMILARITY)
            } else {
                opts.similarity
            };
            let small = n_i.min(shape(j).grams.len()).max(1);
            if (n as f64) < t * small as f64 * 0.999 {
                continue;
            }
            if copies::compare_with(shape(i), shape(j), t, opts.min_tokens, !same_name).is_some() {
                edges.push(j);
            }
        }
        edges
    };
    let edges: Vec<(usize, Vec<usize>)> = (0..cands.len())
        .into_par_iter()
        .with_min_len(4096)
        .map_init(
            || (vec![0u32; cands.len()], Vec::new()),
            |(counts, touched), i| (i, near(i, counts, touched)),
        )
        .filter(|(_, e)| !e.is_empty())
        .collect();
    for (i, js) in edges {
        for j in js {
            sets.union(i, j);
        }
    }
    // Components.
    let mut comps: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..cands.len() {
        let r = sets.find(i);
        comps.entry(r).or_default().push(i);
    }
    let used = usage(index);
    let mut groups: Vec<Group<'a>> = comps
        .into_values()
        .filter(|m| m.len() >= 2)
        .map(|members| group(&cands, &members, &used, opts))
        .collect();
    groups.sort_by(|a, b| {
        let weight = |g: &Group| {
            g.members.len() as u64
                * u64::from(g.canonical().def.shape.as_ref().map_or(0, |s| s.tokens))
        };
        (
            a.section,
            std::cmp::Reverse(weight(a)),
            &a.canonical().file.path,
            a.canonical().def.span.start,
        )
            .cmp(&(
                b.section,
                std::cmp::Reverse(weight(b)),
                &b.canonical().file.path,
                b.canonical().def.span.start,
            ))
    });
    Discovery {
        groups,
        tables: tables(index, opts),
    }
}

/// How often each (module, name) is imported or referenced in the project.
fn usage<'a>(index: &Index<'a>) -> HashMap<(Lang, String), usize> {
    let mut used: HashMap<(Lang, String), usize> = HashMap::new();
    for f in index.files {
        for i in &f.imports {
            if let Some(n) = &i.name {
                *used.entry((f.lang, f.lang.join(&i.module, n))).or_default() += 1;
            }
        }
        for r in &f.references {
            *used.entry((f.lang, r.target.clone())).or_default() += 1;
        }
    }
    used
}

fn group<'a>(
    cands: &[(&'a ModuleFacts, &'a Definition)],
    members: &[usize],
    used: &HashMap<(Lang, String), usize>,
    opts: Options,
) -> Group<'a> {
    // The suggested canonical: the most imported or referenced member, then outside
    // tests, then the shortest module path.
    let best = *members
        .iter()
        .min_by_key(|&&i| {
            let (f, d) = cands[i];
            let n = used
                .get(&(f.lang, f.lang.join(&f.module, &d.name)))
                .copied()
                .unwrap_or(0);
            (
                std::cmp::Reverse(n),
                is_test_path(&f.path),
                f.module.len(),
                f.path.clone(),
                d.span.start,
            )
        })
        .expect("a group has members");
    let (cf, cd) = cands[best];
    let cs = cd.shape.as_deref().expect("shape");
    let mut level = Level::Exact;
    let mut lowest = 1.0f64;
    let mut out = vec![Member {
        file: cf,
        def: cd,
        similarity: 1.0,
    }];
    let mut rest: Vec<Member> = members
        .iter()
        .filter(|&&i| i != best)
        .map(|&i| {
            let (f, d) = cands[i];
            let s = d.shape.as_deref().expect("shape");
            let m = copies::compare_with(cs, s, 0.0, 0, false);
            let (l, sim) = m.map_or((Level::Near, 0.0), |m| (m.level, m.similarity));
            level = level.min(l);
            lowest = lowest.min(sim);
            Member {
                file: f,
                def: d,
                similarity: sim,
            }
        })
        .collect();
    let _ = opts;
    rest.sort_by(|a, b| (&a.file.path, a.def.span.start).cmp(&(&b.file.path, b.def.span.start)));
    out.extend(rest);
    let section = if out.iter().all(|m| m.file.path == cf.path) {
        Section::SameFile
    } else if out.iter().all(|m| is_test_path(&m.file.path)) {
        Section::Tests
    } else {
        Section::Main
    };
    Group {
        level,
        similarity: lowest,
        members: out,
        section,
    }
}

/// Alias tables over the same enum name in two or more modules.
fn tables<'a>(index: &Index<'a>, opts: Options) -> Vec<TableGroup<'a>> {
    let mut by_enum: HashMap<(Lang, &'a str), Vec<(&'a ModuleFacts, &'a AliasTable)>> =
        HashMap::new();
    for f in index.files {
        for t in &f.tables {
            let Some(first) = t.entries.first() else {
                continue;
            };
            let name = first.enum_name.as_str();
            let n = t.entries.iter().filter(|e| e.enum_name == name).count();
            if n >= opts.min_entries {
                by_enum.entry((f.lang, name)).or_default().push((f, t));
            }
        }
    }
    let mut out: Vec<TableGroup<'a>> = by_enum
        .into_iter()
        .filter(|(_, ms)| {
            let mut mods: Vec<&str> = ms.iter().map(|(f, _)| f.module.as_str()).collect();
            mods.sort_unstable();
            mods.dedup();
            mods.len() >= 2
        })
        .map(|((lang, name), mut ms)| {
            // The suggested canonical: a table in the module defining the enum, else the
            // largest table (outside tests), then the shortest module path.
            let home: Option<&str> = index
                .files
                .iter()
                .find(|f| f.lang == lang && f.enums.iter().any(|e| e.name == name))
                .map(|f| f.module.as_str());
            ms.sort_by_key(|(f, t)| {
                (
                    Some(f.module.as_str()) != home,
                    is_test_path(&f.path),
                    std::cmp::Reverse(t.entries.len()),
                    f.module.len(),
                    f.path.clone(),
                    t.span.start,
                )
            });
            TableGroup {
                enum_name: name.to_string(),
                lang,
                members: ms,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (std::cmp::Reverse(a.members.len()), &a.enum_name)
            .cmp(&(std::cmp::Reverse(b.members.len()), &b.enum_name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::is_test_path;

    #[test]
    fn test_paths() {
        for p in [
            "tests/a.py",
            "pkg/test_x.py",
            "pkg/x_test.py",
            "conftest.py",
            "crates/a/tests/it.rs",
        ] {
            assert!(is_test_path(p), "{p}");
        }
        for p in ["pkg/testing_utils_x.py", "src/contest.rs", "pkg/attest.py"] {
            assert!(!is_test_path(p), "{p}");
        }
    }
}
