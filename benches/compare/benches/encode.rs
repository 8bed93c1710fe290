//! Encoding the W2/W3 line (without time: the time stub is not the real
//! cached layout yet) into a warm buffer, for each format.

use criterion::{criterion_group, criterion_main, Criterion};
use spoolog::encode::{Encoder, Head};
use spoolog::{Format, Level, Value};
use std::hint::black_box;

fn encode_w2(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode_w2_no_time");
    for format in [Format::Json, Format::Logfmt, Format::Text] {
        let enc = Encoder::new(format, false);
        let mut buf = Vec::with_capacity(512);
        let mut i = 0u64;
        group.bench_function(format.as_str(), |b| {
            b.iter(|| {
                i = i.wrapping_add(1);
                let status = black_box(200 + (i & 1));
                let latency = black_box(1234 + (i & 7) as i64);
                let hit = black_box(i & 2 == 0);
                let method = black_box("GET");
                let path = black_box("/api/v1/users/42");
                buf.clear();
                let head = Head {
                    time: None,
                    level: Level::Info,
                    target: black_box("app::server"),
                    message: format_args!("request handled"),
                };
                enc.begin(&mut buf, &head);
                enc.field(&mut buf, "method", &Value::Str(method));
                enc.field(&mut buf, "path", &Value::Str(path));
                enc.field(&mut buf, "status", &Value::U64(status));
                enc.field(&mut buf, "latency_us", &Value::I64(latency));
                enc.field(&mut buf, "cache_hit", &Value::Bool(hit));
                enc.end(&mut buf);
                black_box(buf.len())
            })
        });
        println!("{}: {} bytes per line", format.as_str(), buf.len());
    }
    group.finish();
}

fn escape_heavy(c: &mut Criterion) {
    let enc = Encoder::new(Format::Json, false);
    let mut buf = Vec::with_capacity(1024);
    let msg = "a message with \"quotes\", a\nnewline, \x1b[31mansi\x1b[0m and \u{2028}";
    c.bench_function("encode_json_escape_heavy_msg", |b| {
        b.iter(|| {
            buf.clear();
            let head = Head {
                time: None,
                level: Level::Info,
                target: "app",
                message: format_args!("{}", black_box(msg)),
            };
            enc.begin(&mut buf, &head);
            enc.end(&mut buf);
            black_box(buf.len())
        })
    });
}

criterion_group!(benches, encode_w2, escape_heavy);
criterion_main!(benches);
