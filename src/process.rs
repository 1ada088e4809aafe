//! Settings for the whole process, made once as it starts.

use std::ffi::OsStr;

/// The allocator's (mimalloc's) own switch for transparent huge pages.
/// When it is set, the user has chosen, and locdoc leaves the choice alone.
pub const HUGE_PAGES_VAR: &str = "MIMALLOC_ALLOW_THP";

/// What [`prefer_small_pages`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HugePages {
    /// Turned off for this process (and what it starts).
    Off,
    /// Left as [`HUGE_PAGES_VAR`] says.
    UserChoice,
    /// Not turned off: the system has no such switch (not Linux), or
    /// refused.
    Unchanged,
}

/// One line for `-v`.
impl std::fmt::Display for HugePages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HugePages::Off => write!(
                f,
                "transparent huge pages: off for this process (set {HUGE_PAGES_VAR}=1 to keep them)"
            ),
            HugePages::UserChoice => write!(f, "transparent huge pages: left to {HUGE_PAGES_VAR}"),
            HugePages::Unchanged => f.write_str("transparent huge pages: as the system sets them"),
        }
    }
}

/// Asks the kernel to back this process's memory with 4 KiB pages only,
/// unless the user set [`HUGE_PAGES_VAR`] (`choice`, read by the caller).
///
/// Why: a build touches most of its memory once (every page's text is
/// read at load and kept until its render, 280 MiB at 10,000 pages per
/// locale) and exits. On a virtual machine, as CI runners are, memory the
/// process has not used before is backed by the host on first touch, and a
/// 2 MiB huge page costs far more to fault in than the 4 KiB pages the
/// build uses of it. Measured on the project's 2-core VM: touching 300 MiB
/// of fresh memory after a few idle seconds took 0.9-1.0 s with huge pages
/// and 0.15 s without; a 10,000-page build run after 5 idle seconds took
/// 2.68 s (median of 5) with them and 2.44 s without, and its slowest run
/// went from 3.46 s to 2.68 s. Run back to back (memory just freed by the
/// last run), both take the same time.
pub fn prefer_small_pages(choice: Option<&OsStr>) -> HugePages {
    if choice.is_some() {
        return HugePages::UserChoice;
    }
    if turn_huge_pages_off() {
        HugePages::Off
    } else {
        HugePages::Unchanged
    }
}

#[cfg(target_os = "linux")]
fn turn_huge_pages_off() -> bool {
    // SAFETY: PR_SET_THP_DISABLE takes no pointer; it sets a flag of this
    // process, which the kernel checks on each page fault (so memory the
    // allocator has already asked huge pages for gets small ones too).
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0 }
}

#[cfg(not(target_os = "linux"))]
fn turn_huge_pages_off() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_choice_is_left_alone() {
        assert_eq!(
            prefer_small_pages(Some(OsStr::new("1"))),
            HugePages::UserChoice
        );
        assert!(HugePages::UserChoice.to_string().contains(HUGE_PAGES_VAR));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        assert_eq!(prefer_small_pages(None), HugePages::Off);
        // SAFETY: PR_GET_THP_DISABLE takes no pointer and only reads.
        let flag = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(flag, 1);
    }
}
