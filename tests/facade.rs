//! The global logger: `init`, the `log` facade and the crate's macros
//! without `logger:`. One global logger per process, so one test here.

use serde_json::Value as Json;
use spoolog::sink::Capture;
use spoolog::{Format, LevelFilter, Logger};

#[test]
fn log_facade_and_macros_reach_the_global_logger() {
    // Nothing installed yet: macros are silent, not panicking.
    assert!(spoolog::global().is_none());
    spoolog::info!("before init is dropped");

    let cap = Capture::new();
    let installed = Logger::builder()
        .format(Format::Json)
        .no_time()
        .level(LevelFilter::Info)
        .sink(cap.clone())
        .init()
        .expect("first init");
    assert!(std::ptr::eq(installed, spoolog::global().unwrap()));
    assert_eq!(log::max_level(), log::LevelFilter::Info);

    // A second init fails cleanly.
    assert_eq!(
        spoolog::try_init().unwrap_err(),
        spoolog::InitError::AlreadySet
    );
    spoolog::init(); // says so on stderr, keeps the installed one

    log::info!(status = 200, path = "/x"; "request handled");
    let e = std::io::Error::other("boom");
    log::error!(target: "lib::db", e:err, ms = 1.5, who:? = ("a", 1), what:% = 'c'; "query {} failed", 3);
    spoolog::info!(status = 201; "via crate macro");
    log::debug!("filtered out");
    spoolog::debug!("filtered out");

    spoolog::set_max_level(LevelFilter::Debug);
    assert_eq!(log::max_level(), log::LevelFilter::Debug);
    log::debug!("now visible");
    spoolog::debug!("now visible too");

    let lines: Vec<Json> = cap
        .lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{:?}", cap.lines());
    assert_eq!(lines[0]["msg"], "request handled");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["path"], "/x");
    assert_eq!(lines[0]["target"], "facade");
    assert_eq!(lines[1]["level"], "ERROR");
    assert_eq!(lines[1]["target"], "lib::db");
    assert_eq!(lines[1]["msg"], "query 3 failed");
    assert_eq!(lines[1]["e"], "boom");
    assert_eq!(lines[1]["ms"], 1.5);
    assert_eq!(lines[1]["who"], "(\"a\", 1)");
    assert_eq!(lines[1]["what"], "c");
    assert_eq!(lines[2]["msg"], "via crate macro");
    assert_eq!(lines[2]["status"], 201);
    assert_eq!(lines[3]["level"], "DEBUG");
    assert_eq!(lines[4]["msg"], "now visible too");

    // Reconfiguring the global logger at run time reaches the `log` facade
    // and the macros: the maximum follows the new directives, and both the
    // macro call sites' and the facade's per-thread caches follow them.
    cap.clear();
    installed.set_directives("warn,facade::db=trace").unwrap();
    assert_eq!(log::max_level(), log::LevelFilter::Trace);
    log::trace!(target: "facade::db", "db trace via log");
    spoolog::trace!(target: "facade::db", "db trace via the macro");
    log::debug!("filtered for this target");
    spoolog::debug!("filtered for this target too");
    installed.set_directives("error").unwrap();
    assert_eq!(log::max_level(), log::LevelFilter::Error);
    log::warn!(target: "facade::db", "now filtered");
    let msgs: Vec<String> = cap
        .lines()
        .iter()
        .map(|l| {
            serde_json::from_str::<Json>(l).unwrap()["msg"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(msgs, ["db trace via log", "db trace via the macro"]);
}
