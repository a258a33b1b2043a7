#[test]
fn dump() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let (api, _) =
        genesys_codegen::load_api(&genesys_codegen::Config::new(root.join("spec"))).unwrap();
    println!("{:#?}", api);
}
