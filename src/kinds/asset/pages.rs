//! Pages (filled in by the next commit).

use crate::model::Isms;
use crate::render::{PageSink, RenderError, Templates};

pub fn nav(_: &Isms) -> Vec<(&'static str, &'static str, &'static str)> {
    Vec::new()
}

pub fn card(_: &Isms) -> Option<crate::kinds::Card> {
    None
}

pub fn render_all(_: &Isms, _: &Templates, _: &dyn PageSink) -> Result<usize, RenderError> {
    Ok(0)
}
