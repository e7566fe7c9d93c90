//! The files of `public/` (icons, the service worker, scripts for pages without wasm, vendored
//! Leaflet), copied to the site's root as they are.
use crate::{Build, Result};
use std::path::Path;

pub fn copy(build: &Build) -> Result<()> {
    copy_dir(&build.root.join("public"), &build.site())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("copying {}: {e}", path.display()))?;
        }
    }
    Ok(())
}
