package org.recordhub.system;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * An external Artemis broker (or cluster) by one property, {@code recordhub.broker.url}.
 * Without it, Spring Boot starts the embedded broker, persistent under
 * {@code data/artemis}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("recordhub.broker.url")
class BrokerConfiguration {

	@Bean
	ConnectionFactory connectionFactory(@Value("${recordhub.broker.url}") String url,
			@Value("${recordhub.broker.user:}") String user, @Value("${recordhub.broker.password:}") String password) {
		ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
		if (!user.isEmpty()) {
			factory.setUser(user);
			factory.setPassword(password);
		}
		return new CachingConnectionFactory(factory);
	}

}
