//! The generator's stages, timed on the project's spec (`spec/`) and on the real full Genesys spec (the committed
//! fixture `tests/fixtures/full-spec/genesys-platform-api-2018-03.oas3.json.gz`, or `GENESYS_FULL_SPEC`), and the
//! `parse` stage on that spec's Swagger 2.0 original (`full-spec-swagger2`, converted on reading):
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

#[path = "../tests/support/mod.rs"]
mod support;
use support::unpack_full_spec;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is a workspace member")
        .to_path_buf()
}

/// The specs to time: (benchmark group name, path); the fixtures are unpacked into `dir`.
fn specs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let full = env::var_os("GENESYS_FULL_SPEC").map_or_else(
        || unpack_full_spec("genesys-platform-api-2018-03.oas3.json", dir),
        PathBuf::from,
    );
    vec![
        ("spec-dir", workspace_root().join("spec")),
        ("full-spec", full),
    ]
}

/// A standalone crate's configuration, as `genesys-codegen --spec ... --out ...` uses.
fn config(spec: &Path) -> Config {
    let mut config = Config::new(spec);
    config.runtime = RuntimePath::External("genesys_cloud".to_owned());
    config.crate_name = "genesys-cloud-api".to_owned();
    config
}

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let swagger2 = unpack_full_spec("genesys-platform-api-2018-03.swagger2.json", dir.path());
    c.benchmark_group("full-spec-swagger2")
        .sample_size(10)
        .bench_function("parse", |b| {
            b.iter(|| spec::load(black_box(&swagger2)).map(drop))
        });
    for (name, path) in specs(dir.path()) {
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
