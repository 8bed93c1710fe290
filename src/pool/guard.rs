//! The borrowed object.

use std::fmt;
use std::ops::{Deref, DerefMut};

use super::Pool;

/// An object borrowed from a [`Pool`]; given back on drop.
///
/// Dereferences (mutably) to `T`. When dropped, the object is reset and kept
/// for reuse, or freed if it grew past the pool's size cap or there is no room
/// for it. A guard may be sent to and dropped on another thread; the object
/// then goes to the pool's shared spill list instead of being lost.
///
/// # Example
///
/// ```
/// use spoolog::pool::Pool;
///
/// let pool = Pool::byte_buffers(64, 4096);
/// let mut buf = pool.get();
/// buf.extend_from_slice(b"hello");
/// assert_eq!(&buf[..], b"hello");
/// drop(buf); // cleared and kept
/// assert!(pool.get().is_empty());
/// ```
#[must_use = "dropping the guard immediately gives the object back"]
pub struct PoolGuard<'a, T: Send + 'static> {
    pool: &'a Pool<T>,
    /// `Some` from creation until `drop` or `detach`.
    value: Option<T>,
    /// Id of the slot the object came from; `0` means "not from a slot"
    /// (thread teardown fallback): freed on drop.
    origin: usize,
}

impl<'a, T: Send + 'static> PoolGuard<'a, T> {
    #[inline]
    pub(super) fn new(pool: &'a Pool<T>, value: T, origin: usize) -> Self {
        PoolGuard {
            pool,
            value: Some(value),
            origin,
        }
    }

    /// Take the object out of the pool for good: it is not reset and will not
    /// be given back.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::byte_buffers(64, 4096);
    /// let mut buf = pool.get();
    /// buf.extend_from_slice(b"keep me");
    /// let owned: Vec<u8> = buf.detach();
    /// assert_eq!(owned, b"keep me");
    /// assert_eq!(pool.stats().detached, 1);
    /// ```
    pub fn detach(mut self) -> T {
        self.pool.note_detached();
        match self.value.take() {
            Some(v) => v,
            None => unreachable!("PoolGuard value is present until drop or detach"),
        }
    }

    /// Take the object out without counting it as detached: the caller
    /// (the front slot) gives it back to the pool later.
    pub(super) fn take_quietly(&mut self) -> Option<T> {
        self.value.take()
    }

    /// The pool this object belongs to.
    ///
    /// ```
    /// use spoolog::pool::Pool;
    ///
    /// let pool = Pool::new(String::new);
    /// let g = pool.get();
    /// assert!(std::ptr::eq(g.pool(), &pool));
    /// ```
    pub fn pool(&self) -> &'a Pool<T> {
        self.pool
    }
}

impl<T: Send + 'static> Deref for PoolGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        match &self.value {
            Some(v) => v,
            None => unreachable!("PoolGuard value is present until drop or detach"),
        }
    }
}

impl<T: Send + 'static> DerefMut for PoolGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        match &mut self.value {
            Some(v) => v,
            None => unreachable!("PoolGuard value is present until drop or detach"),
        }
    }
}

impl<T: Send + 'static> Drop for PoolGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Some(v) = self.value.take() {
            self.pool.give_back(v, self.origin);
        }
    }
}

impl<T: Send + 'static + fmt::Debug> fmt::Debug for PoolGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolGuard")
            .field("value", &self.value)
            .field("origin", &self.origin)
            .finish()
    }
}
