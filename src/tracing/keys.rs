//! Field keys encoded once per call site.
//!
//! The crate's macros carry each key encoded at compile time; tracing's
//! fields arrive with only their names. The first event of a call site
//! encodes its plain keys (`,"key":` and ` key=`, the bytes
//! [`Encoder::field`](crate::encode::Encoder::field) would write) into a
//! slot of a fixed table, keyed by the address of the call site's static
//! metadata; later events copy them. Two call sites that share a slot: the
//! second keeps encoding its keys per event (same bytes, slower). A key that
//! is not plain ([`key_is_plain`]: ASCII letters, digits and `_`, not a
//! built-in key) is always encoded per event.

use crate::field::{key_is_plain, PreKey};
use std::sync::OnceLock;
use tracing_core::field::FieldSet;
use tracing_core::Metadata;

/// Slots in the table (a power of two).
const SLOTS: usize = 512;

/// One call site's keys, by field index.
pub(super) struct SiteKeys {
    site: usize,
    keys: Box<[Option<PreKey>]>,
    /// The index of the `message` field, if the call site has one.
    message: Option<usize>,
    /// The call site's fields can be written in one pass: its first field
    /// is `message`, or it has none (see the layer's `message_first`).
    pub(super) message_first: bool,
}

impl SiteKeys {
    fn new(site: usize, fields: &FieldSet) -> SiteKeys {
        let keys = fields
            .iter()
            .map(|f| {
                let name = f.name();
                key_is_plain(name).then(|| PreKey::new(name))
            })
            .collect();
        let message = fields
            .iter()
            .position(|f| f.name() == super::visit::MESSAGE);
        SiteKeys {
            site,
            keys,
            message,
            message_first: matches!(message, None | Some(0)),
        }
    }

    /// Whether the field at `index` is the call site's `message`.
    #[inline]
    pub(super) fn is_message(&self, index: usize) -> bool {
        self.message == Some(index)
    }

    /// The encoded key of the field at `index`, if it is plain.
    #[inline]
    pub(super) fn get(&self, index: usize) -> Option<&PreKey> {
        self.keys.get(index).and_then(Option::as_ref)
    }
}

/// The table of one layer.
pub(super) struct Keys {
    slots: Box<[OnceLock<SiteKeys>]>,
}

impl Keys {
    pub(super) fn new() -> Keys {
        Keys {
            slots: (0..SLOTS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The keys of the call site `meta`, encoded on its first event; `None`
    /// when its slot belongs to another call site.
    #[inline]
    pub(super) fn of(&self, meta: &'static Metadata<'static>) -> Option<&SiteKeys> {
        let site = meta as *const Metadata<'static> as usize;
        let h = (site as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &self.slots[(h >> 55) as usize & (SLOTS - 1)];
        let keys = slot.get_or_init(|| SiteKeys::new(site, meta.fields()));
        (keys.site == site).then_some(keys)
    }
}
