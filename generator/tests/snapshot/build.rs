//! Generates the fixture's client a second time, the way a downstream crate would from its own build script
//! (one file of inline modules in OUT_DIR), so that path is compiled and tested too.

use genesys_codegen::{Config, Layout, RuntimePath, generate};

fn main() {
    let spec = "../fixtures/features/features.yaml";
    println!("cargo::rerun-if-changed={spec}");
    let Ok(out_dir) = std::env::var("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let mut config = Config::new(spec);
    config.runtime = RuntimePath::External("genesys_cloud".to_owned());
    config.layout = Layout::SingleFile("features.rs".to_owned());
    match generate(&config) {
        Ok(generated) => {
            for file in generated.files {
                if let Err(e) = std::fs::write(format!("{out_dir}/{}", file.path), file.contents) {
                    println!("cargo::error=writing {}: {e}", file.path);
                }
            }
        }
        Err(problems) => {
            for line in problems.to_string().lines() {
                println!("cargo::error={line}");
            }
        }
    }
}
