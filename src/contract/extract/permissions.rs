//! Permission tables: the rows of tables with a `Permission type` column,
//! workload sub-rows folded under their permission type.

use super::extractor::place;
use crate::contract::model::PermissionRow;
use crate::markdown::scan::Scan;
use crate::source::SourceFile;

/// Rows of tables whose header names a `Permission type` column.
pub(super) fn permission_rows(src: &SourceFile, scan: &Scan) -> Vec<PermissionRow> {
    let mut rows = Vec::new();
    for t in &scan.tables {
        let Some(kind_col) = t
            .header
            .iter()
            .position(|c| c.text.to_ascii_lowercase().starts_with("permission type"))
        else {
            continue;
        };
        // Every column of scopes is headed `Permissions …`: tables for APIs
        // acting on self or on others have one of each ("Permissions acting
        // on self", "…on others"). A table of permission types against
        // something else (`Supported resource types` on the webhooks page)
        // is no permissions table.
        let scope_cols: Vec<usize> = t
            .header
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                *i != kind_col && c.text.to_ascii_lowercase().starts_with("permission")
            })
            .map(|(i, _)| i)
            .collect();
        for scope_col in scope_cols {
            // The permission type a workload sub-row belongs to, and whether
            // that type's own row left its cell empty (its scopes are then in
            // the sub-rows, and the empty cell is no defect).
            let mut group: Option<(String, Option<PermissionRow>)> = None;
            let mut parent_empty = false;
            for r in &t.rows {
                let (Some(kind), Some(scopes)) = (r.cells.get(kind_col), r.cells.get(scope_col))
                else {
                    continue;
                };
                let sub_row = group.is_some()
                    && (indented_first_cell(src.slice(r.span))
                        || parent_empty && !looks_like_permission_type(&kind.text));
                let row = PermissionRow {
                    kind: kind.text.clone(),
                    workload: None,
                    scopes: scopes.text.clone(),
                    place: place(src, r.span, r.span.start),
                };
                if sub_row {
                    let Some((parent, empty_parent)) = group.as_mut() else {
                        continue;
                    };
                    // The empty parent row is answered by its first sub-row.
                    empty_parent.take();
                    rows.push(PermissionRow {
                        kind: parent.clone(),
                        workload: Some(kind.text.trim_matches(['*', '_', ' ']).to_string()),
                        ..row
                    });
                    continue;
                }
                // A new permission type ends the previous group; an empty
                // parent row that no sub-row followed is an empty cell after
                // all.
                if let Some((_, Some(empty))) = group.take() {
                    rows.push(empty);
                }
                parent_empty = row.scopes.is_empty();
                if parent_empty {
                    group = Some((row.kind.clone(), Some(row)));
                } else {
                    group = Some((row.kind.clone(), None));
                    rows.push(row);
                }
            }
            if let Some((_, Some(empty))) = group.take() {
                rows.push(empty);
            }
        }
    }
    rows
}

/// True when a table row's first cell starts with indentation written as
/// HTML entities or no-break spaces (`|&nbsp; &nbsp; **Mail** |`): a
/// workload sub-row of the permission type above it.
fn indented_first_cell(row: &str) -> bool {
    let cell = row
        .trim_start()
        .trim_start_matches('|')
        .trim_start_matches([' ', '\t']);
    ["&nbsp;", "&#160;", "&#xa0;", "&ensp;", "&emsp;", "\u{a0}"]
        .iter()
        .any(|p| {
            cell.get(..p.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(p))
        })
}

/// `Delegated (work or school account)`, `Application`, `Delegated`: the
/// permission types a table lists (a workload label is none of them).
fn looks_like_permission_type(kind: &str) -> bool {
    let k = kind.to_ascii_lowercase();
    k.contains("delegated") || k.contains("application")
}
