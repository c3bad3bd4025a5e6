//! The only wasm-bindgen boundary: a file checked and kept open for its report, the household
//! view and the exports (`Checked`, the page's worker keeps the last one), or several files
//! checked together (`Batch`). Both go through [`crate::check::check_file`]. A report crosses as
//! JSON text parsed by `JSON.parse`, which is faster than building JS objects field by field; the
//! page's worker takes a check's findings as JSON bytes in parts, which it hands on to the page
//! unparsed (`Checked::head`, `Checked::findings_part`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::*;

use crate::report::facets::Facets;

/// A check kept open for the household view and the exports: the page's worker keeps the last
/// one (and frees the one before).
///
/// `new Checked(bytes, name, options, onProgress, exemptions, exemptionsName, lists, previous,
/// previousName, work, workName)` checks `bytes` (the file named `name`) with `options` (`{sheet?, columns?,
/// encoding?, profile?, reference_date?}`, the profile a built-in name or JSON text), the exemption
/// list `exemptions` (the bytes of the file named `exemptionsName`), the departments' lists `lists`
/// (`[{bytes, name, kind?}]`, see `compare`) and last period's register `previous` (the bytes of
/// the file named `previousName`, see `period`) and the 务工 records `work` (the bytes of the file
/// named `workName`, a 务工监测 and/or 计划外出务工 export), calling `onProgress(fraction, stage)` as
/// it goes; it throws `{code, message_zh, message_en}` when the file cannot be checked (`bad-list`,
/// `bad-previous`, `bad-work` for a list, a previous register or a work file that cannot be used).
///
/// ```js
/// const checked = new Checked(bytes, 'a.xlsx', options, onProgress, exemptions, exemptionsName, lists, previous, previousName, work, workName); // throws {code, message_zh, message_en}
/// const report = checked.report();
/// const view = checked.household('5227310101001'); // {household, header_row, headers, rows:[{row, cells}]}
/// const xlsx = checked.annotated_xlsx(bytes); // Uint8Array; also findings_csv, findings_json, masked_xlsx, masked_json
/// checked.free();
/// ```
#[wasm_bindgen]
pub struct Checked {
    inner: crate::check::session::Session,
}

#[wasm_bindgen]
impl Checked {
    /// Checks the file (see above).
    // Positional, as JS calls it: each file beside the register is its bytes and its name.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(constructor)]
    pub fn new(
        bytes: Vec<u8>,
        name: &str,
        options: JsValue,
        on_progress: &js_sys::Function,
        exemptions: Option<Vec<u8>>,
        exemptions_name: Option<String>,
        compare: Option<js_sys::Array>,
        previous: Option<Vec<u8>>,
        previous_name: Option<String>,
        work: Option<Vec<u8>>,
        work_name: Option<String>,
    ) -> Result<Checked, JsValue> {
        panic_hook();
        let mut options = check_options(&options, exemptions, exemptions_name, compare)?;
        options.previous =
            previous.map(|bytes| crate::period::Baseline { bytes, name: previous_name.unwrap_or_default() });
        options.work = work.map(|bytes| crate::WorkFile { name: work_name.unwrap_or_default(), bytes });
        options.threads = crate::base::pool::size();
        let inner = crate::check::check_file(bytes, name, &options, &mut progress_caller(on_progress))
            .map_err(|e| error_value(&e))?;
        Ok(Checked { inner })
    }

    /// The report object.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.report())
    }

    /// The report without its findings (`findings` absent), with its `facets` (what the findings
    /// hold, for the page's filters: `{severities, townships: [{name, villages}], columns,
    /// noColumn, exempted}`). The page's worker takes the findings apart, as JSON text in parts
    /// ([`Checked::findings_part`]), which it hands on to the page without parsing them.
    pub fn head(&self) -> Result<JsValue, JsValue> {
        let report = self.inner.report();
        to_js(&WithFacets { report: crate::report::Head(report), facets: Facets::of(&report.findings) })
    }

    /// How many findings the report holds.
    pub fn findings_count(&self) -> usize {
        self.inner.report().findings.len()
    }

    /// Findings `start..end` (clamped to the report's) as a JSON array, in UTF-8: what the page
    /// parses, part by part, into the report's `findings`.
    pub fn findings_part(&self, start: usize, end: usize) -> Vec<u8> {
        let findings = &self.inner.report().findings;
        let end = end.min(findings.len());
        serde_json::to_vec(&findings[start.min(end)..end]).expect("findings serialize")
    }

    /// Every member row of household `key` (户编号): `{household, header_row, headers, rows:[{row, cells}]}`.
    pub fn household(&self, key: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.household(key))
    }

    /// The annotated copy of the workbook (.xlsx bytes), given the file's `bytes` again (they are
    /// not kept in wasm memory); throws `export-too-large` above `export::BROWSER_CELL_LIMIT`
    /// cells and `export-failed` for bytes other than those checked.
    pub fn annotated_xlsx(&self, bytes: &[u8], on_progress: &js_sys::Function) -> Result<Vec<u8>, JsValue> {
        let mut progress = |fraction: f32| {
            let _ = on_progress.call1(&JsValue::NULL, &JsValue::from_f64(f64::from(fraction)));
        };
        crate::report::export::annotated_xlsx_progress(&self.inner, bytes, &mut progress).map_err(|e| error_value(&e))
    }

    /// The findings as CSV (UTF-8 with BOM).
    pub fn findings_csv(&self) -> Vec<u8> {
        crate::report::export::findings_csv(self.inner.report())
    }

    /// The findings as JSON, with the file, sheet, profile, totals and areas.
    pub fn findings_json(&self) -> Vec<u8> {
        crate::report::export::findings_json(self.inner.report())
    }

    /// The masked summary as .xlsx bytes.
    pub fn masked_xlsx(&self) -> Result<Vec<u8>, JsValue> {
        crate::report::export::masked_xlsx(&self.inner).map_err(|e| error_value(&e))
    }

    /// The masked summary as JSON.
    pub fn masked_json(&self) -> Vec<u8> {
        crate::report::export::masked_json(&self.inner)
    }
}

/// A check of several files together (the registers of every county of a prefecture):
///
/// ```js
/// const batch = new Batch();
/// const reportA = batch.add(bytesA, 'a.xlsx', options, onProgress); // as Checked's report(), with its facets (see head()); throws as new Checked() does
/// const reportB = batch.add(bytesB, 'b.csv', options, onProgress);
/// const { cross, summary } = batch.finish(); // duplicates across the files added
/// batch.free();
/// ```
///
/// Each `add` returns the file's report, as `Checked` gives it, and keeps only a compact index of its
/// people (about 120 bytes a row); `finish` finds the same person across files: `cross` holds
/// findings whose `locations` name the file, row, household, 乡镇, 行政村, name and ID of each row.
#[wasm_bindgen]
pub struct Batch {
    inner: crate::check::batch::Batch,
}

#[wasm_bindgen]
impl Batch {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Batch {
        panic_hook();
        Batch { inner: crate::check::batch::Batch::new() }
    }

    /// Checks one more file: see [`Checked`] (no exemption list: the batch's findings follow the defaults).
    pub fn add(
        &mut self,
        bytes: Vec<u8>,
        name: &str,
        options: JsValue,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let mut options =
            parse_options(&options).map_err(|detail| error_value(&crate::ErrorKind::BadOptions { detail }.into()))?;
        options.threads = crate::base::pool::size();
        let report =
            self.inner.add(bytes, name, &options, &mut progress_caller(on_progress)).map_err(|e| error_value(&e))?;
        to_js(&WithFacets { facets: Facets::of(&report.findings), report: &report })
    }

    /// The duplicates across the files added: `{cross: [finding], summary: {rule: count}}`.
    pub fn finish(&self) -> Result<JsValue, JsValue> {
        let report = crate::MultiReport::new(Vec::new(), self.inner.finish());
        to_js(&serde_json::json!({ "cross": report.cross, "summary": report.summary }))
    }
}

impl Default for Batch {
    fn default() -> Batch {
        Batch::new()
    }
}

/// The progress callback the checker calls, forwarding to `on_progress(fraction, stage)`.
fn progress_caller(on_progress: &js_sys::Function) -> impl FnMut(crate::Stage, f32) + '_ {
    let mut last = (None, -1.0f32);
    move |stage: crate::Stage, fraction: f32| {
        // Each call crosses into JS and posts a message: report a new stage or a whole percent.
        if last.0 != Some(stage) || fraction - last.1 >= 0.01 || fraction >= 1.0 {
            last = (Some(stage), fraction);
            let _ = on_progress.call2(
                &JsValue::NULL,
                &JsValue::from_f64(fraction.into()),
                &JsValue::from_str(stage.as_str()),
            );
        }
    }
}

/// A report (or its head) with its `facets`.
#[derive(serde::Serialize)]
struct WithFacets<'a, R: serde::Serialize> {
    #[serde(flatten)]
    report: R,
    facets: Facets<'a>,
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&json)
}

/// A register of 1,786 rows (`huqing generate --households 600 --seed 11`), for [`warm_up`].
const WARM_UP: &[u8] = include_bytes!("warm-up.xlsx");

/// One of 392 rows as GBK text (`huqing generate --households 150 --seed 11 --encoding gbk`): the
/// warm-up of the text reader, which a workbook does not run.
const WARM_UP_CSV: &[u8] = include_bytes!("warm-up.csv");

/// Heap touched once by [`warm_up`] and left free for the first check: about what a register of
/// 100,000 rows needs beyond what the warm-up leaves.
const PREPARED_HEAP: usize = 64 << 20;

/// Readies the module for the first real check, nothing of the user's involved: the page's worker
/// calls it once, before it says it is ready.
///
/// Wasm starts in V8's baseline tier, and a function moves up to the optimising one only after it
/// has run a while and is called again: a rule walks a sheet in one call, so a rule that had not
/// run enough before walked the whole first check in the baseline tier. Hence a small workbook
/// checked eight times (three left the rules' first walk 45 % slower than their second; sixteen
/// gain another 20 ms for 0.17 s more here; one register of 18,000 rows did no better), then a
/// small GBK text three times for the text reader. And the first touch of fresh wasm memory costs
/// a page fault: a check on memory an earlier one had used read faster. So the heap is grown and
/// touched once here and left free, where the first check's allocations find it. Measured in
/// fresh pages (2 cores, medians of 10–20), the 100,000-row workbook: the first check 0.52 s and a
/// second one 0.42 s with three warm-ups of the workbook; 0.46 and 0.42 s with the eight and the
/// heap. Its GBK .csv: read in 0.37 s the first time with the workbook alone warmed up, 0.28 s
/// with the text too. The worker is ready ~0.2 s later for all of it (~1.1–1.5 s after the module
/// is requested, on this machine's load).
#[wasm_bindgen]
pub fn warm_up() {
    let options = crate::check::Options { threads: crate::base::pool::size(), ..Default::default() };
    for (register, name, times) in [(WARM_UP, "warm-up.xlsx", 8), (WARM_UP_CSV, "warm-up.csv", 3)] {
        for _ in 0..times {
            // Its findings are of no use: only the code it ran.
            let _ = crate::check::check_file(register, name, &options, &mut |_, _| {});
        }
    }
    // Where memory is short, the page does without: the first check then touches its own.
    let mut heap: Vec<u8> = Vec::new();
    if heap.try_reserve_exact(PREPARED_HEAP).is_ok() {
        heap.resize(PREPARED_HEAP, 1);
        std::hint::black_box(&heap);
    }
}

/// The rule catalogue under `profile` (a built-in name or JSON text; the default when absent):
/// `[{key, severity, scope, title_zh, title_en, doc, enabled, custom}]`. Throws like `new Checked`
/// when the profile is wrong.
#[wasm_bindgen]
pub fn rules(profile: Option<String>) -> Result<JsValue, JsValue> {
    panic_hook();
    let profile = match profile {
        Some(p) => crate::profile::Profile::choose(&p).map_err(|e| error_value(&e))?,
        None => crate::profile::Profile::default(),
    };
    let json = serde_json::to_string(&crate::report::docs::catalogue(&profile))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&json)
}

/// The list kinds and period-change kinds under `profile` (as `rules`), with the labels the page
/// shows: `{lists: [{kind, key, severity, label_zh, label_en}], period: [...]}`.
#[wasm_bindgen]
pub fn kinds(profile: Option<String>) -> Result<JsValue, JsValue> {
    panic_hook();
    let profile = match profile {
        Some(p) => crate::profile::Profile::choose(&p).map_err(|e| error_value(&e))?,
        None => crate::profile::Profile::default(),
    };
    to_js(&crate::report::docs::kinds(&profile))
}

/// Refuses a file of `bytes` bytes that the checker would refuse for its size, before the
/// worker reads it: throws `{code, message_zh, message_en}` as `new Checked` would.
#[wasm_bindgen]
pub fn refuse_size(bytes: f64) -> Result<(), JsValue> {
    crate::read::caps::check_size(bytes as u64).map_err(|e| error_value(&e))
}

/// The options of `Checked`, with the exemption list read and the lists taken.
fn check_options(
    options: &JsValue,
    exemptions: Option<Vec<u8>>,
    exemptions_name: Option<String>,
    compare: Option<js_sys::Array>,
) -> Result<crate::Options, JsValue> {
    let mut options =
        parse_options(options).map_err(|detail| error_value(&crate::ErrorKind::BadOptions { detail }.into()))?;
    if let Some(list) = exemptions {
        let list = crate::check::exemptions::Exemptions::read(&list, exemptions_name.as_deref().unwrap_or(""))
            .map_err(|e| error_value(&e))?;
        options.exemptions = Some(list);
    }
    for list in compare.iter().flat_map(|a| a.iter()) {
        let field = |k: &str| js_sys::Reflect::get(&list, &JsValue::from_str(k)).ok().filter(|v| !v.is_undefined());
        let bytes = field("bytes").filter(|b| b.is_instance_of::<js_sys::Uint8Array>()).ok_or_else(|| {
            error_value(&crate::ErrorKind::BadOptions { detail: "compare: each list needs its bytes".into() }.into())
        })?;
        options.compare.push(crate::compare::ListInput {
            bytes: js_sys::Uint8Array::from(bytes).to_vec(),
            name: field("name").and_then(|v| v.as_string()).unwrap_or_default(),
            kind: field("kind").and_then(|v| v.as_string()),
        });
    }
    Ok(options)
}

/// Options go through JSON so that serde's checks (unknown fields, types) hold as natively.
fn parse_options(options: &JsValue) -> Result<crate::Options, String> {
    if options.is_undefined() || options.is_null() {
        return Ok(crate::Options::default());
    }
    let json = js_sys::JSON::stringify(options).map_err(|_| "options are not JSON".to_owned())?;
    serde_json::from_str(&String::from(json)).map_err(|e| e.to_string())
}

fn error_value(e: &crate::Error) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("code", e.code());
    set("message_zh", &e.message_zh());
    set("message_en", &e.message_en());
    o.into()
}

/// The rules each worker of the pool has run so far, in the order the workers joined: `[]` in
/// the one-thread build or with no pool (see [`pool_worker`]). The page's tests read it to see
/// that the pool, not the check worker alone, ran a check's rules.
#[wasm_bindgen]
pub fn pool_ran() -> Vec<u32> {
    crate::base::pool::done(crate::base::pool::Task::Rule)
}

/// The parts of a workbook (its shared strings, its sheet) each worker of the pool has inflated so
/// far while the check worker parsed them (the `.xlsx` read-ahead), in the order the workers
/// joined: `[]` in the one-thread build or with no pool.
#[wasm_bindgen]
pub fn pool_inflated() -> Vec<u32> {
    crate::base::pool::done(crate::base::pool::Task::Helper)
}

/// The runs of a sheet's rows each worker of the pool has parsed so far beside the check worker
/// (a whole `.xlsx` sheet is cut into runs parsed side by side), in the order the workers
/// joined: `[]` in the one-thread build or with no pool.
#[wasm_bindgen]
pub fn pool_parsed() -> Vec<u32> {
    crate::base::pool::done(crate::base::pool::Task::Run)
}

/// The threaded build only: what a pool worker needs to instantiate this module over the same
/// memory, `[module, memory]` (a `WebAssembly.Module` and the shared `WebAssembly.Memory`).
#[cfg(target_feature = "atomics")]
#[wasm_bindgen]
pub fn pool_handles() -> js_sys::Array {
    js_sys::Array::of2(&wasm_bindgen::module(), &wasm_bindgen::memory())
}

/// The threaded build only: makes the calling Web Worker (which has instantiated the module over
/// the check worker's memory, from [`pool_handles`]) a worker of the pool, and never returns. It
/// calls `joined()` once it counts in the threads the next check uses; from then on the checks
/// run their rules on the pool ([`crate::base::pool`]).
#[cfg(target_feature = "atomics")]
#[wasm_bindgen]
pub fn pool_worker(joined: &js_sys::Function) {
    panic_hook();
    crate::base::pool::serve(&|| drop(joined.call0(&JsValue::NULL)))
}

/// The bytes the module's heap holds live: what a check kept (the worker keeps the last one) and
/// what stays for the module's life. Wasm memory only grows, so its size gives the peak; this
/// gives what is in use, and so shows a leak, however small, over a day of files in one page.
#[wasm_bindgen]
pub fn heap_in_use() -> f64 {
    LIVE.load(Relaxed) as f64
}

static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The system allocator (dlmalloc in wasm), counting the bytes live for [`heap_in_use`]. Its
/// methods stay out of line: inlined at every allocation, they grew the module by 0.55 MB (11 %).
struct Counting;

unsafe impl GlobalAlloc for Counting {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Relaxed);
        }
        ptr
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Relaxed);
        }
        ptr
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator (which may grow in place).
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if !moved.is_null() {
            LIVE.fetch_add(new_size, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Installs the panic hook once: it keeps the panic's words for [`last_panic`] and logs them to
/// the console.
fn panic_hook() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            crate::base::panic::record(info);
            console_error_panic_hook::hook(info);
        }))
    });
}

/// The message and place of the panic that aborted the last call (a `RuntimeError: unreachable`
/// in JS), once; `undefined` when there was none. The worker reads it to tell the user.
#[wasm_bindgen]
pub fn last_panic() -> Option<String> {
    crate::base::panic::take()
}
