//! Code lists: the values a coded column may hold, matched on the Chinese label (local systems
//! number the codes differently, so a label is the only thing that means the same everywhere).

/// Labels that make a member the head of the household.
const HEAD: &[&str] = &["户主", "本人", "本人或户主", "户主本人"];

/// True when a 与户主关系 value names the household head.
pub fn is_head(relation: &str) -> bool {
    HEAD.contains(&relation.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn head_labels() {
        assert!(super::is_head(" 户主 "));
        assert!(super::is_head("本人"));
        assert!(!super::is_head("配偶"));
    }
}
