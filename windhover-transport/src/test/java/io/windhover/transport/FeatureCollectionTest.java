package io.windhover.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureCollectionTest {

    @Test
    void setsReplacesAndRemovesFeaturesByType() {
        var features = new FeatureCollection();
        assertThat(features.get(String.class)).isNull();
        features.set(String.class, "h2");
        features.set(Integer.class, 443);
        features.set(Long.class, 7L);
        assertThat(features.get(String.class)).isEqualTo("h2");
        assertThat(features.get(Integer.class)).isEqualTo(443);
        features.set(String.class, "http/1.1");
        assertThat(features.get(String.class)).isEqualTo("http/1.1");
        features.set(Integer.class, null);
        assertThat(features.get(Integer.class)).isNull();
        assertThat(features.get(String.class)).isEqualTo("http/1.1");
        assertThat(features.get(Long.class)).isEqualTo(7L);
        features.set(Double.class, null); // removing an absent feature does nothing
        assertThat(features.get(Double.class)).isNull();
    }
}
