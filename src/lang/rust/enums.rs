//! Enum definitions: variants, and the string keys the definition itself declares through
//! `#[serde(rename = "..")]`, `#[serde(alias = "..")]`, `#[serde(rename_all = "..")]`
//! (also inside `#[cfg_attr(.., serde(..))]`) and strum's `serialize` / `to_string` /
//! `serialize_all`.

use syn::meta::ParseNestedMeta;
use syn::parse::Result;
use syn::{Attribute, ItemEnum, LitStr};

use super::items::name;
use super::walker::Spans;
use crate::facts::EnumDef;

/// What one variant's (or the enum's) attributes say.
#[derive(Default)]
struct Keys {
    /// `rename` / strum `serialize`, `to_string`: replace the variant name.
    renames: Vec<String>,
    /// `alias`: extra keys.
    aliases: Vec<String>,
    /// `rename_all` / strum `serialize_all`.
    rename_all: Vec<String>,
    /// `#[serde(skip)]` and friends: the variant has no keys.
    skip: bool,
}

/// Consume whatever a meta item we do not care about holds.
fn skip(meta: &ParseNestedMeta) -> Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// `"x"` or `(serialize = "x", deserialize = "y")`.
fn strings(meta: &ParseNestedMeta, out: &mut Vec<String>) -> Result<()> {
    if meta.input.peek(syn::Token![=]) {
        out.push(meta.value()?.parse::<LitStr>()?.value());
        return Ok(());
    }
    meta.parse_nested_meta(|inner| {
        if inner.input.peek(syn::Token![=]) {
            out.push(inner.value()?.parse::<LitStr>()?.value());
            Ok(())
        } else {
            skip(&inner)
        }
    })
}

/// One `key = ..` inside `serde(..)` / `strum(..)`.
fn entry(m: &ParseNestedMeta, keys: &mut Keys) -> Result<()> {
    let Some(id) = m.path.get_ident().map(|i| i.to_string()) else {
        return skip(m);
    };
    match id.as_str() {
        "rename" | "serialize" | "to_string" => strings(m, &mut keys.renames),
        "alias" => strings(m, &mut keys.aliases),
        "rename_all" | "serialize_all" => strings(m, &mut keys.rename_all),
        "skip" | "skip_deserializing" | "disabled" => {
            keys.skip = true;
            skip(m)
        }
        _ => skip(m),
    }
}

fn read(attrs: &[Attribute]) -> Keys {
    let mut keys = Keys::default();
    for a in attrs {
        let path = a.path();
        // A malformed attribute keeps what was read before the error.
        if path.is_ident("serde") || path.is_ident("strum") {
            let _ = a.parse_nested_meta(|m| entry(&m, &mut keys));
        } else if path.is_ident("cfg_attr") {
            let _ = a.parse_nested_meta(|m| {
                if m.path.is_ident("serde") || m.path.is_ident("strum") {
                    m.parse_nested_meta(|inner| entry(&inner, &mut keys))
                } else {
                    skip(&m)
                }
            });
        }
    }
    keys
}

/// Split a PascalCase variant name into words (`HTTPRequest` -> `H T T P Request` as serde
/// does: every uppercase letter starts a word).
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if i > 0 && c.is_uppercase() {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// serde's `rename_all` rule applied to a variant name; `None` for an unknown rule.
pub(super) fn rename(rule: &str, variant: &str) -> Option<String> {
    Some(match rule {
        "lowercase" => variant.to_lowercase(),
        "UPPERCASE" => variant.to_uppercase(),
        "PascalCase" => variant.to_string(),
        "camelCase" => {
            let mut chars = variant.chars();
            match chars.next() {
                Some(f) => f.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
        "snake_case" => snake(variant),
        "SCREAMING_SNAKE_CASE" => snake(variant).to_uppercase(),
        "kebab-case" => snake(variant).replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => snake(variant).to_uppercase().replace('_', "-"),
        _ => return None,
    })
}

/// The facts of one `enum` item.
pub(super) fn enum_def(e: &ItemEnum, sp: Spans) -> EnumDef {
    let enum_keys = read(&e.attrs);
    let mut variants = Vec::new();
    let mut declared: Vec<(String, String)> = Vec::new();
    for v in &e.variants {
        let variant = name(&v.ident);
        variants.push(variant.clone());
        let keys = read(&v.attrs);
        if keys.skip {
            continue;
        }
        let mut add = |k: String| {
            if !declared.iter().any(|(dk, dv)| *dk == k && *dv == variant) {
                declared.push((k, variant.clone()));
            }
        };
        if keys.renames.is_empty() {
            for rule in &enum_keys.rename_all {
                if let Some(k) = rename(rule, &variant) {
                    add(k);
                }
            }
        }
        keys.renames.into_iter().for_each(&mut add);
        keys.aliases.into_iter().for_each(&mut add);
    }
    EnumDef {
        name: name(&e.ident),
        span: sp.ident(&e.ident),
        variants,
        declared_keys: declared,
    }
}
