//! Which files a `check` covers: files named as they are, folders walked for registers.

use std::path::{Path, PathBuf};

/// Extensions of the files a folder is searched for (case-insensitive).
const REGISTERS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// One file to check: where it is, and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// The file's name, or for a file found in a folder its path below that folder (so that the
    /// 花名册.xlsx of two county folders stay apart); unique among the inputs.
    pub label: String,
}

/// The inputs `args` name: a file as given (whatever its extension, and also when it does not
/// exist, so that its check reports why), a folder walked recursively for registers, skipping
/// Excel's lock files (`~$…`), hidden entries and the folder `skip` (the batch's report folder,
/// canonical, when it lies inside a folder checked: its workbooks are no registers). Folders
/// list in name order.
pub fn inputs(args: &[&str], skip: Option<&Path>) -> std::io::Result<Vec<Input>> {
    let mut out = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, skip, &mut found)?;
            found.sort();
            for file in found {
                let below = file.strip_prefix(path).unwrap_or(&file);
                let label = below.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                out.push(Input { path: file, label });
            }
        } else {
            out.push(Input { path: path.to_owned(), label: super::file_name(arg) });
        }
    }
    unique_labels(&mut out);
    Ok(out)
}

fn walk(dir: &Path, skip: Option<&Path>, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("~$") || name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            if skip.is_none() || std::fs::canonicalize(&path).ok().as_deref() != skip {
                walk(&path, skip, found)?;
            }
        } else if is_register(&name) {
            found.push(path);
        }
    }
    Ok(())
}

fn is_register(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| REGISTERS.iter().any(|r| ext.eq_ignore_ascii_case(r)))
}

/// Gives a label that repeats an earlier one a ` (2)`, ` (3)` … before its extension.
fn unique_labels(inputs: &mut [Input]) {
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let mut n = 1;
        let original = input.label.clone();
        while !seen.insert(input.label.clone()) {
            n += 1;
            input.label = match original.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem} ({n}).{ext}"),
                None => format!("{original} ({n})"),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_are_known_by_extension_in_any_case() {
        assert!(is_register("花名册.XLSX") && is_register("a.csv") && is_register("b.txt"));
        assert!(!is_register("readme.md") && !is_register("xlsx"));
    }

    #[test]
    fn repeated_labels_are_numbered() {
        let mut inputs = vec![
            Input { path: "a/x.xlsx".into(), label: "x.xlsx".into() },
            Input { path: "b/x.xlsx".into(), label: "x.xlsx".into() },
            Input { path: "c/x".into(), label: "x".into() },
            Input { path: "d/x".into(), label: "x".into() },
        ];
        unique_labels(&mut inputs);
        let labels: Vec<&str> = inputs.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["x.xlsx", "x (2).xlsx", "x", "x (2)"]);
    }
}
