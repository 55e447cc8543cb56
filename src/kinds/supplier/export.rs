//! Exports (filled in by the next commit).

use crate::model::Isms;
use crate::render::{PageSink, RenderError};

pub fn json(_: &Isms) -> Option<serde_json::Value> {
    None
}

pub fn write(_: &Isms, _: &dyn PageSink) -> Result<(), RenderError> {
    Ok(())
}

pub fn calendar_entries(_: &Isms) -> Vec<crate::kinds::CalendarEntry> {
    Vec::new()
}
