//! Property tables: `| Property | Type | Description |` rows into [`Property`].

use super::model::{Property, TypeExpr};
use crate::markdown::scan::{Cell, Table};
use crate::source::SourceFile;

/// Which kind of table this is, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Properties,
    Relationships,
}

/// Columns of name, type and description, when the table is a property table.
pub fn classify(table: &Table) -> Option<(TableKind, usize, usize, Option<usize>)> {
    let col = |want: &[&str]| {
        table.header.iter().position(|c| {
            let t = c.text.trim().to_ascii_lowercase();
            want.iter().any(|w| t == *w)
        })
    };
    let ty = col(&["type"])?;
    let desc = col(&["description", "notes"]);
    if let Some(name) = col(&["property", "property name", "name"]) {
        return Some((TableKind::Properties, name, ty, desc));
    }
    let name = col(&["relationship", "relationships", "navigation property"])?;
    Some((TableKind::Relationships, name, ty, desc))
}

/// The rows of a property or relationship table.
pub fn rows(source: &SourceFile, table: &Table) -> Vec<Property> {
    let Some((kind, name_col, ty_col, desc_col)) = classify(table) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = clean_name(&row.cells.get(name_col)?.text);
            if name.is_empty() {
                return None;
            }
            let ty = type_expr(row.cells.get(ty_col)?);
            let description = desc_col
                .and_then(|c| row.cells.get(c))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            Some(Property {
                name,
                ty,
                description,
                relationship: kind == TableKind::Relationships,
                line: source.line_col(row.span.start).line,
            })
        })
        .collect()
}

/// `**displayName**`, `displayName (deprecated)` → `displayName`.
fn clean_name(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .to_string()
}

/// Reads a Type cell.
pub fn type_expr(cell: &Cell) -> TypeExpr {
    let text = cell.text.trim();
    let link = cell.links.first().cloned();
    // `Collection(microsoft.graph.x)` and `Collection(String)`.
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("collection(")
        && let Some(close) = text.find(')')
    {
        return TypeExpr {
            name: clean_type(&text["collection(".len()..close]),
            collection: true,
            link,
        };
    }
    // `String collection`, `recipient collection`, `[x][] collection`.
    let mut collection = false;
    let mut name = text;
    for suffix in [" collection", " Collection", " array"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            collection = true;
            name = stripped;
        }
    }
    TypeExpr {
        name: clean_type(name),
        collection,
        link,
    }
}

fn clean_type(s: &str) -> String {
    // Unresolved reference-style links keep their brackets: `[x][]`.
    let s = s
        .trim()
        .trim_end_matches("[]")
        .trim_matches(['[', ']', '*', '`', ' ']);
    s.split_whitespace().next().unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, links: &[&str]) -> Cell {
        Cell {
            text: text.into(),
            links: links.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn type_cells() {
        let t = type_expr(&cell("String collection", &[]));
        assert_eq!((t.name.as_str(), t.collection), ("String", true));
        let t = type_expr(&cell("Collection(microsoft.graph.widgetPart)", &[]));
        assert_eq!(
            (t.name.as_str(), t.collection),
            ("microsoft.graph.widgetPart", true)
        );
        let t = type_expr(&cell("recipient collection", &["recipient.md"]));
        assert_eq!(
            (t.name.as_str(), t.collection, t.link.as_deref()),
            ("recipient", true, Some("recipient.md"))
        );
        let t = type_expr(&cell("[widgetPart][]", &[]));
        assert_eq!((t.name.as_str(), t.collection), ("widgetPart", false));
        let t = type_expr(&cell("Edm.Binary", &[]));
        assert_eq!(t.name, "Edm.Binary");
    }

    #[test]
    fn names_lose_emphasis_and_notes() {
        assert_eq!(clean_name("**displayName**"), "displayName");
        assert_eq!(clean_name("color (deprecated)"), "color");
    }
}
