package io.windhover.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a listener binds: an IP address and port, a Unix domain socket path, or a server socket
 * bound elsewhere and handed in.
 *
 * <pre>{@code
 * EndPoint.loopback(0);                              // 127.0.0.1, any free port
 * EndPoint.of(new InetSocketAddress("::1", 8080));
 * EndPoint.unix(Path.of("/run/app.sock"));
 * }</pre>
 */
public sealed interface EndPoint {

    /** An IP end point; port 0 asks the OS for a free port (the listener reports the one chosen). */
    record Inet(InetSocketAddress address) implements EndPoint {
        public Inet {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            String host = address.getAddress().getHostAddress();
            return host.contains(":") ? "[" + compressed(host) + "]:" + address.getPort() : host + ":" + address.getPort();
        }

        /**
         * An IPv6 address in RFC 5952's short form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}): the
         * longest run of two or more zero groups becomes {@code ::}. The JDK prints the long form.
         */
        static String compressed(String host) {
            int percent = host.indexOf('%');
            String scope = percent < 0 ? "" : host.substring(percent);
            String[] groups = (percent < 0 ? host : host.substring(0, percent)).split(":");
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < groups.length; ) {
                if (!groups[i].equals("0")) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < groups.length && groups[i].equals("0")) {
                    i++;
                }
                if (i - start > bestLength) {
                    bestStart = start;
                    bestLength = i - start;
                }
            }
            if (bestStart < 0) {
                return host;
            }
            String before = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
            String after = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
            return before + "::" + after + scope;
        }
    }

    /** A Unix domain socket at {@code path}; written {@code http://unix:/path} in URLs, as ASP.NET writes it. */
    record Unix(Path path) implements EndPoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * A server socket already bound by someone else and handed in: by a supervisor through
     * {@link System#inheritedChannel()} (systemd socket activation, inetd), or by a test. The
     * listener takes ownership and closes it.
     */
    record Channel(ServerSocketChannel channel) implements EndPoint {
        public Channel {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String toString() {
            try {
                return "handed-in " + channel.getLocalAddress();
            } catch (java.io.IOException e) {
                return "handed-in channel";
            }
        }
    }

    static EndPoint of(InetSocketAddress address) {
        return new Inet(address);
    }

    /** 127.0.0.1 at {@code port}. */
    static EndPoint loopback(int port) {
        return new Inet(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    static EndPoint unix(Path path) {
        return new Unix(path);
    }
}
