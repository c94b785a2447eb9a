//! Reading an event's identifying and dating fields whatever their generated type (the
//! generated `WebhookEvent::id` and `occurred_at`); internal to the generated crates.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The unit of a count since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

/// A field that may hold text (an id).
pub trait Text {
    /// The text, if the field holds one.
    fn text(&self) -> Option<&str>;
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl Text for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl Text for Value {
    fn text(&self) -> Option<&str> {
        self.as_str()
    }
}

impl<T: Text> Text for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(Text::text)
    }
}

impl<T: Text + ?Sized> Text for &T {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }
}

/// A field that may hold a count since the Unix epoch: a number, or a string of one.
pub trait Count {
    /// The count, if the field holds a finite, non-negative one.
    fn count(&self) -> Option<f64>;
}

macro_rules! count_of_number {
    ($($ty:ty),*) => {$(
        impl Count for $ty {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn count(&self) -> Option<f64> {
                Some(*self as f64)
            }
        }
    )*};
}
count_of_number!(i32, i64, u32, u64, f64);

impl Count for str {
    fn count(&self) -> Option<f64> {
        self.trim().parse().ok()
    }
}

impl Count for String {
    fn count(&self) -> Option<f64> {
        self.as_str().count()
    }
}

impl Count for Value {
    fn count(&self) -> Option<f64> {
        match self {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.count(),
            _ => None,
        }
    }
}

impl<T: Count> Count for Option<T> {
    fn count(&self) -> Option<f64> {
        self.as_ref().and_then(Count::count)
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> Option<f64> {
        (**self).count()
    }
}

/// The text of an id field.
pub fn text<T: Text + ?Sized>(field: &T) -> Option<&str> {
    field.text()
}

/// The instant a count field gives in `unit`; `None` when it holds none, is negative, or is
/// beyond what the platform's clock can represent.
pub fn instant<T: Count + ?Sized>(field: &T, unit: Unit) -> Option<SystemTime> {
    let count = field.count().filter(|count| count.is_finite() && *count >= 0.0)?;
    let seconds = match unit {
        Unit::Seconds => count,
        Unit::Milliseconds => count / 1000.0,
    };
    // More than about 292 billion years does not fit a `Duration` built from seconds.
    let offset = Duration::try_from_secs_f64(seconds).ok()?;
    UNIX_EPOCH.checked_add(offset)
}
