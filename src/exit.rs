//! Nothing lost when the process ends: the global logger's exit hooks.
//!
//! [`Builder::init`](crate::logger::Builder::init) installs, once per
//! process (unless [`Builder::exit_hooks(false)`](crate::logger::Builder::exit_hooks)):
//!
//! - an **`atexit` handler** that [closes](crate::Logger::close) the global
//!   logger: everything queued in a background writer is written and
//!   flushed, its thread stops, and from then on lines are written on the
//!   calling thread. C's `exit` runs it after the calling thread's
//!   thread-local destructors (glibc), so lines they log are delivered too.
//!   It covers `main` returning, `std::process::exit` from any thread, and
//!   a panic that unwinds out of `main` (the runtime then exits normally);
//! - a **panic hook**, chained in front of the one already set, that
//!   optionally logs the panic as an `error` line
//!   ([`Builder::log_panics`](crate::logger::Builder::log_panics)), then
//!   flushes the global logger before the usual report — and with
//!   `panic = "abort"`, where no `atexit` handler runs, closes it, so that
//!   every line logged before the panic is out before the abort.
//!
//! Not covered: `SIGKILL`, a crash (`SIGSEGV`), power loss, `abort()`
//! called directly, and other signals' default actions — lines still
//! queued in a background writer then are lost (those already handed to
//! the OS survive everything but power loss; `FileSink::flush` adds
//! `fdatasync` for that). For `SIGTERM` and `SIGINT` there is an opt-in
//! helper, `close_on_signals` (cargo feature `signals`).

use crate::level::Level;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which hooks [`install`] sets up.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hooks {
    pub(crate) on_exit: bool,
    pub(crate) log_panics: bool,
}

static INSTALLED: AtomicBool = AtomicBool::new(false);
static LOG_PANICS: AtomicBool = AtomicBool::new(false);

/// Install the hooks for the global logger (once per process).
pub(crate) fn install(hooks: Hooks) {
    LOG_PANICS.store(hooks.log_panics, Ordering::Relaxed);
    if !(hooks.on_exit || hooks.log_panics) || INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    if hooks.on_exit {
        register_atexit();
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        on_panic(info, hooks.on_exit);
        previous(info);
    }));
}

/// The panic hook's part: log the panic if asked, then deliver what is
/// queued.
fn on_panic(info: &std::panic::PanicHookInfo<'_>, deliver: bool) {
    let Some(logger) = crate::global() else {
        return;
    };
    // Nothing here may panic: a panic inside a panic hook aborts.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if LOG_PANICS.load(Ordering::Relaxed) && logger.enabled(Level::Error) {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("Box<dyn Any>");
            let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("<unnamed>");
            logger.log(
                Level::Error,
                "panic",
                format_args!("{message}"),
                &[
                    crate::Field::new("thread", name),
                    crate::Field::new("file", file),
                    crate::Field::new("line", &line),
                ],
            );
        }
        // Not from inside the logger's own sink (a sink that panicked while
        // holding its lock would deadlock on its own flush).
        let Some(_inside) = crate::logger::Scope::sink(logger.id()) else {
            return;
        };
        if deliver {
            if cfg!(panic = "abort") {
                // No unwinding, no atexit: this is the last chance.
                let _ = logger.close();
            } else {
                let _ = logger.flush();
            }
        }
    }));
}

#[cfg(all(unix, not(miri)))]
fn register_atexit() {
    extern "C" fn close_global_logger() {
        // Never unwind into C.
        let _ = std::panic::catch_unwind(|| {
            if let Some(logger) = crate::global() {
                let _ = logger.close();
            }
        });
    }
    #[allow(unsafe_code)]
    // SAFETY: `atexit` only stores the function pointer; the function is
    // `extern "C"`, takes no arguments, lives for the whole program, and
    // catches every panic so that none unwinds across the C boundary. A
    // non-zero return (no room for another handler) only means the hook
    // is not installed. Miri cannot execute this foreign call, so it is
    // compiled out there; child-process tests cover it natively.
    let _ = unsafe { libc::atexit(close_global_logger) };
}

#[cfg(not(all(unix, not(miri))))]
fn register_atexit() {}

/// Deliver every queued line on `SIGTERM` or `SIGINT`, then let the
/// signal do what it would have done (terminate the process with that
/// signal). Off unless called; needs the `signals` cargo feature.
///
/// A thread waits for the signals (handlers only record them, so nothing
/// unsafe happens inside a signal handler); on one, it closes the global
/// logger and re-raises the signal with its default action.
///
/// ```no_run
/// spoolog::Logger::builder()
///     .non_blocking(spoolog::sink::NonBlocking::builder())
///     .init()?;
/// spoolog::exit::close_on_signals()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(all(unix, feature = "signals"))]
pub fn close_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])?;
    std::thread::Builder::new()
        .name("spoolog-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                if let Some(logger) = crate::global() {
                    let _ = logger.close();
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
            }
        })?;
    Ok(())
}
