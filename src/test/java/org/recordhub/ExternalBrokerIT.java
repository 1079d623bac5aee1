package org.recordhub;

import java.net.ServerSocket;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
			String requestId = env.submit(RequestBodies.request("Jane", "Doe", "1980-04-12", "sandbox-clinic"));
			env.awaitStatus(requestId, "DELIVERED");
			assertThat(broker.getActiveMQServer().getTotalMessagesAdded()).isGreaterThanOrEqualTo(4);
			assertThat(env.app().getBeanNamesForType(EmbeddedActiveMQ.class)).isEmpty();
		}
		finally {
			broker.stop();
		}
	}

}
