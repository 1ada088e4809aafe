//! Where a command's time and memory went, for `-v`. Phases are marked as
//! they end; marking costs an atomic load when timings are off.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static MARKS: Mutex<Vec<Mark>> = Mutex::new(Vec::new());

struct Mark {
    name: &'static str,
    at: Instant,
    resident: Option<u64>,
}

/// One phase of a command as `-v` reports it.
#[derive(Debug, Clone, Copy)]
pub struct Phase {
    pub name: &'static str,
    pub took: Duration,
    /// The process's resident memory when the phase ended, in bytes, where
    /// the system says (Linux).
    pub resident: Option<u64>,
}

/// Starts recording: the first phase is measured from now.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
    mark("start");
}

/// Records that the phase called `name` ended now.
pub fn mark(name: &'static str) {
    if ENABLED.load(Ordering::Relaxed) {
        let resident = resident_bytes();
        if let Ok(mut marks) = MARKS.lock() {
            marks.push(Mark {
                name,
                at: Instant::now(),
                resident,
            });
        }
    }
}

/// Each recorded phase, in order.
pub fn phases() -> Vec<Phase> {
    let Ok(marks) = MARKS.lock() else {
        return Vec::new();
    };
    marks
        .windows(2)
        .map(|pair| Phase {
            name: pair[1].name,
            took: pair[1].at - pair[0].at,
            resident: pair[1].resident,
        })
        .collect()
}

/// Resident memory, from `/proc/self/status` (`VmRSS`, in kB).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line["VmRSS:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read_on_linux() {
        let bytes = resident_bytes().expect("VmRSS");
        assert!(bytes > 1 << 20, "{bytes}");
    }
}
