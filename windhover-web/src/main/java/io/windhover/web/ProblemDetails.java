package io.windhover.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer in RFC 9457's format ({@code application/problem+json}): what went wrong, for
 * people ({@code title}, {@code detail}) and programs ({@code type}, {@code status}, extensions).
 *
 * @param type a URI naming the kind of problem, or null for {@code about:blank}
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong this time, or null
 * @param extensions more members, such as the parameter that failed to bind
 */
public record ProblemDetails(String type, String title, int status, String detail, Map<String, Object> extensions) {

    public ProblemDetails {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A problem of {@code status} with its standard reason as the title. */
    public static ProblemDetails of(int status, String detail) {
        return new ProblemDetails(null, reason(status), status, detail, Map.of());
    }

    /** The JSON members, in RFC 9457's order, absent ones left out. */
    Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        if (type != null) {
            members.put("type", type);
        }
        members.put("title", title);
        members.put("status", status);
        if (detail != null) {
            members.put("detail", detail);
        }
        members.putAll(extensions);
        return members;
    }

    /**
     * Removes the fields that describe a body about to be replaced by a problem: its type, length,
     * encoding and validators. Fields middleware added for the exchange (CORS, {@code Vary}, rate
     * limits) stay, so an error reaches a cross-origin page as readable as a success would.
     */
    public static void clearRepresentation(io.windhover.server.http.HttpHeaders headers) {
        for (String name : new String[] {"Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition",
                "Content-Range", "ETag", "Last-Modified", "Location"}) {
            headers.remove(name);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
