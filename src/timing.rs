//! Where a command's time went, for `-v`. Phases are marked as they end;
//! marking costs an atomic load when timings are off.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static MARKS: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());

/// Starts recording: the first phase is measured from now.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
    mark("start");
}

/// Records that the phase called `name` ended now.
pub fn mark(name: &'static str) {
    if ENABLED.load(Ordering::Relaxed) {
        if let Ok(mut marks) = MARKS.lock() {
            marks.push((name, Instant::now()));
        }
    }
}

/// Each recorded phase with its duration, in order.
pub fn phases() -> Vec<(&'static str, Duration)> {
    let Ok(marks) = MARKS.lock() else {
        return Vec::new();
    };
    marks
        .windows(2)
        .map(|pair| (pair[1].0, pair[1].1 - pair[0].1))
        .collect()
}
