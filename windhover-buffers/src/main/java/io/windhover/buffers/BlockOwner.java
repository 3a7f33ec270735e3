package io.windhover.buffers;

/** The pool side of {@link MemoryBlock#close()}; kept out of the public {@link MemoryPool} contract. */
interface BlockOwner {
    void giveBack(MemoryBlock block);
}
