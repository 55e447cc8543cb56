//! Suppliers as template values.
