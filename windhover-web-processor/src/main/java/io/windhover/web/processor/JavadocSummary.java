package io.windhover.web.processor;

import java.util.List;

/** A Javadoc comment's first sentence, as an OpenAPI operation's summary. */
final class JavadocSummary {

    private JavadocSummary() {
    }

    /** The Javadoc's first sentence, inline tags reduced to their text. */
    static String of(String doc) {
        if (doc == null) {
            return "";
        }
        String text = doc.strip().replaceAll("\\{@\\w+\\s+([^}]*)}", "$1");
        int end = text.length();
        for (String stop : List.of(". ", ".\n", "\n\n", "\n@")) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, stop.startsWith(".") ? at + 1 : at);
            }
        }
        if (text.startsWith("@")) {
            return "";
        }
        return text.substring(0, end).replaceAll("\\s+", " ").strip();
    }
}
