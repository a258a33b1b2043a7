//! The generator's stages, timed on the project's spec (`spec/`) and on the real full Genesys spec
//! (`shared/specs/genesys-platform-api-2018-03.oas3.json` beside the repository, or `GENESYS_FULL_SPEC`):
//!
//! - `parse`: [`genesys_codegen::spec::load`] (read, parse, merge);
//! - `lower`: [`genesys_codegen::model::lower`] (check and build the model);
//! - `emit`: [`genesys_codegen::emit::emit`] (build tokens, parse them with `syn`, print with `prettyplease`,
//!   Markdown pages);
//! - `generate`: all three, as [`genesys_codegen::generate`] runs them (writing files is not included).
//!
//! `cargo bench -p genesys-codegen --bench stages` (a couple of minutes); `-- full-spec` for the full spec only.

use std::env;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use genesys_codegen::{Config, RuntimePath, emit, model, spec};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is a workspace member")
        .to_path_buf()
}

/// The specs to time: (benchmark group name, path).
fn specs() -> Vec<(&'static str, PathBuf)> {
    let root = workspace_root();
    let mut specs = vec![("spec-dir", root.join("spec"))];
    let full = env::var_os("GENESYS_FULL_SPEC").map_or_else(
        || root.join("../shared/specs/genesys-platform-api-2018-03.oas3.json"),
        PathBuf::from,
    );
    if full.is_file() {
        specs.push(("full-spec", full));
    } else {
        eprintln!(
            "no full spec at {}: timing spec/ only (set GENESYS_FULL_SPEC)",
            full.display()
        );
    }
    specs
}

/// A standalone crate's configuration, as `genesys-codegen --spec ... --out ...` uses.
fn config(spec: &Path) -> Config {
    let mut config = Config::new(spec);
    config.runtime = RuntimePath::External("genesys_cloud".to_owned());
    config.crate_name = "genesys-cloud-api".to_owned();
    config
}

fn stages(c: &mut Criterion) {
    for (name, path) in specs() {
        let config = config(&path);
        let loaded = spec::load(&path).unwrap_or_else(|d| panic!("{d}"));
        let (api, _) = model::lower(&loaded);
        let api = api.expect("the spec lowers");

        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        group.bench_function("parse", |b| {
            b.iter(|| spec::load(black_box(&path)).map(drop))
        });
        group.bench_function("lower", |b| {
            b.iter(|| model::lower(black_box(&loaded)).0.is_some())
        });
        group.bench_function("emit", |b| {
            b.iter(|| emit::emit(black_box(&api), &config).map(|files| files.len()))
        });
        group.bench_function("generate", |b| {
            b.iter(|| genesys_codegen::generate(black_box(&config)).map(|g| g.files.len()))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
