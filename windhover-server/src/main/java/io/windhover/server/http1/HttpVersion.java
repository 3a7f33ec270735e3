package io.windhover.server.http1;

/** The HTTP/1.x versions a request line may carry; other well-formed versions are answered 505. */
public enum HttpVersion {
    HTTP_1_0, HTTP_1_1
}
