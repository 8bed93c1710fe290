//! The same record in each JSON key preset, on standard output: what
//! Elasticsearch (ECS), Google Cloud Logging and an OpenTelemetry
//! collector's JSON parser read.
//!
//! ```sh
//! cargo run --example json_presets
//! ```
use spoolog::encode::JsonKeys;
use spoolog::{Format, Logger};

fn main() {
    for keys in [
        JsonKeys::Spoolog,
        JsonKeys::Ecs,
        JsonKeys::Gcp,
        JsonKeys::Otel,
    ] {
        let log = Logger::builder()
            .format(Format::Json)
            .json_keys(keys)
            .source_location(keys == JsonKeys::Gcp)
            .sink(spoolog::sink::stdout())
            .build();
        println!("{keys:?}:");
        spoolog::warn!(logger: &log, target: "checkout", order_id = 1234_u64, retry = true; "payment slow");
        log.flush().expect("flush stdout");
    }
}
