package io.windhover.test;

/**
 * How the test client reaches the application: one exchange per connection, the request's bytes
 * in, every byte the server sent until it closed out.
 */
interface Connector extends AutoCloseable {

    byte[] exchange(byte[] request) throws Exception;

    @Override
    void close() throws Exception;
}
