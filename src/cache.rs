//! The facts cache: each file's extracted facts, kept between runs under `.ssot_cache/`
//! at the project root, so a run re-parses only the files that changed.
//!
//! # What is keyed
//!
//! A file's entry is found by a 64-bit key that hashes everything its facts depend on:
//! - the *profile* ([`profile`]): the ssot version (`CARGO_PKG_VERSION`), [`CACHE_FORMAT`]
//!   (bumped whenever the facts or what a front end extracts change), and the
//!   [`ExtractOptions`] (`fingerprints`, the sorted `call_names`, which `[[guard]]`s and
//!   the SSOT008 selection decide);
//! - the front end (language) and the root-relative path;
//! - the file's context, as its front end gives it ([`Cache::key`]): Python the module path
//!   and package flag (which `python-roots` decide); Rust the module path, package flag
//!   and the whole crate context (crate name, target kind, crate root, the extern names
//!   the crate can use, sorted). A Rust file reached through a `mod` declaration whose
//!   module differs from its location is extracted under its real module in phase two,
//!   and so cached under that key too (both keys are kept: the next run looks up the
//!   location-derived one first, then the real one, and hits both);
//! - the file's decoded text (a hash of it and its length).
//!
//! A Rust entry also holds the file's `mod x;` declarations ([`ModDecl`]), which the
//! second phase of extraction (the module tree walk) needs from every file, cached or not.
//!
//! Files whose text is not on disk (`--stdin-filename`, the in-memory states of `--fix`)
//! bypass the cache entirely; their previous entries are kept as they were.
//!
//! # Layout
//!
//! One file per profile: `.ssot_cache/facts-<profile>.bin`, written whole at the end of a
//! run (only when something changed) to a temporary file in the same directory and then
//! renamed over the old one, so a reader sees the old file or the new one, never half of
//! one, and two concurrent runs cannot corrupt it (the last rename wins; both files are
//! complete). One file rather than one per source file: a warm run on the Python standard
//! library (1,800 files) opens one file instead of 1,800, and a write is one rename.
//! One file per profile rather than one per project: `ssot discover` (no SSOT008 calls)
//! and `ssot check` do not evict each other's entries. At most [`KEEP_PROFILES`] profile
//! files are kept (the least recently written go first), so files of old versions or old
//! `[[guard]]` settings do not pile up.
//!
//! ```text
//! "ssot-facts\0" | CACHE_FORMAT u32 | version length u32 | version
//! | index length u64 | index checksum u64 | index (postcard: Vec<Slot>) | blobs
//! ```
//!
//! The index maps each key to its path (checked on lookup), its blob's place and a
//! checksum of the blob; each blob is one file's [`Entry`] in postcard. The index is read
//! once; blobs are decoded lazily, each on the parser thread that asks for it (so decoding
//! runs in parallel), and a blob kept from the previous run is copied into the new file
//! as bytes, never re-encoded.
//!
//! A file of another version or format, a truncated or corrupt file, or any file that is
//! not a cache is treated as empty and rewritten: never an error. A blob whose checksum or
//! decoding fails is a miss (the file is extracted again).
//!
//! # Format
//!
//! postcard (serde, varint integers): on the facts of the Python standard library (1,789
//! files) and of this project's dependencies (6,737 files' facts), measured with one
//! thread, each file encoded separately:
//!
//! | format               | stdlib size | decode | registry size | decode |
//! |----------------------|-------------|--------|---------------|--------|
//! | postcard             | 17.4 MB     | 34 ms  | 41.2 MB       | 66 ms  |
//! | bincode 2 (varint)   | 18.6 MB     | 45 ms  | 45.4 MB       | 103 ms |
//! | bincode 2 (fixint)   | 21.3 MB     | 31 ms  | 55.6 MB       | 72 ms  |
//!
//! postcard decodes as fast as the fastest bincode setting with the smallest files (a
//! warm run reads the whole file), and is a smaller dependency. JSON is several times
//! larger and slower.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::facts::ModuleFacts;
use crate::lang::rust::ModDecl;
use crate::lang::shape::Fnv;
use crate::lang::{ExtractOptions, Lang};

/// Bumped whenever the facts (their types, or what a front end puts in them) change: a
/// cache of another format is ignored.
pub const CACHE_FORMAT: u32 = 2;

/// The cache directory's name at the project root.
pub const DIR_NAME: &str = ".ssot_cache";

/// At most this many profile files are kept in a cache directory.
pub const KEEP_PROFILES: usize = 4;

const MAGIC: &[u8; 11] = b"ssot-facts\0";

/// What the cache holds for one file.
#[derive(Debug, Default, Deserialize)]
pub struct Entry {
    /// As the front end returned them (Rust: the file's module, then its inline modules).
    pub facts: Vec<ModuleFacts>,
    /// Rust `mod x;` declarations (empty for Python).
    pub mods: Vec<ModDecl>,
}

/// [`Entry`] by reference, for encoding (the same bytes).
#[derive(Serialize)]
struct EntryRef<'a> {
    facts: &'a [ModuleFacts],
    mods: &'a [ModDecl],
}

/// One index record.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slot {
    key: u64,
    rel: String,
    /// Offset of the blob from the start of the blobs, and its length.
    at: u64,
    len: u64,
    /// [`checksum`] of the blob.
    sum: u64,
}

/// What this run keeps for the next one.
enum Kept {
    /// A blob of the file read at the start (its index record).
    Old(Slot),
    /// A blob encoded in this run.
    New { rel: String, bytes: Vec<u8> },
}

/// The cache file of one profile, read at the start of a run, and the entries used during
/// it (written back by [`Cache::save`]).
pub struct Cache {
    dir: PathBuf,
    file: PathBuf,
    profile: u64,
    /// The previous file's bytes (empty when there was none or it was not usable).
    bytes: Vec<u8>,
    /// Where the blobs start in `bytes`.
    blobs_at: usize,
    index: HashMap<u64, Slot>,
    kept: Mutex<HashMap<u64, Kept>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

/// The hash of everything every key of a run depends on besides the file itself.
pub fn profile(opts: &ExtractOptions) -> u64 {
    let mut h = Fnv::new();
    h.str(env!("CARGO_PKG_VERSION"));
    h.u32(CACHE_FORMAT);
    h.byte(u8::from(opts.fingerprints));
    let mut names: Vec<&String> = opts.call_names.iter().collect();
    names.sort();
    h.u32(names.len() as u32);
    for n in names {
        h.str(n);
    }
    h.finish()
}

/// A fast 64-bit hash of `bytes` with a fixed seed: FNV-1a's multiply one 64-bit word at
/// a time, each step folded (`h ^= h >> 29`) so that every input bit reaches the low bits
/// of the state (plain word-wise FNV lets a change in a word's top bits reach only the top
/// bits), and the length mixed in.
pub fn checksum(seed: u64, bytes: &[u8]) -> u64 {
    const P: u64 = 0x0000_0100_0000_01b3;
    let mut h = seed ^ 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(P);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(P);
        h ^= h >> 29;
    }
    let mut last = [0u8; 8];
    let rest = words.remainder();
    last[..rest.len()].copy_from_slice(rest);
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(P);
    let mut f = Fnv::new();
    f.u64(h);
    f.finish()
}

impl Cache {
    /// The cache in `dir` for a run extracting with `opts`. Never fails: a missing,
    /// unreadable, foreign or corrupt file is an empty cache.
    pub fn open(dir: &Path, opts: &ExtractOptions) -> Cache {
        let profile = profile(opts);
        let file = dir.join(format!("facts-{profile:016x}.bin"));
        let mut cache = Cache {
            dir: dir.to_path_buf(),
            file,
            profile,
            bytes: Vec::new(),
            blobs_at: 0,
            index: HashMap::new(),
            kept: Mutex::new(HashMap::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        };
        if let Ok(bytes) = std::fs::read(&cache.file)
            && let Some((blobs_at, slots)) = read_header(&bytes)
        {
            cache.index = slots.into_iter().map(|s| (s.key, s)).collect();
            cache.bytes = bytes;
            cache.blobs_at = blobs_at;
        }
        cache
    }

    /// The file this cache reads and writes.
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// Number of entries read from the previous run's file.
    pub fn len_read(&self) -> usize {
        self.index.len()
    }

    /// Entries served from the cache and files extracted (and stored) so far in this run.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// The key of the file `rel` of `lang` with `text`, extracted in `context` (what its
    /// facts depend on besides its text: module path, package flag, crate, ... as strings,
    /// in a fixed order).
    pub fn key(&self, lang: Lang, rel: &str, context: &[&str], text: &str) -> u64 {
        let mut h = Fnv::new();
        h.u64(self.profile);
        h.str(&format!("{lang:?}"));
        h.str(rel);
        h.u32(context.len() as u32);
        for c in context {
            h.str(c);
        }
        h.u64(checksum(self.profile, text.as_bytes()));
        h.finish()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The entry stored under `key` for `rel`, if the previous run left a sound one.
    pub fn get(&self, key: u64, rel: &str) -> Option<Entry> {
        let slot = self.index.get(&key).filter(|s| s.rel == rel)?;
        let start = self.blobs_at.checked_add(usize::try_from(slot.at).ok()?)?;
        let end = start.checked_add(usize::try_from(slot.len).ok()?)?;
        let blob = self.bytes.get(start..end)?;
        if checksum(self.profile, blob) != slot.sum {
            return None;
        }
        let entry: Entry = postcard::from_bytes(blob).ok()?;
        self.lock().insert(key, Kept::Old(slot.clone()));
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(entry)
    }

    /// Store `facts` and `mods` (what extracting `rel` returned) under `key`.
    pub fn put(&self, key: u64, rel: &str, facts: &[ModuleFacts], mods: &[ModDecl]) {
        self.misses.fetch_add(1, Ordering::Relaxed);
        if let Ok(bytes) = postcard::to_stdvec(&EntryRef { facts, mods }) {
            self.lock().insert(
                key,
                Kept::New {
                    rel: rel.to_string(),
                    bytes,
                },
            );
        }
    }

    /// Keep the previous entries of `rel` as they are (a file checked from text that is not
    /// on disk bypasses the cache).
    pub fn keep(&self, rel: &str) {
        let mut kept = self.lock();
        for s in self.index.values().filter(|s| s.rel == rel) {
            kept.entry(s.key).or_insert_with(|| Kept::Old(s.clone()));
        }
    }

    /// Write the entries used in this run (and only those) for the next run, when they
    /// differ from what was read. Errors (a read-only directory, a full disk) are returned
    /// for verbose notes; the run goes on without a cache.
    pub fn save(mut self) -> std::io::Result<bool> {
        let kept = std::mem::take(self.kept.get_mut().unwrap_or_else(|e| e.into_inner()));
        let unchanged = kept.len() == self.index.len()
            && kept.values().all(|k| matches!(k, Kept::Old(_)))
            && !self.bytes.is_empty();
        if unchanged {
            return Ok(false);
        }
        let mut entries: Vec<(u64, Kept)> = kept.into_iter().collect();
        // A stable order, so that two runs over the same files write the same bytes.
        entries.sort_by_key(|(k, _)| *k);
        let mut slots = Vec::with_capacity(entries.len());
        let mut at = 0u64;
        for (key, k) in &entries {
            let (rel, blob) = match k {
                Kept::Old(s) => (&s.rel, self.old_blob(s)),
                Kept::New { rel, bytes } => (rel, Some(bytes.as_slice())),
            };
            let Some(blob) = blob else { continue };
            let len = blob.len() as u64;
            slots.push((
                Slot {
                    key: *key,
                    rel: rel.clone(),
                    at,
                    len,
                    sum: match k {
                        Kept::Old(s) => s.sum,
                        Kept::New { .. } => checksum(self.profile, blob),
                    },
                },
                blob,
            ));
            at += len;
        }
        let index: Vec<&Slot> = slots.iter().map(|(s, _)| s).collect();
        let index = postcard::to_stdvec(&index).map_err(std::io::Error::other)?;
        prepare_dir(&self.dir)?;
        // Streamed to the file: the blobs are not copied into one buffer first.
        write_atomic(&self.dir, &self.file, |out| {
            out.write_all(MAGIC)?;
            out.write_all(&CACHE_FORMAT.to_le_bytes())?;
            let version = env!("CARGO_PKG_VERSION").as_bytes();
            out.write_all(&(version.len() as u32).to_le_bytes())?;
            out.write_all(version)?;
            out.write_all(&(index.len() as u64).to_le_bytes())?;
            out.write_all(&checksum(0, &index).to_le_bytes())?;
            out.write_all(&index)?;
            for (_, blob) in &slots {
                out.write_all(blob)?;
            }
            Ok(())
        })?;
        prune(&self.dir, &self.file);
        Ok(true)
    }

    fn old_blob(&self, s: &Slot) -> Option<&[u8]> {
        let start = self.blobs_at.checked_add(usize::try_from(s.at).ok()?)?;
        self.bytes
            .get(start..start.checked_add(usize::try_from(s.len).ok()?)?)
    }
}

/// Check the header of a cache file: the blobs' offset and the index, or `None` for a
/// file of another version or format, truncated, or not a cache at all.
fn read_header(bytes: &[u8]) -> Option<(usize, Vec<Slot>)> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    if u32::from_le_bytes(r.take(4)?.try_into().ok()?) != CACHE_FORMAT {
        return None;
    }
    let vlen = u32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize;
    if r.take(vlen)? != env!("CARGO_PKG_VERSION").as_bytes() {
        return None;
    }
    let ilen = usize::try_from(u64::from_le_bytes(r.take(8)?.try_into().ok()?)).ok()?;
    let sum = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
    let index = r.take(ilen)?;
    if checksum(0, index) != sum {
        return None;
    }
    let slots: Vec<Slot> = postcard::from_bytes(index).ok()?;
    Some((r.at, slots))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
}

/// Create the cache directory with its `.gitignore` (`*`: never committed) and a
/// `CACHEDIR.TAG` (backup tools skip it).
fn prepare_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        write_atomic(dir, &gitignore, |f| {
            f.write_all(b"# Created by ssot: the facts cache, never committed.\n*\n")
        })?;
    }
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        write_atomic(dir, &tag, |f| {
            f.write_all(
                b"Signature: 8a477f597d28d172789f06886806bc55\n\
              # This file is a cache directory tag created by ssot.\n\
              # For information about cache directory tags see https://bford.info/cachedir/\n",
            )
        })?;
    }
    Ok(())
}

/// Write `path` with `write` through a temporary file in `dir` renamed over it.
fn write_atomic(
    dir: &Path,
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::sync::atomic::AtomicU32;
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = dir.join(format!(
        ".tmp-{}-{}-{nanos}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let res = (|| {
        let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        write(&mut f)?;
        f.flush()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// Keep at most [`KEEP_PROFILES`] profile files in `dir` (`current` always stays), and
/// remove temporary files that a killed run left behind an hour ago or more.
fn prune(dir: &Path, current: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut profiles = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let modified = e.metadata().and_then(|m| m.modified()).ok();
        if name.starts_with(".tmp-") {
            let stale = modified
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if stale {
                let _ = std::fs::remove_file(e.path());
            }
        } else if name.starts_with("facts-") && name.ends_with(".bin") && e.path() != current {
            profiles.push((modified, e.path()));
        }
    }
    if profiles.len() < KEEP_PROFILES {
        return;
    }
    profiles.sort();
    let drop_n = profiles.len() + 1 - KEEP_PROFILES;
    for (_, p) in profiles.into_iter().take(drop_n) {
        let _ = std::fs::remove_file(p);
    }
}

/// Delete the cache directory `dir` (`ssot clean`): what was removed (files, bytes), or
/// `None` when there was none.
pub fn clean(dir: &Path) -> std::io::Result<Option<(usize, u64)>> {
    if !dir.exists() {
        return Ok(None);
    }
    let (mut files, mut bytes) = (0usize, 0u64);
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            if let Ok(m) = e.metadata()
                && m.is_file()
            {
                files += 1;
                bytes += m.len();
            }
        }
    }
    std::fs::remove_dir_all(dir)?;
    Ok(Some((files, bytes)))
}

/// The default cache directory of the project rooted at `root`.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join(DIR_NAME)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::facts::Span;

    fn facts(rel: &str) -> ModuleFacts {
        ModuleFacts::new(rel.into(), Lang::Python, "m".into(), "x = 1\ny = 2\n")
    }

    #[test]
    fn round_trip_and_unchanged_run_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join(DIR_NAME);
        let opts = ExtractOptions::default();
        let c = Cache::open(&d, &opts);
        let k = c.key(Lang::Python, "a.py", &["a", "0"], "x = 1\n");
        assert!(c.get(k, "a.py").is_none());
        let decl = ModDecl {
            name: "x".into(),
            path_attr: None,
            inline: vec![],
            span: Span::new(1, 2),
        };
        c.put(k, "a.py", &[facts("a.py")], std::slice::from_ref(&decl));
        assert!(c.save().unwrap());
        assert!(d.join(".gitignore").is_file());
        assert_eq!(
            std::fs::read_to_string(d.join(".gitignore"))
                .unwrap()
                .lines()
                .last(),
            Some("*")
        );
        let c = Cache::open(&d, &opts);
        assert_eq!(c.len_read(), 1);
        let e = c.get(k, "a.py").unwrap();
        assert_eq!(e.facts[0].line_starts, vec![0, 6, 12]);
        assert_eq!(e.mods, vec![decl]);
        // Another path with the same key is not served.
        assert!(c.get(k, "b.py").is_none());
        assert!(!c.save().unwrap(), "nothing changed: nothing written");
    }

    #[test]
    fn keys_depend_on_everything() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), &ExtractOptions::default());
        let base = c.key(Lang::Python, "a.py", &["a", "0"], "x");
        assert_ne!(base, c.key(Lang::Rust, "a.py", &["a", "0"], "x"));
        assert_ne!(base, c.key(Lang::Python, "b.py", &["a", "0"], "x"));
        assert_ne!(base, c.key(Lang::Python, "a.py", &["b", "0"], "x"));
        assert_ne!(base, c.key(Lang::Python, "a.py", &["a", "1"], "x"));
        assert_ne!(base, c.key(Lang::Python, "a.py", &["a0"], "x"));
        assert_ne!(base, c.key(Lang::Python, "a.py", &["a", "0"], "y"));
        let mut names = HashSet::new();
        names.insert("info".to_string());
        let other = Cache::open(
            dir.path(),
            &ExtractOptions {
                fingerprints: true,
                call_names: std::sync::Arc::new(names),
            },
        );
        assert_ne!(base, other.key(Lang::Python, "a.py", &["a", "0"], "x"));
        assert_ne!(c.path(), other.path());
        let nofp = Cache::open(
            dir.path(),
            &ExtractOptions {
                fingerprints: false,
                ..Default::default()
            },
        );
        assert_ne!(base, nofp.key(Lang::Python, "a.py", &["a", "0"], "x"));
    }

    #[test]
    fn checksum_sees_every_bit() {
        let a = vec![0u8; 24];
        let h = checksum(0, &a);
        for i in 0..a.len() {
            for bit in 0..8 {
                let mut b = a.clone();
                b[i] ^= 1 << bit;
                assert_ne!(h, checksum(0, &b), "byte {i} bit {bit}");
            }
        }
        // Top bits of two words flipped together still differ (plain word-wise FNV
        // would cancel them out).
        let mut b = a.clone();
        b[7] ^= 0x80;
        b[15] ^= 0x80;
        assert_ne!(h, checksum(0, &b));
        assert_ne!(checksum(0, b"ab"), checksum(0, b"ab\0"));
    }

    #[test]
    fn garbage_truncation_and_other_versions_are_empty() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ExtractOptions::default();
        let c = Cache::open(dir.path(), &opts);
        let k = c.key(Lang::Python, "a.py", &[], "x");
        c.put(k, "a.py", &[facts("a.py")], &[]);
        c.save().unwrap();
        let path = Cache::open(dir.path(), &opts).path().to_path_buf();
        let good = std::fs::read(&path).unwrap();
        // Every truncation, and every single-byte corruption, is a miss or an empty cache.
        for n in 0..good.len() {
            std::fs::write(&path, &good[..n]).unwrap();
            let c = Cache::open(dir.path(), &opts);
            assert!(c.get(k, "a.py").is_none(), "truncated at {n}");
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            std::fs::write(&path, &bad).unwrap();
            let c = Cache::open(dir.path(), &opts);
            assert!(c.get(k, "a.py").is_none(), "corrupt at {i}");
        }
        // Another version: the version string after the magic and the format.
        let mut other = good.clone();
        let at = MAGIC.len() + 8;
        other[at] = b'9';
        std::fs::write(&path, &other).unwrap();
        assert_eq!(Cache::open(dir.path(), &opts).len_read(), 0);
        // And a rebuild works over it.
        let c = Cache::open(dir.path(), &opts);
        c.put(k, "a.py", &[facts("a.py")], &[]);
        assert!(c.save().unwrap());
        assert!(Cache::open(dir.path(), &opts).get(k, "a.py").is_some());
    }

    #[test]
    fn kept_entries_survive_and_old_profiles_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ExtractOptions::default();
        let c = Cache::open(dir.path(), &opts);
        let ka = c.key(Lang::Python, "a.py", &[], "a");
        let kb = c.key(Lang::Python, "b.py", &[], "b");
        c.put(ka, "a.py", &[facts("a.py")], &[]);
        c.put(kb, "b.py", &[facts("b.py")], &[]);
        c.save().unwrap();
        // b.py is an overlay this time: its entry is kept; a.py is used.
        let c = Cache::open(dir.path(), &opts);
        assert!(c.get(ka, "a.py").is_some());
        c.keep("b.py");
        assert!(!c.save().unwrap());
        // A run that uses only a.py drops b.py.
        let c = Cache::open(dir.path(), &opts);
        assert!(c.get(ka, "a.py").is_some());
        assert!(c.save().unwrap());
        let c = Cache::open(dir.path(), &opts);
        assert_eq!(c.len_read(), 1);
        // Profiles: at most KEEP_PROFILES files.
        for i in 0..KEEP_PROFILES + 3 {
            let mut names = HashSet::new();
            names.insert(format!("n{i}"));
            let o = ExtractOptions {
                fingerprints: true,
                call_names: std::sync::Arc::new(names),
            };
            let c = Cache::open(dir.path(), &o);
            c.put(ka, "a.py", &[facts("a.py")], &[]);
            c.save().unwrap();
        }
        let n = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("facts-"))
            .count();
        assert_eq!(n, KEEP_PROFILES);
        assert_eq!(clean(dir.path()).unwrap().map(|(f, _)| f), Some(n + 2));
        assert!(!dir.path().exists());
        assert_eq!(clean(dir.path()).unwrap(), None);
    }
}
