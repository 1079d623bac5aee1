package org.recordhub;

import java.net.ServerSocket;
import java.time.Duration;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code recordhub.broker.url} set, the stages talk through that broker over TCP.
 */
class ExternalBrokerIT {

	@Test
	void shouldRunTheFlowThroughAnExternalBroker() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ()
			.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
				.setSecurityEnabled(false)
				.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
		broker.start();
		try (TestEnvironment env = new TestEnvironment(TestDatabase.H2)) {
			env.with("recordhub.broker.url", "tcp://127.0.0.1:" + port).start();
			String requestId = env
				.post("requester-a", "/api/v1/requests",
						RequestBodies.json(RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic")))
				.json()
				.path("id")
				.asString();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> env.get("requester-a", "/api/v1/requests/" + requestId).json().path("status").asString(),
						"DELIVERED"::equals);
			assertThat(broker.getActiveMQServer().getTotalMessagesAdded()).isGreaterThanOrEqualTo(4);
			assertThat(env.app().getBeanNamesForType(EmbeddedActiveMQ.class)).isEmpty();
		}
		finally {
			broker.stop();
		}
	}

}
