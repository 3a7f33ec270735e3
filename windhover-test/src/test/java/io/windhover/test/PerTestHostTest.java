package io.windhover.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.web.WebApplication;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The host in an instance field: an application per test, with the test method's settings over the class's. */
@Setting(key = "Greeting:Word", value = "Hello")
class PerTestHostTest {

    private static final Set<WebApplication> STARTED = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    WindhoverTestHost host = WindhoverTestHost.of(args -> {
        WebApplication app = GreetingApp.create(args);
        STARTED.add(app);
        return app;
    });

    @Test
    void takesTheClassSetting(TestClient client) throws Exception {
        assertThat(client.get("/hello/ann").body()).isEqualTo("Hello, ann!");
    }

    @Test
    @Setting(key = "Greeting:Word", value = "Howdy")
    void takesTheMethodsSettingOverTheClasss(TestClient client) throws Exception {
        assertThat(client.get("/hello/ann").body()).isEqualTo("Howdy, ann!");
    }

    @AfterAll
    static void eachTestHadItsOwnApplication() {
        assertThat(STARTED).hasSize(2);
    }
}
