package io.windhover.server.http;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection after {@code 101 Switching Protocols}: its raw bytes in both directions, for the
 * protocol the application switched to (WebSockets, h2c later). Writes are sent on
 * {@link OutputStream#flush()}; closing either stream ends that direction.
 *
 * @param input bytes from the peer, starting right after the upgrade request's head
 * @param output bytes to the peer
 */
public record UpgradedConnection(InputStream input, OutputStream output) {
}
