//! Generated API modules (placeholder until the generator runs).
