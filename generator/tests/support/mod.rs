//! The real, full 2018 Genesys Platform API spec (932 operations in 40 groups, 822 schemas), committed gzip-compressed
//! in `tests/fixtures/full-spec/`: the Swagger 2.0 original (`genesys-platform-api-2018-03.swagger2.json`) and its
//! OpenAPI 3.0 conversion by swagger2openapi 7 `--patch` (`genesys-platform-api-2018-03.oas3.json`).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

/// Decompresses the fixture `name` (one of the file names above) into `dir`, and returns its path there.
pub fn unpack_full_spec(name: &str, dir: &Path) -> PathBuf {
    let compressed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/full-spec")
        .join(format!("{name}.gz"));
    let path = dir.join(name);
    let mut reader = GzDecoder::new(
        File::open(&compressed).unwrap_or_else(|e| panic!("{}: {e}", compressed.display())),
    );
    let mut writer = File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    io::copy(&mut reader, &mut writer).unwrap_or_else(|e| panic!("{}: {e}", compressed.display()));
    drop(writer);
    assert!(fs::metadata(&path).is_ok_and(|m| m.len() > 0));
    path
}
