//! The browser's code: the app's `hydrate` build for wasm32, split at its lazy routes into chunks
//! a page fetches when it first needs them, then given its JS glue by wasm-bindgen. In release,
//! wasm-opt (binaryen, from npm) shrinks every wasm file.
use crate::{write, Build, Result, LIB_PACKAGE, OUTPUT_NAME};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The module the split chunks import their loader from, as leptos's lazy routes expect it.
const SPLIT_LINK: &str = "./__wasm_split.______________________.js";

pub fn build(build: &Build) -> Result<()> {
    let wasm = compile(build)?;
    let pkg = build.pkg();
    let input = std::fs::read(&wasm).map_err(|e| format!("reading {}: {e}", wasm.display()))?;
    let main_wasm = wasm.with_file_name(format!("{LIB_PACKAGE}_split.wasm"));
    let main_module = format!("./{OUTPUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &pkg;
    options.main_out_path = &main_wasm;
    options.main_module = &main_module;
    options.link_name = SPLIT_LINK;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting the wasm at its lazy routes: {e:?}"))?;
    drop(input);
    let manifest = serde_json::to_string_pretty(&split.prefetch_map).map_err(|e| e.to_string())?;
    write(&pkg.join("__wasm_split_manifest.json"), manifest.as_bytes())?;

    bindgen(&main_wasm, &pkg)?;
    // Leptos's hydration script loads `<name>.wasm`; wasm-bindgen writes `<name>_bg.wasm`.
    let main_out = pkg.join(format!("{OUTPUT_NAME}.wasm"));
    std::fs::rename(pkg.join(format!("{OUTPUT_NAME}_bg.wasm")), &main_out)
        .map_err(|e| format!("renaming the main wasm: {e}"))?;

    if build.release {
        for file in std::iter::once(main_out).chain(split.split_modules) {
            optimise(&file)?;
        }
    }
    Ok(())
}

/// `cargo build` of the app's library for the browser; returns the wasm it made. Relocations are
/// kept in the output (`--emit-relocs`): splitting needs them. The flag is set for the wasm
/// target only, so the host's build scripts and macros stay shared with the server's build.
fn compile(build: &Build) -> Result<PathBuf> {
    let profile = if build.release { "wasm-release" } else { "dev" };
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&build.root)
        .args([
            "build",
            "--package",
            LIB_PACKAGE,
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "hydrate",
            "--profile",
            profile,
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Clink-args=--emit-relocs",
        )
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the browser build failed ({status})"));
    }
    let dir = if build.release {
        "wasm-release"
    } else {
        "debug"
    };
    Ok(build
        .target_dir
        .join("wasm32-unknown-unknown")
        .join(dir)
        .join(format!("{LIB_PACKAGE}.wasm")))
}

/// The JS glue for the main module, as `wasm-bindgen --target web --keep-lld-exports
/// --no-demangle` writes it: the split chunks link to the main module's exports by their
/// linker names, so those are kept as they are.
fn bindgen(main_wasm: &Path, pkg: &Path) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(main_wasm)
        .web(true)
        .map_err(|e| e.to_string())?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false)
        .omit_default_module_path(false)
        .out_name(OUTPUT_NAME)
        .generate(pkg)
        .map_err(|e| format!("wasm-bindgen: {e:?}"))
}

/// `wasm-opt -Oz` in place, with the features rustc's wasm output uses.
fn optimise(file: &Path) -> Result<()> {
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(file)
        .arg("-o")
        .arg(file)
        .status()
        .map_err(|e| format!("running wasm-opt (npm binaryen, on PATH): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("wasm-opt failed on {} ({status})", file.display()))
    }
}
