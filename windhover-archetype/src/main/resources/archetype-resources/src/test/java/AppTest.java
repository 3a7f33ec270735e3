package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.test.TestClient;
import io.windhover.test.WindhoverTestHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application in memory, through its own create method, with the test host's client. */
class AppTest {

    @RegisterExtension
    static WindhoverTestHost host = WindhoverTestHost.of(App::create);

    @Test
    void saysHello(TestClient client) throws Exception {
        assertThat(client.get("/").body()).isEqualTo("Hello, World!");
    }

    @Test
    void greetsByName(TestClient client) throws Exception {
        assertThat(client.get("/hello/Ann").json(App.Greeting.class).message()).isEqualTo("Hello, Ann!");
    }
}
