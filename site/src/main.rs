//! `cargo run -p site -- [--release] [--precompress]`: builds `target/site`, what the server
//! serves besides its pages: the browser's wasm split into lazily loaded chunks, its JS glue,
//! the stylesheet and the files of `public/`. The same steps as `cargo leptos build --split`,
//! without installing a tool: the wasm tools are libraries built with the workspace.
//!
//! The server binary is built by cargo as usual (`cargo build -p server`).
mod assets;
mod compress;
mod front;
mod style;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The crate whose `hydrate` build is the browser's code, and the name the server's pages load
/// it by (`/pkg/bandeng.js`, `LEPTOS_OUTPUT_NAME`).
const LIB_PACKAGE: &str = "app";
const OUTPUT_NAME: &str = "bandeng";

type Result<T> = std::result::Result<T, String>;

/// What this run builds, and where.
pub struct Build {
    /// The workspace root: `style/`, `public/` and `target/site` are found from it.
    root: PathBuf,
    /// Cargo's target directory, for the wasm the front build makes.
    target_dir: PathBuf,
    /// Optimised and minified (the `wasm-release` profile, wasm-opt, minified CSS).
    release: bool,
}

impl Build {
    fn site(&self) -> PathBuf {
        self.root.join("target/site")
    }

    fn pkg(&self) -> PathBuf {
        self.site().join("pkg")
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(unknown) = args
        .iter()
        .find(|a| !["--release", "--precompress"].contains(&a.as_str()))
    {
        eprintln!("site: unknown argument {unknown}; usage: site [--release] [--precompress]");
        return ExitCode::from(2);
    }
    let precompress = args.iter().any(|a| a == "--precompress");
    // `cargo run` names the package's directory at run time. The one compiled in is only the
    // fallback: worktrees that share a target dir share this binary, and a build of one must
    // not write into another's target/site.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir
        .parent()
        .expect("site/ lies in the workspace")
        .to_path_buf();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let build = Build {
        root,
        target_dir,
        release: args.iter().any(|a| a == "--release"),
    };
    match run(&build, precompress) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("site: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a file of the site, saying which one failed.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn run(build: &Build, precompress: bool) -> Result<()> {
    let started = Instant::now();
    // A fresh pkg/ each time, so no chunk of an earlier build lingers beside the new ones.
    let pkg = build.pkg();
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("clearing {}: {e}", pkg.display()))?;
    }
    std::fs::create_dir_all(&pkg).map_err(|e| format!("creating {}: {e}", pkg.display()))?;
    front::build(build)?;
    style::build(build)?;
    assets::copy(build)?;
    if precompress {
        compress::all(&build.site())?;
    }
    eprintln!(
        "site: {} built in {:.1} s",
        build.site().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
