//! Labels for what vanban shows people (the report page, search hits, the
//! spreadsheet export): reform area names, comparator signs, column
//! headers in Vietnamese, the place of a national document. Presentation
//! only: nothing here is used to read documents (the rules that do are in
//! grammars/).

/// The place of a document issued by a central body (no province).
pub const NATIONAL: &str = "Trung ương";

/// The place of a document nothing is known about.
pub const UNKNOWN: &str = "Không rõ";

/// The place a document belongs to, for people: its current province, else
/// the province it names, else [`NATIONAL`] for a document of a central
/// body (it has an issuer or a number but no province), else [`UNKNOWN`].
pub fn region(
    province_current: Option<&str>,
    province: Option<&str>,
    level: Option<&str>,
    issuer: Option<&str>,
    number: Option<&str>,
) -> String {
    if let Some(p) = province_current.or(province) {
        return p.to_string();
    }
    if level.is_none() && (issuer.is_some() || number.is_some()) {
        NATIONAL.to_string()
    } else {
        UNKNOWN.to_string()
    }
}

/// Vietnamese name of a reform area (`None`: a goal outside them).
pub fn area(area: Option<&str>) -> &'static str {
    match area {
        Some("institutions") => "Cải cách thể chế",
        Some("procedures") => "Cải cách thủ tục hành chính",
        Some("apparatus") => "Cải cách tổ chức bộ máy",
        Some("civil_service") => "Cải cách chế độ công vụ",
        Some("public_finance") => "Cải cách tài chính công",
        Some("digital_government") => "Chính quyền điện tử, chính quyền số",
        Some("direction") => "Chỉ đạo, điều hành",
        Some("general") => "Chỉ số tổng hợp (PAR INDEX, SIPAS, PAPI, PCI)",
        Some(_) => "Lĩnh vực khác",
        None => "Ngoài các lĩnh vực cải cách hành chính",
    }
}

/// Sign of a comparator ("at_least" → "≥").
pub fn comparator_sign(c: &str) -> &'static str {
    match c {
        "at_least" => "≥",
        "more_than" => ">",
        "at_most" => "≤",
        "range" => "–",
        _ => "=",
    }
}

/// A number as people write it: no ".0", a decimal comma.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

/// A target's value for people: "≥ 90%", "20–30%", "giảm 10%", "9,5/10 điểm".
pub fn value(
    comparator: &str,
    value: f64,
    value_max: Option<f64>,
    unit: &str,
    change: Option<&str>,
    out_of: Option<f64>,
) -> String {
    let unit_sep = if unit == "%" { "" } else { " " };
    let figure = match (value_max, out_of) {
        (Some(m), _) => format!("{}–{}", number(value), number(m)),
        (None, Some(o)) => format!("{}/{}", number(value), number(o)),
        (None, None) => number(value),
    };
    let sign = match comparator {
        "exactly" | "range" => String::new(),
        c => format!("{} ", comparator_sign(c)),
    };
    let change = match change {
        Some("reduce") => "giảm ",
        Some("increase") => "tăng ",
        _ => "",
    };
    format!("{change}{sign}{figure}{unit_sep}{unit}")
}

/// Vietnamese header of an exported column (see `db::export`); the key
/// itself when it has none.
pub fn column(key: &str) -> &str {
    match key {
        "document_id" => "Mã văn bản",
        "path" => "Tệp",
        "number" => "Số, ký hiệu",
        "region" => "Tỉnh, thành phố",
        "date" => "Ngày ban hành",
        "kind" => "Loại văn bản",
        "issuer" => "Cơ quan ban hành",
        "province" => "Tỉnh (theo văn bản)",
        "province_current" => "Tỉnh (từ 01/7/2025)",
        "level" => "Cấp",
        "signer" => "Người ký",
        "title" => "Trích yếu",
        "period_from" => "Giai đoạn từ năm",
        "period_to" => "Giai đoạn đến năm",
        "part" => "Phần",
        "n_citations" => "Số trích dẫn",
        "n_targets" => "Số chỉ tiêu",
        "n_tasks" => "Số nhiệm vụ",
        "cited_kind" => "Loại văn bản được dẫn",
        "cited_number" => "Số, ký hiệu văn bản được dẫn",
        "cited_name" => "Tên văn bản được dẫn",
        "cited_date" => "Ngày văn bản được dẫn",
        "cited_issuer" => "Cơ quan ban hành văn bản được dẫn",
        "relation" => "Quan hệ",
        "mentions" => "Số lần nhắc",
        "quote" => "Trích dẫn nguyên văn",
        "value" => "Giá trị",
        "value_max" => "Giá trị tối đa",
        "unit" => "Đơn vị",
        "comparator" => "So sánh",
        "change" => "Tăng/giảm",
        "out_of" => "Thang điểm",
        "per_year" => "Hằng năm",
        "year" => "Năm đạt",
        "area" => "Lĩnh vực",
        "indicator" => "Mã chỉ tiêu",
        "indicator_name" => "Tên chỉ tiêu",
        "section" => "Nhóm nhiệm vụ",
        "stt" => "STT",
        "task" => "Nhiệm vụ",
        "output" => "Sản phẩm",
        "timeline" => "Thời gian",
        "lead" => "Cơ quan chủ trì",
        "partners" => "Cơ quan phối hợp",
        "note" => "Ghi chú",
        "line" => "Dòng",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_written() {
        assert_eq!(value("at_least", 90.0, None, "%", None, None), "≥ 90%");
        assert_eq!(value("range", 20.0, Some(30.0), "%", None, None), "20–30%");
        assert_eq!(
            value("exactly", 10.0, None, "%", Some("reduce"), None),
            "giảm 10%"
        );
        assert_eq!(
            value("exactly", 9.5, None, "điểm", None, Some(10.0)),
            "9,5/10 điểm"
        );
    }

    #[test]
    fn national_documents_have_a_place() {
        assert_eq!(
            region(None, None, None, Some("Chính phủ"), Some("03/NQ-CP")),
            NATIONAL
        );
        assert_eq!(region(None, None, None, None, None), UNKNOWN);
        assert_eq!(
            region(
                Some("Khánh Hòa"),
                Some("Ninh Thuận"),
                Some("tỉnh"),
                None,
                None
            ),
            "Khánh Hòa"
        );
    }
}
