
}(typeof window !== 'undefined' ? window : this));
