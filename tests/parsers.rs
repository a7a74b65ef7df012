//! The CI side of the fuzz targets (`fuzz/`, see `fuzz/README.md`): every
//! entry of `mlready::fuzzing::TARGETS` runs on its seeds (`fuzz/seeds/<name>/`)
//! and on a few thousand mutations of them made by a seeded generator (byte
//! and bit flips, inserted tokens that parsers treat specially, deep nesting,
//! non-ASCII characters, truncations, splices between seeds). Stable Rust, no
//! libFuzzer: a bounded, reproducible run, so that no panic comes back.
//!
//! A failing case is reported with its target, seed and case number, the
//! input (escaped, truncated) and a file holding the whole input, which
//! `cargo +nightly fuzz run <target> <file>` (in `fuzz/`) replays. Two
//! environment variables replay or widen a run:
//! - `MLREADY_PARSERS_SEED`: the generator's seed (a number; default fixed).
//! - `MLREADY_PARSERS_CASES`: mutations per target (default [`CASES`]).
//!
//! A stack overflow aborts the process, which no `catch_unwind` survives: set
//! `MLREADY_PARSERS_TRACE=1` to print each case before it runs (the last one
//! printed is the culprit).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mlready::fuzzing::{TARGETS, Target};

/// Mutated inputs per target: a few thousand, so that the whole file stays
/// well under a minute in a debug build on two cores.
const CASES: u64 = 2_000;

/// The generator's seed when `MLREADY_PARSERS_SEED` is not set.
const SEED: u64 = 0x6d6c_7265_6164_7921;

/// The largest input a mutation makes (seeds are at most 16 KiB); the
/// parsers' nesting limits (256 levels) are reached well within it.
const MAX_LEN: usize = 12 * 1024;

/// A case slower than this in a debug build is a failure: a parser whose work
/// is not linear in its input (a timeout under the fuzzer).
const SLOW: Duration = Duration::from_secs(20);

/// SplitMix64: a tiny, well-mixed, seedable generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens the parsers give a meaning to: escapes, quotes, brackets, YAML and
/// Markdown markers, comments, line ends, non-ASCII characters (a backslash
/// before one once panicked two parsers), and bytes that are not UTF-8.
const TOKENS: &[&[u8]] = &[
    b"\\",
    b"\\\\",
    b"\\\xc3\xa9",
    b"\\u",
    b"\\ud83d",
    b"\\x",
    b"\\U0001",
    "é".as_bytes(),
    "日本".as_bytes(),
    "🚀".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{202e}".as_bytes(),
    b"\xc3",
    b"\xff",
    b"\x00",
    b"\x1b[2J",
    b"\"",
    b"'",
    b"'''",
    b"\"\"\"",
    b"`",
    b"```",
    b"~~~",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"}",
    b"{{",
    b"(",
    b"- ",
    b"? ",
    b": ",
    b"---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"|\n",
    b">-\n",
    b"# ",
    b"#",
    b"<!--",
    b"-->",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"  ",
    b"=",
    b",",
    b".",
    b"*",
    b"**/",
    b"!",
    b"@",
    b"/",
    b"[Section] @a\n",
    b"^[S][2] @a\n",
    b"[attr]",
    b"f'{",
    b"rb'",
    b"==",
    b">=",
    b"; python_version < \"3\"",
    b" --hash=sha256:",
    b"-r ",
    b"DIRC",
    b"MLRC",
    b"TREE",
    b"link",
    b"sdir",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\x7f\xff\xff\xff",
];

/// Openers that nest, for deep-nesting mutations.
const NESTING: &[&[u8]] = &[b"[", b"{", b"- ", b"{a: ", b"{\"a\":", b"  ", b"> ", b"(", b"f'{", b"#", b"[a]\n"];

/// `input`, changed by one to four mutations; `seeds` are the other inputs to splice from.
fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = |rng: &mut Rng, data: &Vec<u8>| rng.below(data.len() + 1);
        match rng.below(12) {
            // A random byte overwritten, or a bit of one flipped.
            0 | 1 if !data.is_empty() => {
                let i = rng.below(data.len());
                if rng.chance(2) {
                    data[i] ^= 1 << rng.below(8);
                } else {
                    data[i] = rng.next() as u8;
                }
            }
            // A token inserted, or written over what is there.
            2..=4 => {
                let token = rng.pick(TOKENS);
                let i = at(rng, &data);
                if rng.chance(3) {
                    let end = (i + token.len()).min(data.len());
                    data.splice(i..end, token.iter().copied());
                } else {
                    data.splice(i..i, token.iter().copied());
                }
            }
            // Deep nesting: one opener repeated, maybe closed.
            5 => {
                let opener = rng.pick(NESTING);
                let depth = 50 + rng.below(1000);
                let i = at(rng, &data);
                let mut nest: Vec<u8> = opener.repeat(depth);
                if rng.chance(2) {
                    nest.extend_from_slice(b"x");
                    let closer: &[u8] = match opener[0] {
                        b'[' => b"]",
                        b'{' => b"}",
                        b'(' => b")",
                        b'f' => b"}'",
                        _ => b"",
                    };
                    nest.extend(closer.repeat(depth));
                }
                data.splice(i..i, nest);
            }
            // A range deleted.
            6 if !data.is_empty() => {
                let i = rng.below(data.len());
                let end = (i + 1 + rng.below(64)).min(data.len());
                data.drain(i..end);
            }
            // Truncated (past the first byte, which chooses a path).
            7 if data.len() > 1 => {
                let len = 1 + rng.below(data.len() - 1);
                data.truncate(len);
            }
            // A range duplicated, or repeated many times (long lines, many items).
            8 if !data.is_empty() => {
                let i = rng.below(data.len());
                let end = (i + 1 + rng.below(32)).min(data.len());
                let times = if rng.chance(4) { 20 + rng.below(200) } else { 1 };
                let copy = data[i..end].repeat(times);
                data.splice(end..end, copy);
            }
            // Spliced with another seed: a head of one, a tail of the other.
            9 => {
                let other = rng.pick(seeds);
                let i = at(rng, &data);
                let j = rng.below(other.len() + 1);
                data.truncate(i);
                data.extend_from_slice(&other[j..]);
            }
            // A multi-byte character's bytes cut apart, or random bytes inserted.
            10 => {
                let i = at(rng, &data);
                let random: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
                data.splice(i..i, random);
            }
            // The first byte (the path and the share of the matchers) chosen anew.
            _ => match data.first_mut() {
                Some(first) => *first = rng.next() as u8,
                None => data.push(rng.next() as u8),
            },
        }
    }
    data.truncate(MAX_LEN);
    data
}

fn seeds_of(name: &str) -> (PathBuf, Vec<(String, Vec<u8>)>) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(name);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    (folder, seeds)
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value} is not a number")))
}

/// The input shown in a report: escaped, at most a few hundred bytes of it.
fn shown(input: &[u8]) -> String {
    let head: String = input.iter().take(300).flat_map(|b| b.escape_ascii()).map(char::from).collect();
    if input.len() > 300 { format!("{head}... ({} bytes)", input.len()) } else { head }
}

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "(a panic without a message)".to_string(),
    }
}

/// Run `target` on its seeds and `cases` mutations of them; the failures, described.
fn run(target: &Target, seed: u64, cases: u64) -> Vec<String> {
    let (folder, seeds) = seeds_of(target.name);
    assert!(!seeds.is_empty(), "{}: no seeds, the test would run on nothing", folder.display());
    let inputs: Vec<Vec<u8>> = seeds.iter().map(|(_, bytes)| bytes.clone()).collect();
    // Each target its own stream (the seed mixed with an FNV-1a hash of the
    // name), so that a target's cases do not depend on another's.
    let name_hash =
        target.name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut rng = Rng(seed ^ name_hash);
    let trace = std::env::var_os("MLREADY_PARSERS_TRACE").is_some();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new(), 0);
    let mut check = |case: String, input: &[u8]| {
        if trace {
            eprintln!("{} {case}: {}", target.name, shown(input));
        }
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, case.clone(), input.len());
        }
        let problem = match outcome {
            Err(payload) => format!("panicked: {}", message(&*payload)),
            Ok(()) if took > SLOW => format!("took {took:?} (more than {SLOW:?})"),
            Ok(()) => return,
        };
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parsers-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}-{}", target.name, case.replace(['/', ' '], "_")));
        std::fs::write(&file, input).unwrap();
        failures.push(format!(
            "{} ({case}, MLREADY_PARSERS_SEED={seed:#x}) {problem}\n  input: {}\n  replay: cd fuzz && cargo +nightly fuzz run {} {}",
            target.name,
            shown(input),
            target.name,
            file.display()
        ));
    };
    for (name, input) in &seeds {
        check(format!("seed {name}"), input);
    }
    for case in 0..cases {
        let from = rng.below(inputs.len());
        let input = mutate(&mut rng, &inputs[from], &inputs);
        check(format!("case {case} from {}", seeds[from].0), &input);
    }
    let (took, case, len) = slowest;
    let name = target.name;
    eprintln!("{name}: {} seeds and {cases} mutations; the slowest, {case} ({len} bytes), took {took:?}", seeds.len());
    failures
}

fn check_target(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no fuzz target {name}"));
    let seed = env_number("MLREADY_PARSERS_SEED").unwrap_or(SEED);
    let cases = env_number("MLREADY_PARSERS_CASES").unwrap_or(CASES);
    let started = Instant::now();
    let failures = run(target, seed, cases);
    eprintln!("{name}: done in {:?}", started.elapsed());
    assert!(failures.is_empty(), "{} of the inputs failed:\n{}", failures.len(), failures.join("\n"));
}

/// One test per target, so that the harness runs them side by side and
/// names the one that fails.
macro_rules! targets {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_target(stringify!($name));
            }
        )*

        const TESTED: &[&str] = &[$(stringify!($name)),*];
    };
}

targets!(
    config,
    pyproject,
    codeowners,
    gitattributes,
    gitignore,
    json,
    yaml,
    requirements,
    markdown,
    lexer,
    git_index,
    cache,
);

#[test]
fn every_target_is_tested_and_every_seed_folder_is_a_target() {
    let mut targets: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    let mut tested = TESTED.to_vec();
    targets.sort_unstable();
    tested.sort_unstable();
    assert_eq!(targets, tested, "tests/parsers.rs must have one test per fuzz target");

    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut folders: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    folders.sort_unstable();
    assert_eq!(folders, targets, "fuzz/seeds/ must hold one folder per fuzz target");

    let fuzz_targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for name in &targets {
        let source = std::fs::read_to_string(fuzz_targets.join(format!("{name}.rs")))
            .unwrap_or_else(|e| panic!("fuzz/fuzz_targets/{name}.rs: {e}"));
        assert!(source.contains(&format!("target(\"{name}\")")), "fuzz/fuzz_targets/{name}.rs must run target {name}");
    }
}

#[test]
fn the_generator_is_deterministic() {
    let seeds = vec![b"[a]\nb = 1\n".to_vec(), b"x: [1, 2]\n".to_vec()];
    let make = || {
        let mut rng = Rng(SEED);
        (0..50).map(|_| mutate(&mut rng, &seeds[0], &seeds)).collect::<Vec<_>>()
    };
    let (first, second) = (make(), make());
    assert_eq!(first, second);
    assert!(first.iter().any(|m| m != &seeds[0]), "mutations change their input");
}

#[test]
fn resealing_a_sound_cache_file_changes_nothing() {
    let (folder, seeds) = seeds_of("cache");
    let files: Vec<_> = seeds.iter().filter(|(name, _)| name.ends_with(".bin")).collect();
    assert!(!files.is_empty(), "{}: no cache file written by mlready among the seeds", folder.display());
    for (name, bytes) in files {
        assert!(mlready::rules::cache::reseal_for_testing(bytes) == *bytes, "{name}: a sound file was changed");
    }
}
