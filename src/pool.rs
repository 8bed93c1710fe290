//! STUB — replaced by the pool work. Interface only.
use std::ops::{Deref, DerefMut};

/// A typed pool of reusable objects.
pub struct Pool<T: Send> {
    create: fn() -> T,
    reset: fn(&mut T),
}

/// Builder for [`Pool`].
pub struct PoolBuilder<T: Send> {
    create: fn() -> T,
    reset: fn(&mut T),
}

impl<T: Send> PoolBuilder<T> {
    /// Called on every object given back, before it is kept.
    pub fn reset(mut self, f: fn(&mut T)) -> Self {
        self.reset = f;
        self
    }
    /// How the size of an object is measured (for the size cap).
    pub fn size(self, _f: fn(&T) -> usize) -> Self {
        self
    }
    /// Objects whose size exceeds this are freed, not kept.
    pub fn max_size(self, _n: usize) -> Self {
        self
    }
    /// How many idle objects a thread keeps.
    pub fn per_thread(self, _n: usize) -> Self {
        self
    }
    /// Build the pool.
    pub fn build(self) -> Pool<T> {
        Pool {
            create: self.create,
            reset: self.reset,
        }
    }
}

impl<T: Send> Pool<T> {
    /// A builder with `create` making new objects.
    pub fn builder(create: fn() -> T) -> PoolBuilder<T> {
        PoolBuilder {
            create,
            reset: |_| {},
        }
    }
    /// Byte buffers preset.
    pub fn byte_buffers(initial: usize, max: usize) -> Pool<Vec<u8>> {
        let _ = (initial, max);
        Pool::builder(|| Vec::with_capacity(512))
            .reset(Vec::clear)
            .build()
    }
    /// Borrow an object.
    pub fn get(&self) -> PoolGuard<'_, T> {
        PoolGuard {
            pool: self,
            value: Some((self.create)()),
        }
    }
}

/// An object borrowed from a [`Pool`]; given back on drop.
pub struct PoolGuard<'a, T: Send> {
    pool: &'a Pool<T>,
    value: Option<T>,
}

impl<T: Send> Deref for PoolGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value.as_ref().unwrap()
    }
}
impl<T: Send> DerefMut for PoolGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.as_mut().unwrap()
    }
}
impl<T: Send> Drop for PoolGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(mut v) = self.value.take() {
            (self.pool.reset)(&mut v);
        }
    }
}
