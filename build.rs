//! The bundled library is embedded from lessons/ when the program is compiled. include_dir sees
//! changes to files it embedded but not new ones, so cargo is told to rebuild whenever anything
//! under lessons/ changes (for a folder, cargo looks at everything in it).
fn main() {
    println!("cargo:rerun-if-changed=lessons");
}
