//! QR codes drawn on the server, as SVG: a room's poster, a session's join code.
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// A QR code as SVG, quiet zone included. Level M survives a scuffed or sun-faded corner of a
/// poster (15 % damage) while keeping the modules large.
pub fn qr_svg(data: &str) -> String {
    match QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        // Only data beyond ~2 KB fails; our URLs are a few dozen bytes.
        Err(e) => {
            tracing::error!(%e, "QR code not encodable");
            String::new()
        }
    }
}
