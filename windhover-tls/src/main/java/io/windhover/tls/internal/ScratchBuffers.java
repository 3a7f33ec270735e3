package io.windhover.tls.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Record-sized heap buffers shared by every TLS connection of a server, lent for one pump pass.
 *
 * <p>{@code SSLEngine.wrap} wants room for a whole record (16,709 bytes) whatever it wraps, and
 * {@code unwrap} room for the whole plaintext of a record; pool blocks are 4 KiB. So a pass wraps
 * into one of these and copies the record into the transport's pipe, and unwraps here a record that
 * does not fit the pipe's memory or crosses two of its blocks. Lending them per pass, not per
 * connection, keeps an idle TLS connection free of them.
 *
 * <p>Thread-safe, lock-free; allocates only when every slot is lent out.
 */
public final class ScratchBuffers {

    /**
     * 18,437 bytes: the longest TLS 1.2 record a peer may send (RFC 5246 §6.2.3, 5 + 2^14 + 2048),
     * which is also above the JDK's packet (16,709) and application (16,676) buffer sizes.
     */
    public static final int SIZE = 18 * 1024 + 5;

    private final AtomicReferenceArray<ByteBuffer> slots;

    public ScratchBuffers(int slots) {
        this.slots = new AtomicReferenceArray<>(slots);
    }

    /** A cleared buffer of {@link #SIZE} bytes; give it back with {@link #release}. */
    public ByteBuffer take() {
        int start = (int) (Thread.currentThread().threadId() % slots.length());
        for (int i = 0; i < slots.length(); i++) {
            ByteBuffer buffer = slots.getAndSet((start + i) % slots.length(), null);
            if (buffer != null) {
                return buffer.clear();
            }
        }
        return ByteBuffer.allocate(SIZE);
    }

    /** Returns {@code buffer} for reuse; when every slot is full it is left to the collector. */
    public void release(ByteBuffer buffer) {
        int start = (int) (Thread.currentThread().threadId() % slots.length());
        for (int i = 0; i < slots.length(); i++) {
            if (slots.compareAndSet((start + i) % slots.length(), null, buffer)) {
                return;
            }
        }
    }
}
