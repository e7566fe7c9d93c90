//! The stylesheet: `style/main.css` written out for the browsers residents' phones carry (with
//! the prefixes and fallbacks those need), minified in release.
use crate::{Build, Result, OUTPUT_NAME};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};

/// `major << 16`, as lightningcss counts versions.
const fn version(major: u32) -> Option<u32> {
    Some(major << 16)
}

/// Cheap Android phones browse with old Chromium kernels (the X5 and UC engines of WeChat, QQ
/// and UC Browser were Chromium 66 to 89 for years), and pages must work on them even without
/// scripts: the CSS is written down to those.
const BROWSERS: Browsers = Browsers {
    android: version(66),
    chrome: version(66),
    edge: version(79),
    firefox: version(78),
    ie: None,
    ios_saf: version(12),
    opera: None,
    safari: version(12),
    samsung: version(9),
};

pub fn build(build: &Build) -> Result<()> {
    let source = build.root.join("style/main.css");
    let css = std::fs::read_to_string(&source)
        .map_err(|e| format!("reading {}: {e}", source.display()))?;
    let out = transform(&css, build.release)?;
    crate::write(
        &build.pkg().join(format!("{OUTPUT_NAME}.css")),
        out.as_bytes(),
    )
}

fn transform(css: &str, minify: bool) -> Result<String> {
    let targets = Targets::from(BROWSERS);
    let options = ParserOptions {
        filename: "style/main.css".into(),
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(css, options).map_err(|e| format!("style/main.css: {e}"))?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| format!("style/main.css: {e}"))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| format!("style/main.css: {e}"))?;
    Ok(printed.code)
}

#[cfg(test)]
mod tests {
    use super::transform;

    /// What old phones need is added, and release drops the white space.
    #[test]
    fn the_sheet_is_written_for_old_phones() {
        let out = transform(".a {\n  user-select: none;\n}\n", true).unwrap();
        assert!(out.contains("-webkit-user-select:none"), "{out}");
        assert!(!out.contains('\n'), "{out}");
        let kept = transform(".a {\n  color: red;\n}\n", false).unwrap();
        assert!(kept.contains('\n'), "{kept}");
    }
}
