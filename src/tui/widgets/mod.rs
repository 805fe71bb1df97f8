pub mod big_clock;
pub mod form;
pub mod picker;
pub mod text_field;
