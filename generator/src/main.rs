fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let t = std::time::Instant::now();
    match genesys_codegen::load_api(&genesys_codegen::Config::new(path)) {
        Ok((api, w)) => {
            println!("{w}");
            println!("groups {} ops {} types {} in {:?}", api.groups.len(), api.operations().count(), api.types.len(), t.elapsed());
        }
        Err(e) => println!("{e}"),
    }
}
