//! The checks on the asset inventory: an asset without an owner, and an asset or supplier id
//! that resolves to nothing (a risk's or supplier's `assets:`, an asset's `supplier`).

use crate::diagnostic::{did_you_mean, Diagnostic, Level};
use crate::lint::registry::{fixed_error, lint_def};
use crate::lint::Lint;
use crate::model::Isms;

pub const INVALID_ASSETS: Lint = fixed_error(
    "invalid-assets",
    "assets.yaml or assets.csv cannot be used as written (YAML, a column, a missing id, a repeated id, a bad classification)",
);
pub const ASSET_WITHOUT_OWNER: Lint = lint_def(
    "asset-without-owner",
    Level::Warning,
    "an asset of the inventory has no owner (A.5.9)",
);
pub const UNKNOWN_ASSET: Lint = lint_def(
    "unknown-asset",
    Level::Error,
    "a risk's or supplier's `assets:` names an asset the inventory does not have",
);
pub const UNKNOWN_SUPPLIER: Lint = lint_def(
    "unknown-supplier",
    Level::Error,
    "an asset's `supplier` names no supplier record",
);

pub const LINTS: &[Lint] = &[
    INVALID_ASSETS,
    ASSET_WITHOUT_OWNER,
    UNKNOWN_ASSET,
    UNKNOWN_SUPPLIER,
];

/// Every asset check over the model.
pub fn check(isms: &Isms) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let supplier_ids: Vec<&str> = crate::kinds::supplier::suppliers(isms)
        .map(|s| s.doc.id())
        .collect();
    let Some(register) = isms.data.assets.get() else {
        return out;
    };
    for asset in &register.assets {
        if asset.owner.is_none() {
            out.push(
                ASSET_WITHOUT_OWNER
                    .report(format!("the asset {} has no owner", asset.id))
                    .at(asset.at.clone())
                    .with_help("name the role accountable for it in `owner` (A.5.9)"),
            );
        }
        if let Some((supplier, at)) = &asset.supplier {
            if !supplier_ids
                .iter()
                .any(|s| s.eq_ignore_ascii_case(supplier))
            {
                let close = did_you_mean(supplier, supplier_ids.iter().copied())
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                out.push(
                    UNKNOWN_SUPPLIER
                        .report(format!(
                            "the asset {} names the supplier `{supplier}`, which has no record",
                            asset.id
                        ))
                        .at(at.clone())
                        .with_help(format!(
                            "{close}write the id of a record in suppliers/, or add suppliers/{supplier}.md"
                        )),
                );
            }
        }
    }
    let ids: Vec<&str> = register.assets.iter().map(|a| a.id.as_str()).collect();
    let mut unknown = |doc: &crate::model::Document, written: &crate::source::Spanned<String>| {
        if register.get(&written.value).is_some() {
            return;
        }
        let close = did_you_mean(&written.value, ids.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        out.push(
            UNKNOWN_ASSET
                .report(format!(
                    "{} names the asset `{}`, which is not in {}",
                    doc.id(),
                    written.value,
                    register.file
                ))
                .at(doc.source.locate(written.span))
                .with_help(format!(
                    "{close}write an id of {}, or add the asset there",
                    register.file
                )),
        );
    };
    for risk in crate::kinds::risk::risks(isms) {
        for asset in &risk.risk.assets {
            unknown(risk.doc, asset);
        }
    }
    for supplier in crate::kinds::supplier::suppliers(isms) {
        for asset in &supplier.supplier.assets {
            unknown(supplier.doc, asset);
        }
    }
    out
}
