//! What the allocator does with memory a check frees (natively, on glibc).
//!
//! The rules of a million-row register each build and free temporaries of tens of megabytes
//! (sort keys, the person index's classes). glibc maps the largest afresh and gives them back
//! when freed, and trims what the others leave at the top of its heap: the next rule then pays
//! a page fault for every 4 KB it touches again.

/// From the rules on, keeps freed memory for the next allocation: blocks up to 32 MB (the most
/// glibc allows here) come from its heap, and its heap is not trimmed. A million-row check's
/// rules (one thread) 1,805 → 1,691 ms (medians of 5); the memory is the process's until it
/// ends, which the rules' peak needed anyway.
pub fn keep_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_TRIM_THRESHOLD: i32 = -1;
        const M_MMAP_THRESHOLD: i32 = -3;
        // SAFETY: mallopt only sets the allocator's parameters; it takes the allocator's lock.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 32 << 20);
            mallopt(M_TRIM_THRESHOLD, i32::MAX);
        }
    }
}
