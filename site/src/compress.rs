//! `--precompress`: a `.br` and a `.gz` beside every file of the site, made once at build time at
//! the best ratio, so the server sends phones the smallest form without compressing per request.
use crate::Result;
use std::io::Write;
use std::path::Path;

pub fn all(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            all(&path)?;
            continue;
        }
        let is_compressed = path.extension().is_some_and(|e| e == "br" || e == "gz");
        if !is_compressed {
            one(&path)?;
        }
    }
    Ok(())
}

fn one(path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let with_suffix = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzipped = gzip.finish().map_err(|e| e.to_string())?;
    crate::write(&with_suffix(".gz"), &gzipped)?;

    let mut brotli = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    brotli.write_all(&bytes).map_err(|e| e.to_string())?;
    crate::write(&with_suffix(".br"), &brotli.into_inner())
}
