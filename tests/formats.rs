//! Front ends on real documents: the header lines of each PDF, DOCX and
//! HTML sample come out clean and in order, and the fields read from them.
//!
//! The small samples are committed (tests/data/realdocs, tests/data/realtexts)
//! and always read; the large ones (scans, a 450-page PDF, a 1 MB web page)
//! are read from ../shared (or `$VANBAN_SHARED`), and their tests are ignored,
//! with the reason, where it is missing (`cfg(vanban_shared)`, see build.rs).
//! A sample the test expects and cannot find is a failure, never a skip.

use std::path::{Path, PathBuf};

/// The committed samples.
fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The folder of the large samples, as build.rs found it.
fn shared() -> PathBuf {
    PathBuf::from(env!("VANBAN_SHARED_DIR"))
}

/// The bytes of the one file of `root/dir` whose name starts with `prefix`.
fn sample(root: &Path, dir: &str, prefix: &str) -> Vec<u8> {
    let folder = root.join(dir);
    let rd = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("sample folder {}: {e}", folder.display()));
    let found: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one sample {prefix}* in {}: {found:?}",
        folder.display()
    );
    std::fs::read(&found[0]).unwrap_or_else(|e| panic!("{}: {e}", found[0].display()))
}

fn text(bytes: &[u8]) -> (String, vanban::decode::Decoded) {
    let d = vanban::decode::decode(bytes, &Default::default())
        .unwrap_or_else(|e| panic!("decode failed: {e}"));
    (vanban::normalize::normalize(&d.text.text).text, d)
}

/// Each needle appears, in this order.
fn in_order(t: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match t.get(at..).and_then(|rest| rest.find(n)) {
            Some(i) => at += i + n.len(),
            None => panic!(
                "{n:?} not found after offset {at} in:\n{}",
                t.chars().take(1500).collect::<String>()
            ),
        }
    }
}

fn check_pdf_text_layers(root: &Path, cases: &[(&str, &[&str])]) {
    for (name, needles) in cases {
        let (t, d) = text(&sample(root, "realdocs", name));
        assert_eq!(d.format, vanban::decode::Format::Pdf, "{name}");
        assert!(d.pages.unwrap_or(0) >= 1, "{name}");
        assert_eq!(
            d.page_starts.len() + 1,
            d.pages.unwrap_or(0) as usize,
            "{name}"
        );
        assert!(d.warnings.is_empty(), "{name}: {:?}", d.warnings);
        in_order(&t, needles);
    }
}

#[test]
fn pdf_text_layers() {
    check_pdf_text_layers(
        &committed(),
        &[
            (
                "rd01",
                &[
                    "CHÍNH PHỦ",
                    "Số: 55/2023/NĐ-CP",
                    "Hà Nội, ngày 21 tháng 7 năm 2023",
                    "NGHỊ ĐỊNH",
                    "Căn cứ Luật Tổ chức Chính phủ",
                ],
            ),
            (
                "rd02",
                &[
                    "Phụ lục I",
                    "Kèm theo Nghị định số 55/2023/NĐ-CP",
                    "ngày 21 tháng 7 năm 2023",
                ],
            ),
        ],
    );
}

#[test]
#[cfg_attr(
    not(vanban_shared),
    ignore = "needs ../shared/realdocs and ../shared/realtexts (not in a fresh clone; or set VANBAN_SHARED)"
)]
fn pdf_text_layers_of_the_large_samples() {
    check_pdf_text_layers(
        &shared(),
        &[
            ("rd03", &["Phụ lục 1", "Kèm theo Quyết định số /QĐ-UBND"]),
            (
                "rd04",
                &[
                    "BỘ Y TẾ",
                    "Số:4469/QĐ-BYT",
                    "Hà Nội, ngày 28 tháng 10 năm 2020",
                    "QUYẾT ĐỊNH",
                ],
            ),
        ],
    );
}

fn check_no_usable_text(root: &Path, names: &[&str]) {
    for name in names {
        let (_, d) = text(&sample(root, "realdocs", name));
        assert!(
            d.warnings
                .iter()
                .any(|w| w.contains("no usable text layer")),
            "{name}: {:?}",
            d.warnings
        );
    }
}

/// A text layer garbled by OCR (ABBYY, diacritics lost and misread).
#[test]
fn pdf_without_usable_text_is_reported() {
    check_no_usable_text(&committed(), &["rd08"]);
}

/// Scans: no text layer (rd05), a poor OCR layer over a scan (rd07).
#[test]
#[cfg_attr(
    not(vanban_shared),
    ignore = "needs ../shared/realdocs and ../shared/realtexts (not in a fresh clone; or set VANBAN_SHARED)"
)]
fn scans_without_usable_text_are_reported() {
    check_no_usable_text(&shared(), &["rd05", "rd07"]);
}

#[test]
fn docx_files() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "realdocs",
            "rd09",
            &[
                "ỦY BAN MTTQ VIỆT NAM",
                "Số: 16/KH-MTTQ-BTT",
                "ngày 18 tháng 11 năm 2025",
                "KẾ HOẠCH",
                "I. MỤC ĐÍCH, YÊU CẦU",
            ],
        ),
        (
            "realdocs",
            "rd10",
            &[
                "Số:",
                "/KH-MTTQ-BTT",
                "ngày 25 tháng 11 năm 2025",
                "KẾ HOẠCH",
            ],
        ),
        (
            "realdocs",
            "rd11",
            &[
                "Số:",
                "/QĐ-MTTQ-BTT",
                "ngày 12 tháng 01 năm 2026",
                "QUYẾT ĐỊNH",
                "Điều 1.",
            ],
        ),
        (
            "realtexts",
            "r31",
            &[
                "SỞ CÔNG THƯƠNG",
                "/KH-SCT",
                "KẾ HOẠCH",
                "I. MỤC ĐÍCH, YÊU CẦU",
            ],
        ),
        (
            "realtexts",
            "r32",
            &[
                "CHÍNH PHỦ",
                "Số: 24/2026",
                "NGHỊ QUYẾT",
                "Điều 1. Phạm vi điều chỉnh",
            ],
        ),
    ];
    for (dir, name, needles) in cases {
        let (t, d) = text(&sample(&committed(), dir, name));
        assert_eq!(d.format, vanban::decode::Format::Docx, "{name}");
        in_order(&t, needles);
    }
}

fn check_html_page(root: &Path, name: &str, needles: &[&str]) {
    let (t, d) = text(&sample(root, "realtexts", name));
    assert_eq!(d.format, vanban::decode::Format::Html, "{name}");
    assert!(
        !t.contains("<script") && !t.contains("{color:"),
        "{name}: markup leaked"
    );
    in_order(&t, needles);
}

#[test]
fn html_pages() {
    check_html_page(
        &committed(),
        "r40",
        &["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG"],
    );
}

/// A 1 MB page of the official legal database, scripts and styles included.
#[test]
#[cfg_attr(
    not(vanban_shared),
    ignore = "needs ../shared/realdocs and ../shared/realtexts (not in a fresh clone; or set VANBAN_SHARED)"
)]
fn html_page_of_the_legal_database() {
    check_html_page(
        &shared(),
        "r21",
        &[
            "THỦ TƯỚNG CHÍNH PHỦ",
            "Số: 42/2025/QĐ-TTg",
            "Hà Nội, ngày 12 tháng 11 năm 2025",
            "QUYẾT ĐỊNH",
        ],
    );
}

/// Broken and hostile inputs give errors or text, never a panic.
#[test]
fn damaged_inputs_do_not_panic() {
    let limits = vanban::decode::Limits::default();
    let mut inputs: Vec<Vec<u8>> = vec![
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec(),
        b"%PDF-".to_vec(),
        b"PK\x03\x04\x14\x00".to_vec(),
        b"<html><table><tr><td rowspan=99999999 colspan=-1>x</td></tr></table>".to_vec(),
        b"<p>\xC0\xC1\xFE\xFF &#xD800; &#0; <".to_vec(),
        vec![0xFF, 0xFE, 0x00],
        vec![0xFE, 0xFF, 0xD8, 0x00],
        b"a\\".to_vec(),
        b"Quye^'t ddi.nh \\".to_vec(),
    ];
    for name in ["rd01", "rd09"] {
        let b = sample(&committed(), "realdocs", name);
        for cut in [b.len() / 3, b.len() / 2, b.len() - 10] {
            inputs.push(b[..cut].to_vec());
        }
    }
    for input in inputs {
        let _ = vanban::decode::decode(&input, &limits);
    }
}

/// Kind, number and date read from `prefix`'s sample under the name it was
/// published with.
fn check_kind_number_date(root: &Path, cases: &[(&str, &str, &str, Option<&str>, &str)]) {
    for (prefix, name, kind, number, date) in cases {
        let b = sample(root, "realdocs", prefix);
        let out =
            vanban::extract_bytes(&vanban::Grammars::builtin(), name, &b, &Default::default())
                .unwrap_or_else(|e| panic!("{prefix}: {e}"));
        let d = &out.document;
        assert_eq!(d.kind.as_deref(), Some(*kind), "{prefix} kind");
        assert_eq!(d.number.as_deref(), *number, "{prefix} number");
        assert_eq!(d.date.as_deref(), Some(*date), "{prefix} date");
    }
}

/// Issue 8's bar: kind, number and date of the text-layer PDFs and the
/// DOCX files, read under the names the files were published with. rd02
/// holds only an appendix: the document is the instrument named in its
/// "(Kèm theo …)" line.
#[test]
fn realdocs_kind_number_date() {
    check_kind_number_date(
        &committed(),
        &[
            (
                "rd01",
                "55 ND_CP_21072023_2_signed.pdf",
                "Nghị định",
                Some("55/2023/NĐ-CP"),
                "2023-07-21",
            ),
            (
                "rd02",
                "55 nd PL_21072023_3_signed.pdf",
                "Nghị định",
                Some("55/2023/NĐ-CP"),
                "2023-07-21",
            ),
            (
                "rd09",
                "18-11-KH thuc hien cong tac bau cu (Lương Minh).docx",
                "Kế hoạch",
                Some("16/KH-MTTQ-BTT"),
                "2025-11-18",
            ),
            (
                "rd10",
                "25-11-KH thuc hien HN hiep thuong (Lương Minh).docx",
                "Kế hoạch",
                None,
                "2025-11-25",
            ),
            (
                "rd11",
                "QĐ thành lập Tổ tiếp công dân (chuan).docx",
                "Quyết định",
                None,
                "2026-01-12",
            ),
        ],
    );
}

/// The same bar on the large PDFs. rd03 holds only an appendix and prints
/// its instrument's number blank: the file name supplies it.
#[test]
#[cfg_attr(
    not(vanban_shared),
    ignore = "needs ../shared/realdocs and ../shared/realtexts (not in a fresh clone; or set VANBAN_SHARED)"
)]
fn realdocs_kind_number_date_of_the_large_samples() {
    check_kind_number_date(
        &shared(),
        &[
            (
                "rd03",
                "PL QD 1072 ngay 27-2-2024.pdf",
                "Quyết định",
                Some("1072/QĐ-UBND"),
                "2024-02-27",
            ),
            (
                "rd04",
                "QD.4469.BYT.pdf",
                "Quyết định",
                Some("4469/QĐ-BYT"),
                "2020-10-28",
            ),
        ],
    );
}

/// Signature blocks printed as the right-hand column beside "Nơi nhận:"
/// (tab-split PDF text layers) still give the signer.
fn check_signer(root: &Path, cases: &[(&str, &str, &str)]) {
    for (dir, prefix, signer) in cases {
        let b = sample(root, dir, prefix);
        let out = vanban::extract_bytes(
            &vanban::Grammars::builtin(),
            "x.pdf",
            &b,
            &Default::default(),
        )
        .unwrap_or_else(|e| panic!("{prefix}: {e}"));
        assert_eq!(out.document.signer.as_deref(), Some(*signer), "{prefix}");
    }
}

#[test]
fn realdocs_signer_in_the_right_column() {
    check_signer(&committed(), &[("realdocs", "rd01", "Trần Hồng Hà")]);
}

#[test]
#[cfg_attr(
    not(vanban_shared),
    ignore = "needs ../shared/realdocs and ../shared/realtexts (not in a fresh clone; or set VANBAN_SHARED)"
)]
fn realdocs_signer_in_the_right_column_of_the_large_samples() {
    check_signer(
        &shared(),
        &[
            ("realdocs", "rd04", "Nguyễn Trường Sơn"),
            ("realtexts", "r35", "Phùng Tô Long"),
        ],
    );
}
