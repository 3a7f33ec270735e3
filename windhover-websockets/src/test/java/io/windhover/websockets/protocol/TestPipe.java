package io.windhover.websockets.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-memory connection with a bounded buffer: a writer that fills it waits
 * for the reader, as a transport's output pipe holds a flush. Closing the output is the end of
 * the stream; {@link #abort()} fails both ends, as a dropped connection does.
 */
final class TestPipe {

    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int start;
    private int size;
    private boolean ended;
    private boolean aborted;
    private long written;
    private int writersWaiting;

    TestPipe(int capacity) {
        ring = new byte[capacity];
    }

    final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            lock.lock();
            try {
                while (size == 0 && !ended && !aborted) {
                    changed.awaitUninterruptibly();
                }
                if (aborted) {
                    throw new IOException("connection aborted");
                }
                if (size == 0) {
                    return -1;
                }
                int count = Math.min(length, size);
                for (int i = 0; i < count; i++) {
                    target[offset + i] = ring[(start + i) % ring.length];
                }
                start = (start + count) % ring.length;
                size -= count;
                changed.signalAll();
                return count;
            } finally {
                lock.unlock();
            }
        }
    };

    final OutputStream output = new OutputStream() {
        @Override
        public void write(int value) throws IOException {
            write(new byte[] {(byte) value}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) throws IOException {
            lock.lock();
            try {
                for (int i = 0; i < length; ) {
                    while (size == ring.length && !aborted) {
                        writersWaiting++;
                        changed.signalAll();
                        changed.awaitUninterruptibly();
                        writersWaiting--;
                    }
                    if (aborted || ended) {
                        throw new IOException(aborted ? "connection aborted" : "output closed");
                    }
                    int count = Math.min(length - i, ring.length - size);
                    for (int j = 0; j < count; j++) {
                        ring[(start + size + j) % ring.length] = source[offset + i + j];
                    }
                    size += count;
                    written += count;
                    i += count;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    void abort() {
        lock.lock();
        try {
            aborted = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a writer is held by the full buffer: back-pressure reached, asserted without a sleep. */
    void awaitWriterBlocked() throws InterruptedException {
        lock.lock();
        try {
            while (writersWaiting == 0) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    int buffered() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    long written() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }
}
