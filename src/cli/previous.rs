//! `--previous DIR`: last period's registers for several files at once. Each register checked is
//! compared with the file of the same name in DIR: its path below the folder checked (the
//! report's label, so that two counties' 花名册.xlsx stay apart), else its bare file name. A
//! register with no counterpart in DIR is checked without a period comparison, and stderr says so.

use super::walk::Input;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub struct PreviousDir(PathBuf);

impl PreviousDir {
    /// `path` when it is a folder (a file is the one-register `--previous FILE`).
    pub fn new(path: &str) -> Option<PreviousDir> {
        Path::new(path).is_dir().then(|| PreviousDir(PathBuf::from(path)))
    }

    /// The file in DIR paired with `input`, if there is one.
    pub fn path_for(&self, input: &Input) -> Option<PathBuf> {
        let by_label = self.0.join(&input.label);
        let by_name = input.path.file_name().map(|n| self.0.join(n));
        [Some(by_label), by_name].into_iter().flatten().find(|p| p.is_file())
    }

    /// `options` with `input`'s baseline read; unchanged (and said on stderr) when DIR has none.
    /// A baseline that cannot be read fails this register alone, as `bad-previous`.
    pub fn options<'o>(
        &self,
        options: &'o huqing::Options,
        input: &Input,
    ) -> Result<Cow<'o, huqing::Options>, huqing::Error> {
        let Some(path) = self.path_for(input) else {
            eprintln!(
                "huqing: {}：上期目录 {} 中没有同名文件，未做上期比对（no file of the same name in {}: not compared with last period）",
                input.label,
                self.0.display(),
                self.0.display()
            );
            return Ok(Cow::Borrowed(options));
        };
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let bytes = huqing::read::read_file(&path).map_err(|e| {
            huqing::Error::from(huqing::ErrorKind::BadPrevious {
                file: path.display().to_string(),
                problem_zh: e.message_zh(),
                problem_en: e.message_en(),
            })
        })?;
        let mut options = options.clone();
        options.previous = Some(huqing::period::Baseline { name, bytes });
        Ok(Cow::Owned(options))
    }
}

/// `options` for `input`: with its baseline from `previous` when a folder of them was given.
pub fn options_for<'o>(
    options: &'o huqing::Options,
    previous: Option<&PreviousDir>,
    input: &Input,
) -> Result<Cow<'o, huqing::Options>, huqing::Error> {
    match previous {
        Some(dir) => dir.options(options, input),
        None => Ok(Cow::Borrowed(options)),
    }
}
