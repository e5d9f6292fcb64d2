//! OCR of PDF pages without a usable text layer, and of pictures (cargo
//! feature `ocr`).
//!
//! With the feature, a page is rendered by `pdftoppm` (poppler-utils) at
//! 300 dpi and read by the `tesseract` CLI with Vietnamese data (`-l vie`;
//! Debian packages tesseract-ocr and tesseract-ocr-vie). Without it,
//! [`page_text`] returns None and the PDF front end warns which pages went
//! unread, with [`HINT`].

/// What the warning about unread pages advises.
#[cfg(not(feature = "ocr"))]
pub const HINT: &str = "build with `--features ocr` (needs tesseract-ocr, tesseract-ocr-vie and poppler-utils) to read them by OCR";
#[cfg(feature = "ocr")]
pub const HINT: &str = "OCR did not give usable text for them";

/// OCR text of 1-based page `page` of a PDF, or None without the feature.
#[cfg(not(feature = "ocr"))]
pub fn page_text(_pdf: &[u8], _page: u32) -> Option<Result<String, String>> {
    None
}

/// OCR text of a picture (PNG, JPEG, TIFF), or None without the feature.
#[cfg(not(feature = "ocr"))]
pub fn image_text(_image: &[u8]) -> Option<Result<String, String>> {
    None
}

/// OCR text of a picture (PNG, JPEG, TIFF).
#[cfg(feature = "ocr")]
pub fn image_text(image: &[u8]) -> Option<Result<String, String>> {
    Some(ocr_image(image))
}

#[cfg(feature = "ocr")]
fn ocr_image(image: &[u8]) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("tesseract")
        .args(["stdin", "-", "-l", "vie", "--psm", "4"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running tesseract: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(image).map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "tesseract failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).replace('\u{0C}', "\n"))
}

/// OCR text of 1-based page `page` of a PDF.
#[cfg(feature = "ocr")]
pub fn page_text(pdf: &[u8], page: u32) -> Option<Result<String, String>> {
    Some(ocr_page(pdf, page))
}

#[cfg(feature = "ocr")]
fn ocr_page(pdf: &[u8], page: u32) -> Result<String, String> {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!(
        "vanban-ocr-{}-{}",
        std::process::id(),
        crate::sha256_hex(pdf).get(..16).unwrap_or("x")
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let input = dir.join("in.pdf");
    if !input.exists() {
        std::fs::write(&input, pdf).map_err(|e| e.to_string())?;
    }
    let stem = dir.join(format!("p{page}"));
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
        ])
        .arg(&input)
        .arg(&stem)
        .status()
        .map_err(|e| format!("running pdftoppm (poppler-utils): {e}"))?;
    if !status.success() {
        return Err(format!("pdftoppm failed on page {page}"));
    }
    let png = stem.with_extension("png");
    let out = Command::new("tesseract")
        .arg(&png)
        .args(["-", "-l", "vie", "--psm", "4"])
        .output()
        .map_err(|e| format!("running tesseract: {e}"))?;
    let _ = std::fs::remove_file(&png);
    if !out.status.success() {
        return Err(format!(
            "tesseract failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).replace('\u{0C}', "\n"))
}

#[cfg(test)]
mod tests {
    /// Runs with the feature; needs the tools (`cfg(vanban_ocr)`) and the
    /// sample scan (`cfg(vanban_shared)`), found by build.rs, and is ignored
    /// with the reason otherwise.
    #[cfg(feature = "ocr")]
    #[test]
    #[cfg_attr(
        not(all(vanban_ocr, vanban_shared)),
        ignore = "needs pdftoppm, tesseract with Vietnamese (Debian: poppler-utils, tesseract-ocr-vie) and ../shared/realdocs"
    )]
    fn a_scanned_page_is_read() {
        let sample = std::path::Path::new(env!("VANBAN_SHARED_DIR"))
            .join("realdocs/rd05_bhxh_cv3360-2015_scan_notext.pdf");
        let pdf = std::fs::read(&sample)
            .unwrap_or_else(|e| panic!("the sample scan {}: {e}", sample.display()));
        let text = match super::page_text(&pdf, 1) {
            Some(Ok(t)) => t,
            other => panic!("OCR failed: {other:?}"),
        };
        assert!(
            text.contains("BẢO HIỂM XÃ HỘI") || text.contains("Độc lập"),
            "{text}"
        );
    }

    #[cfg(not(feature = "ocr"))]
    #[test]
    fn without_the_feature_pages_are_left_with_a_hint() {
        assert!(super::page_text(b"%PDF-1.4", 1).is_none());
        assert!(super::HINT.contains("--features ocr"));
    }
}
