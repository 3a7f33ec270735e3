package io.windhover.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A configuration setting for the application under test, on a test class or method: given to
 * the application as {@code --key=value}, the highest of its sources. A method's settings apply
 * when the host is started per test (an instance field); the class's to every start.
 *
 * <pre>{@code
 * @Test
 * @Setting(key = "Todo:MaxAttachmentBytes", value = "10")
 * void refusesALargeAttachment(TestClient client) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(Setting.List.class)
public @interface Setting {

    String key();

    String value();

    /** Several settings. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        Setting[] value();
    }
}
