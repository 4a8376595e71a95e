//! Output of `ssot discover` (and `ssot init`): human (grouped, with the first line of
//! each member), `json` (the contract in DESIGN.md, plus each group's `section`), and
//! `toml` (just the suggested configuration).

use std::io::{self, Write};

use serde::Serialize;

use super::visible;
use crate::discover::{Discovery, Group, Section, TableGroup};
use crate::source::SourceDb;

/// `--format` of `ssot discover`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiscoverFormat {
    Human,
    Json,
    Toml,
}

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    groups: Vec<JGroup<'a>>,
    tables: Vec<JTable<'a>>,
}

#[derive(Serialize)]
struct JGroup<'a> {
    kind: &'static str,
    copies: &'static str,
    similarity: f64,
    name: &'a str,
    suggested_canonical: &'a str,
    section: &'static str,
    members: Vec<JMember<'a>>,
    config: String,
}

#[derive(Serialize)]
struct JMember<'a> {
    path: &'a str,
    line: u32,
    end_line: u32,
    module: &'a str,
    name: &'a str,
    similarity: f64,
}

#[derive(Serialize)]
struct JTable<'a> {
    #[serde(rename = "enum")]
    enum_name: &'a str,
    suggested_canonical: &'a str,
    members: Vec<JTableMember<'a>>,
    config: String,
}

#[derive(Serialize)]
struct JTableMember<'a> {
    path: &'a str,
    line: usize,
    module: &'a str,
    name: Option<&'a str>,
    entries: usize,
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn lines(g: &Group, i: usize) -> (u32, u32) {
    g.members[i].def.shape.as_ref().map_or((0, 0), |s| s.lines)
}

fn table_line(t: &TableGroup, i: usize) -> usize {
    let (f, table) = t.members[i];
    crate::diagnostic::line_col(&f.line_starts, table.span.start, None).0
}

/// Write `found` in `format`.
pub fn emit(
    found: &Discovery,
    files: usize,
    db: &SourceDb,
    format: DiscoverFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        DiscoverFormat::Json => json(found, out),
        DiscoverFormat::Toml => toml(found, out, usize::MAX),
        DiscoverFormat::Human => human(found, files, db, out),
    }
}

fn json(found: &Discovery, out: &mut dyn Write) -> io::Result<()> {
    let doc = Out {
        version: 1,
        groups: found
            .groups
            .iter()
            .map(|g| JGroup {
                kind: "function",
                copies: g.level.as_str(),
                similarity: round(g.similarity),
                name: &g.canonical().def.name,
                suggested_canonical: &g.canonical().file.module,
                section: g.section.as_str(),
                members: g
                    .members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| JMember {
                        path: &m.file.path,
                        line: lines(g, i).0,
                        end_line: lines(g, i).1,
                        module: &m.file.module,
                        name: &m.def.name,
                        similarity: round(m.similarity),
                    })
                    .collect(),
                config: g.config(),
            })
            .collect(),
        tables: found
            .tables
            .iter()
            .map(|t| JTable {
                enum_name: &t.enum_name,
                suggested_canonical: &t.members[0].0.module,
                members: t
                    .members
                    .iter()
                    .enumerate()
                    .map(|(i, (f, table))| JTableMember {
                        path: &f.path,
                        line: table_line(t, i),
                        module: &f.module,
                        name: table.name.as_deref(),
                        entries: table.entries.len(),
                    })
                    .collect(),
                config: t.config(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// The suggested lint.toml blocks of the strongest findings (`limit` groups at most):
/// copies across modules of the code itself, then tables.
pub fn toml(found: &Discovery, out: &mut dyn Write, limit: usize) -> io::Result<()> {
    // A name may belong to one symbol only: a group whose name an earlier group already
    // claims (as its name or an alias) is left out.
    let mut claimed: std::collections::HashSet<(crate::lang::Lang, &str)> = Default::default();
    let mut shown = 0;
    for g in found.groups.iter().filter(|g| g.section == Section::Main) {
        if shown == limit {
            break;
        }
        let lang = g.canonical().file.lang;
        if g.members
            .iter()
            .any(|m| claimed.contains(&(lang, m.def.name.as_str())))
        {
            continue;
        }
        claimed.extend(g.members.iter().map(|m| (lang, m.def.name.as_str())));
        shown += 1;
        let names: Vec<String> = g
            .members
            .iter()
            .map(|m| format!("{}:{}", m.file.path, lines_of(m)))
            .collect();
        writeln!(
            out,
            "# {} {} copies: {}",
            g.members.len(),
            g.level.as_str(),
            visible_line(&names.join(", "))
        )?;
        writeln!(out, "{}", g.config())?;
    }
    for t in found.tables.iter().take(limit) {
        let at: Vec<String> = t.members.iter().map(|(f, _)| f.path.clone()).collect();
        writeln!(
            out,
            "# string -> {} tables in {} modules: {}",
            t.enum_name,
            t.members.len(),
            visible_line(&at.join(", "))
        )?;
        writeln!(out, "{}", t.config())?;
    }
    Ok(())
}

fn lines_of(m: &crate::discover::Member) -> u32 {
    m.def.shape.as_ref().map_or(0, |s| s.lines.0)
}

fn visible_line(s: &str) -> String {
    visible(s, false).replace('\n', " ")
}

fn human(found: &Discovery, files: usize, db: &SourceDb, out: &mut dyn Write) -> io::Result<()> {
    let mut section = None;
    for g in &found.groups {
        if section != Some(g.section) {
            section = Some(g.section);
            let title = match g.section {
                Section::Main => "Copies across modules",
                Section::Tests => "Copies in tests",
                Section::SameFile => "Copies within one file",
            };
            let n = found
                .groups
                .iter()
                .filter(|x| x.section == g.section)
                .count();
            writeln!(
                out,
                "{title} ({n} group{})\n",
                if n == 1 { "" } else { "s" }
            )?;
        }
        let c = g.canonical();
        let how = match g.level {
            crate::copies::Level::Near => {
                format!("near, {:.0}% similar or more", g.similarity * 100.0)
            }
            l => l.as_str().to_string(),
        };
        writeln!(
            out,
            "  `{}`: {} copies ({how}); suggested canonical `{}`",
            visible_line(&c.def.name),
            g.members.len(),
            visible_line(&c.file.module)
        )?;
        for (i, m) in g.members.iter().enumerate() {
            let (line, _) = lines(g, i);
            let text = db.text(&m.file.path);
            let first = first_line(&text, m.def.item_span.start as usize);
            let mark = if i == 0 { "*" } else { " " };
            let sim = if i == 0 {
                String::new()
            } else {
                format!("  ({:.0}%)", m.similarity * 100.0)
            };
            writeln!(
                out,
                "   {mark} {}:{line}  {}{sim}",
                visible_line(&m.file.path),
                visible_line(first)
            )?;
        }
        if g.section == Section::Main {
            for l in g.config().lines() {
                writeln!(out, "      {l}")?;
            }
        }
        writeln!(out)?;
    }
    if !found.tables.is_empty() {
        writeln!(
            out,
            "Alias tables for one enum in several modules ({})\n",
            found.tables.len()
        )?;
        for t in &found.tables {
            writeln!(
                out,
                "  string -> `{}` in {} modules; suggested canonical `{}`",
                visible_line(&t.enum_name),
                t.members.len(),
                visible_line(&t.members[0].0.module)
            )?;
            for (i, (f, table)) in t.members.iter().enumerate() {
                let mark = if i == 0 { "*" } else { " " };
                writeln!(
                    out,
                    "   {mark} {}:{}  {} ({} entries)",
                    visible_line(&f.path),
                    table_line(t, i),
                    visible_line(table.name.as_deref().unwrap_or("(unnamed)")),
                    table.entries.len()
                )?;
            }
            for l in t.config().lines() {
                writeln!(out, "      {l}")?;
            }
            writeln!(out)?;
        }
    }
    let main = found
        .groups
        .iter()
        .filter(|g| g.section == Section::Main)
        .count();
    writeln!(
        out,
        "Found {main} group{} of copies across modules, {} in tests or within one file, and {} table group{} ({} files read). `ssot init` writes the suggested lint.toml.",
        if main == 1 { "" } else { "s" },
        found.groups.len() - main,
        found.tables.len(),
        if found.tables.len() == 1 { "" } else { "s" },
        super::thousands(files)
    )
}

/// The line of `text` that holds byte `at`, trimmed.
fn first_line(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let line = text[start..end].trim();
    match line.char_indices().nth(100) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}
