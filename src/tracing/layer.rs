//! The `tracing-subscriber` [`Layer`]: events become lines, span fields
//! become context bytes.

use super::bridge::{self, LogBridge};
use super::emit;
use super::keys::Keys;
use super::options::{Options, SpanEvents, SpanLayout};
use super::span::{nanos_since, Held, SpanData, SpanStore, Timing};
use super::visit::{FieldWriter, Message};
use crate::field::Value;
use crate::logger::{ContextBytes, Logger};
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Event, Metadata, Subscriber};
use tracing_log::NormalizeEvent;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::{LookupSpan, SpanRef};

/// A `tracing-subscriber` layer that writes every `tracing` event as one
/// line through a spoolog [`Logger`]: its format, time, filter, sampling,
/// pool and sink. Span fields are encoded once, when the span is created or
/// fields are recorded into it, and copied into each event's line.
///
/// ```
/// use spoolog::{sink::Capture, tracing::SpoologLayer, Format, Logger};
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let cap = Capture::new();
/// let log = Logger::builder().format(Format::Json).no_time().sink(cap.clone()).build();
/// let subscriber = tracing_subscriber::registry().with(SpoologLayer::new(log));
/// tracing::subscriber::with_default(subscriber, || {
///     let span = tracing::info_span!("request", request_id = 42u64);
///     let _guard = span.enter();
///     tracing::info!(target: "app::server", status = 200, cache_hit = true, "request handled");
/// });
/// assert_eq!(
///     cap.lines(),
///     [r#"{"level":"INFO","target":"app::server","msg":"request handled","request_id":42,"status":200,"cache_hit":true}"#]
/// );
/// ```
pub struct SpoologLayer {
    logger: Logger,
    options: Options,
    epoch: Instant,
    /// Tells this layer's span data from other spoolog layers' in the same
    /// registry.
    id: usize,
    /// Event field keys, encoded per call site.
    keys: Keys,
    /// The logger's encoders take the message among the fields (decided
    /// once: a logger's encoders never change).
    one_pass: bool,
    /// Spans this layer has seen open and not yet closed. While it is 0 no
    /// event can be inside a span of ours, so `on_event` skips looking for
    /// one (tracing-subscriber's span lookup is ~60 instructions an event).
    /// A count that goes wrong can only stay above 0 (a span never closed,
    /// or wrapped below 0), which costs the lookup and nothing else.
    live_spans: AtomicUsize,
}

/// Layer ids.
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

impl fmt::Debug for SpoologLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpoologLayer")
            .field("logger", &self.logger)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl SpoologLayer {
    /// A layer writing through `logger`, spans flattened, no span lines.
    ///
    /// ```
    /// let layer = spoolog::tracing::SpoologLayer::new(spoolog::Logger::builder().build());
    /// assert_eq!(layer.logger().level(), spoolog::LevelFilter::Info);
    /// ```
    pub fn new(logger: Logger) -> SpoologLayer {
        SpoologLayer {
            one_pass: emit::one_pass(&logger),
            logger,
            options: Options::default(),
            epoch: Instant::now(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            keys: Keys::new(),
            live_spans: AtomicUsize::new(0),
        }
    }

    /// How span fields appear in lines (default: [`SpanLayout::Flattened`]).
    ///
    /// ```
    /// use spoolog::tracing::{SpanLayout, SpoologLayer};
    /// let layer = SpoologLayer::new(spoolog::Logger::builder().build()).span_layout(SpanLayout::Nested);
    /// # let _ = layer;
    /// ```
    pub fn span_layout(mut self, layout: SpanLayout) -> SpoologLayer {
        self.options.layout = layout;
        self
    }

    /// Which span life-cycle lines to write (default: none).
    ///
    /// ```
    /// use spoolog::tracing::{SpanEvents, SpoologLayer};
    /// let layer = SpoologLayer::new(spoolog::Logger::builder().build()).span_events(SpanEvents::CLOSE);
    /// # let _ = layer;
    /// ```
    pub fn span_events(mut self, events: SpanEvents) -> SpoologLayer {
        self.options.span_events = events;
        self
    }

    /// In the flattened layout, also write the name of the innermost span
    /// as a field `span` after the span fields (default: off; the nested
    /// layout always names every span).
    ///
    /// ```
    /// let layer = spoolog::tracing::SpoologLayer::new(spoolog::Logger::builder().build()).span_name(true);
    /// # let _ = layer;
    /// ```
    pub fn span_name(mut self, on: bool) -> SpoologLayer {
        self.options.span_name = on;
        self
    }

    /// The logger lines go through.
    ///
    /// ```
    /// let layer = spoolog::tracing::SpoologLayer::new(spoolog::Logger::builder().build());
    /// assert_eq!(layer.logger().errors(), 0);
    /// ```
    pub fn logger(&self) -> &Logger {
        &self.logger
    }

    /// A `log` logger that hands records to tracing (as tracing-log's
    /// `LogTracer` does) and lets this layer write them with their
    /// key-values: install it with [`LogBridge::init`] instead of
    /// `LogTracer::init()`.
    ///
    /// ```no_run
    /// use tracing_subscriber::layer::SubscriberExt;
    /// let layer = spoolog::tracing::SpoologLayer::new(spoolog::Logger::builder().build());
    /// layer.log_bridge().init().expect("no other log logger");
    /// tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer)).unwrap();
    /// log::info!(rows = 3; "from a library that uses log");
    /// ```
    pub fn log_bridge(&self) -> LogBridge {
        LogBridge::new(self.logger.clone())
    }

    /// Encode a span's fields (appended to `old`, for `record`), and frame
    /// them for the layout. Returns `(fields, line)`.
    fn encode(
        &self,
        name: &'static str,
        old: &ContextBytes,
        record: impl Fn(&mut FieldWriter<'_, '_>),
    ) -> (ContextBytes, ContextBytes) {
        let nested = self.options.layout == SpanLayout::Nested;
        let panics = Cell::new(0);
        let fields = emit::context(&self.logger, |enc, buf| {
            buf.extend_from_slice(old.get(enc));
            let in_object = nested && enc.nests();
            record(&mut FieldWriter::span(enc, buf, in_object, &panics));
        });
        if panics.get() > 0 {
            emit::format_panicked(&self.logger, panics.get());
        }
        let line = if nested {
            emit::context(&self.logger, |enc, buf| {
                if enc.nests() {
                    enc.open_object(buf, "name", name);
                    buf.extend_from_slice(fields.get(enc));
                    enc.close_object(buf);
                } else {
                    buf.extend_from_slice(fields.get(enc));
                }
            })
        } else {
            fields.clone()
        };
        (fields, line)
    }

    /// A span life-cycle line for `span`: its level and target, `message`,
    /// its context and its parents', and `times` (close).
    fn span_line<S>(&self, span: &SpanRef<'_, S>, message: &'static str, times: Option<(u64, u64)>)
    where
        S: for<'a> LookupSpan<'a>,
    {
        let meta = span.metadata();
        let level = emit::level(meta.level());
        let site = (meta as *const Metadata<'_> as usize) ^ message.as_ptr() as usize;
        if !emit::wanted(&self.logger, site, level, meta.target()) {
            return;
        }
        let mut held = Held::new();
        for s in span.scope() {
            if let Some(d) = s
                .extensions()
                .get::<SpanStore>()
                .and_then(|st| st.get(self.id))
            {
                held.push(d.line.clone());
            }
        }
        emit::line(
            &self.logger,
            level,
            meta.target(),
            format_args!("{message}"),
            emit::source(meta),
            held.outermost_first(),
            self.options.list_key(),
            |enc, buf| {
                if let Some((busy, idle)) = times {
                    enc.field(buf, "busy_ns", &Value::U64(busy));
                    enc.field(buf, "idle_ns", &Value::U64(idle));
                }
            },
        );
    }
}

/// Whether an event's message can be written in the same pass as its
/// fields: it is the first field (as tracing's macros put it), or there is
/// none.
#[inline]
fn message_first(event: &Event<'_>) -> bool {
    let fields = event.metadata().fields();
    match fields.iter().next() {
        Some(first) if first.name() == "message" => true,
        _ => fields.field("message").is_none(),
    }
}

/// The sampling key of a `log` record that came through tracing-log: its
/// file and line (all such records share tracing-log's few call sites).
#[inline]
fn log_site(meta: &Metadata<'_>) -> usize {
    let file = meta.file().map_or(0, |f| f.as_ptr() as usize);
    file ^ (meta.line().unwrap_or(0) as usize).rotate_left(40) ^ meta.target().as_ptr() as usize
}

impl<S> Layer<S> for SpoologLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    /// The logger's level, so that tracing's own disabled check (one
    /// relaxed load at the call site) stops events below it. After
    /// [`Logger::set_level`], call
    /// `tracing_core::callsite::rebuild_interest_cache()` for tracing to see
    /// the new level.
    fn max_level_hint(&self) -> Option<tracing_core::LevelFilter> {
        Some(emit::max_level(&self.logger))
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        // Counted before anything else (`on_close` counts every close).
        // Relaxed is enough: an event in this span happens after this on
        // every thread that can see the span.
        self.live_spans.fetch_add(1, Ordering::Relaxed);
        let Some(span) = ctx.span(id) else {
            return;
        };
        let name = attrs.metadata().name();
        let (fields, line) = self.encode(name, &ContextBytes::EMPTY, |w| attrs.record(w));
        let timing = self
            .options
            .timed()
            .then(|| Timing::new(nanos_since(self.epoch)));
        let data = SpanData {
            name,
            fields,
            line,
            timing,
        };
        let mut ext = span.extensions_mut();
        match ext.get_mut::<SpanStore>() {
            Some(store) => store.put(self.id, data),
            None => {
                let mut store = SpanStore::default();
                store.put(self.id, data);
                ext.insert(store);
            }
        }
        drop(ext);
        if self.options.span_events.contains(SpanEvents::NEW) {
            self.span_line(&span, "new", None);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else {
            return;
        };
        // Encode without holding the extensions' lock (a value's Display
        // may log, and that event reads this span); store only if nobody
        // recorded into the span meanwhile, else start again from theirs.
        loop {
            let Some((name, old)) = span
                .extensions()
                .get::<SpanStore>()
                .and_then(|st| st.get(self.id))
                .map(|d| (d.name, d.fields.clone()))
            else {
                return;
            };
            let (fields, line) = self.encode(name, &old, |w| values.record(w));
            let mut ext = span.extensions_mut();
            let Some(data) = ext
                .get_mut::<SpanStore>()
                .and_then(|st| st.get_mut(self.id))
            else {
                return;
            };
            if emit::same(&data.fields, &old) {
                data.fields = fields;
                data.line = line;
                return;
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let meta = event.metadata();
        // tracing-log's events say target "log"; their real target, file
        // and line are fields.
        let normalized = if meta.target() == "log" {
            event.normalized_metadata()
        } else {
            None
        };
        let (target, site) = match &normalized {
            Some(m) => (m.target(), log_site(m)),
            None => (meta.target(), meta as *const Metadata<'_> as usize),
        };
        let level = emit::level(meta.level());
        if !emit::wanted(&self.logger, site, level, target) {
            return;
        }
        let from_log = normalized.is_some();
        let source = emit::source(normalized.as_ref().unwrap_or(meta));
        // Outside any span (common), no span table is made at all.
        let mut held = None;
        let mut innermost = None;
        let scope = if self.live_spans.load(Ordering::Relaxed) == 0 {
            None // no span of ours is open anywhere
        } else {
            ctx.event_scope(event)
        };
        if let Some(scope) = scope {
            let held = held.insert(Held::new());
            for span in scope {
                if let Some(d) = span
                    .extensions()
                    .get::<SpanStore>()
                    .and_then(|st| st.get(self.id))
                {
                    innermost.get_or_insert(d.name);
                    held.push(d.line.clone());
                }
            }
        }
        let span_name = if self.options.span_name && self.options.layout == SpanLayout::Flattened {
            innermost
        } else {
            None
        };
        let spans = held.as_mut().map_or(&[][..], Held::outermost_first);
        let list = self.options.list_key();
        if !emit::message_allowed(&self.logger, &format_args!("{}", Message(event))) {
            return;
        }
        // A `log` record handed over by this layer's `LogBridge` brings its
        // key-values, encoded; they follow the event's fields.
        let taken = if from_log { bridge::take() } else { None };
        let kvs = taken.as_ref().filter(|fw| fw.is_for(&self.logger));
        // The call site's keys say whether its message comes first; a site
        // without a slot of its own is looked at per event.
        let keys = if self.one_pass {
            self.keys.of(meta)
        } else {
            None
        };
        let one_pass = match keys {
            Some(k) => k.message_first,
            None => self.one_pass && message_first(event),
        };
        if one_pass {
            // One pass: the message, then the fields.
            emit::line_open(
                &self.logger,
                level,
                target,
                source,
                spans,
                list,
                |enc, buf, open| {
                    let mut w = FieldWriter::event_open(enc, buf, from_log, open, span_name, keys);
                    event.record(&mut w);
                    w.finish();
                    if let Some(fw) = kvs {
                        buf.extend_from_slice(fw.get(enc.slot()));
                    }
                },
            );
        } else {
            // The message comes later among the fields: a pass for it first.
            emit::line(
                &self.logger,
                level,
                target,
                format_args!("{}", Message(event)),
                source,
                spans,
                list,
                |enc, buf| {
                    if let Some(name) = span_name {
                        enc.field(buf, "span", &Value::Str(name));
                    }
                    event.record(&mut FieldWriter::event(enc, buf, from_log));
                    if let Some(fw) = kvs {
                        buf.extend_from_slice(fw.get(enc.slot()));
                    }
                },
            );
        }
        if let Some(taken) = taken {
            bridge::put_back(taken);
        }
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        let e = self.options.span_events;
        if !(self.options.timed() || e.contains(SpanEvents::ENTER)) {
            return;
        }
        let Some(span) = ctx.span(id) else {
            return;
        };
        if let Some(t) = span
            .extensions()
            .get::<SpanStore>()
            .and_then(|st| st.get(self.id))
            .and_then(|d| d.timing.as_ref())
        {
            t.enter(nanos_since(self.epoch));
        };
        if e.contains(SpanEvents::ENTER) {
            self.span_line(&span, "enter", None);
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let e = self.options.span_events;
        if !(self.options.timed() || e.contains(SpanEvents::EXIT)) {
            return;
        }
        let Some(span) = ctx.span(id) else {
            return;
        };
        if e.contains(SpanEvents::EXIT) {
            self.span_line(&span, "exit", None);
        }
        let ext = span.extensions();
        if let Some(t) = ext
            .get::<SpanStore>()
            .and_then(|st| st.get(self.id))
            .and_then(|d| d.timing.as_ref())
        {
            t.exit(nanos_since(self.epoch));
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        self.live_spans.fetch_sub(1, Ordering::Relaxed);
        if !self.options.span_events.contains(SpanEvents::CLOSE) {
            return;
        }
        let Some(span) = ctx.span(&id) else {
            return;
        };
        let times = span
            .extensions()
            .get::<SpanStore>()
            .and_then(|st| st.get(self.id))
            .and_then(|d| d.timing.as_ref())
            .map(|t| t.close(nanos_since(self.epoch)));
        self.span_line(&span, "close", times);
    }
}
