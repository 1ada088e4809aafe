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
    cpu: Option<Duration>,
    resident: Option<u64>,
}

/// One phase of a command as `-v` reports it.
#[derive(Debug, Clone, Copy)]
pub struct Phase {
    pub name: &'static str,
    pub took: Duration,
    /// CPU time all threads spent in the phase, where the system says
    /// (Unix): against `took`, it shows how well the phase used the cores.
    pub cpu: Option<Duration>,
    /// The process's resident memory when the phase ended, in bytes, where
    /// the system says (Linux).
    pub resident: Option<u64>,
}

/// `name: wall time (cpu ..., resident ... MiB)`, with the measures the
/// system gave.
impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:.1?}", self.name, self.took)?;
        let cpu = self.cpu.map(|cpu| format!("cpu {cpu:.1?}"));
        let resident = self
            .resident
            .map(|bytes| format!("resident {} MiB", bytes >> 20));
        let measures: Vec<String> = cpu.into_iter().chain(resident).collect();
        if !measures.is_empty() {
            write!(f, " ({})", measures.join(", "))?;
        }
        Ok(())
    }
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
        let cpu = process_cpu_time();
        if let Ok(mut marks) = MARKS.lock() {
            marks.push(Mark {
                name,
                at: Instant::now(),
                cpu,
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
            cpu: pair[1]
                .cpu
                .zip(pair[0].cpu)
                .map(|(end, start)| end.saturating_sub(start)),
            resident: pair[1].resident,
        })
        .collect()
}

/// CPU time of every thread of the process so far.
#[cfg(unix)]
fn process_cpu_time() -> Option<Duration> {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// The CPU-time clock `clock` now.
#[cfg(unix)]
fn cpu_clock(clock: libc::clockid_t) -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(clock, &mut now) };
    if status != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(now.tv_sec).ok()?,
        u32::try_from(now.tv_nsec).ok()?,
    ))
}

#[cfg(not(unix))]
fn process_cpu_time() -> Option<Duration> {
    None
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

    #[test]
    fn a_phase_shows_the_measures_it_has() {
        let mut phase = Phase {
            name: "render",
            took: Duration::from_millis(1500),
            cpu: None,
            resident: None,
        };
        assert_eq!(phase.to_string(), "render: 1.5s");
        phase.resident = Some(3 << 20);
        assert_eq!(phase.to_string(), "render: 1.5s (resident 3 MiB)");
        phase.cpu = Some(Duration::from_millis(2900));
        assert_eq!(phase.to_string(), "render: 1.5s (cpu 2.9s, resident 3 MiB)");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_is_read_on_linux() {
        let bytes = resident_bytes().expect("VmRSS");
        assert!(bytes > 1 << 20, "{bytes}");
    }

    #[cfg(unix)]
    #[test]
    fn cpu_time_counts_work_on_other_threads() {
        let thread_cpu_time = || cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID).expect("thread CPU time");
        let before = process_cpu_time().expect("process CPU time");
        // The other thread works until it has had 50 ms of CPU, however
        // busy the machine (tests run side by side).
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let start = thread_cpu_time();
                let mut turns = 0u64;
                while thread_cpu_time() - start < Duration::from_millis(50) {
                    turns = std::hint::black_box(turns + 1);
                }
            });
        });
        let spent = process_cpu_time().expect("process CPU time") - before;
        // This thread's own CPU time would miss the other's 50 ms.
        assert!(spent >= Duration::from_millis(50), "{spent:?}");
    }
}
