package org.recordhub.request;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recordhub.request.Legs.Transition;
import org.recordhub.tracking.EventLog;
import org.recordhub.tracking.TimelineEvent;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.flywaydb.core.Flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** State changes on a real database (H2 in PostgreSQL mode, migrated by Flyway). */
class LegsTests {

	private Legs legs;

	private EventLog events;

	private RequestRepository repository;

	@BeforeEach
	void migrate() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa",
				"");
		Flyway.configure().dataSource(dataSource).load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
		this.repository = new RequestRepository(jdbc, JsonMapper.builder().build());
		this.events = new EventLog(jdbc, clock);
		this.legs = new Legs(this.repository, this.events, clock);
		this.repository.insert(new RetrievalRequest("r1", "smith-lee", "requester-a", clock.instant(),
				RequestStatus.IN_PROGRESS, "LITIGATION", Priority.ROUTINE, null,
				List.of(new ProviderLeg("l1", "r1", "sandbox-clinic", LegState.NEW, null, null, clock.instant()))));
	}

	@Test
	void shouldRecordEveryMoveOnTheTimeline() {
		assertThat(this.legs.advance("l1", Set.of(LegState.NEW), Transition.to(LegState.AUTHORIZATION_CHECK, "check")))
			.isTrue();
		List<TimelineEvent> timeline = this.events.forRequest("r1");
		assertThat(timeline).singleElement().satisfies((event) -> {
			assertThat(event.fromState()).isEqualTo("NEW");
			assertThat(event.toState()).isEqualTo("AUTHORIZATION_CHECK");
			assertThat(event.detail()).isEqualTo("check");
		});
	}

	@Test
	void shouldDoNothingWhenTheLegIsAlreadyPastTheExpectedState() {
		this.legs.advance("l1", Set.of(LegState.NEW), Transition.to(LegState.AUTHORIZATION_CHECK, "check"));
		assertThat(this.legs.advance("l1", Set.of(LegState.NEW), Transition.to(LegState.AUTHORIZATION_CHECK, "again")))
			.isFalse();
		assertThat(this.events.forRequest("r1")).hasSize(1);
	}

	@Test
	void shouldRefuseAnIllegalTransitionAndChangeNothing() {
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> this.legs.move("l1", Transition.to(LegState.DELIVERED, "skip everything")))
			.withMessageContaining("cannot move from NEW to DELIVERED");
		assertThat(this.legs.find("l1").orElseThrow().state()).isEqualTo(LegState.NEW);
		assertThat(this.events.forRequest("r1")).isEmpty();
	}

	@Test
	void shouldKeepTheRequestStatusInStepWithItsLegs() {
		this.legs.move("l1", Transition.to(LegState.CANCELLED, "by requester"));
		assertThat(this.repository.find("r1").orElseThrow().status()).isEqualTo(RequestStatus.CANCELLED);
	}

	@Test
	void shouldSetTheChannelOnce() {
		assertThat(this.legs.assignChannel("l1", "sftp", List.of(), "only endpoint", null, null)).isTrue();
		assertThat(this.legs.assignChannel("l1", "fax", List.of(), "changed my mind", null, null)).isFalse();
		assertThat(this.legs.find("l1").orElseThrow().channel()).isEqualTo("sftp");
	}

	@Test
	void shouldTryTheFallbacksInOrderThenGiveUp() {
		this.legs.move("l1", Transition.to(LegState.AUTHORIZATION_CHECK, "check"));
		this.legs.move("l1", Transition.to(LegState.READY, "ok"));
		this.legs.assignChannel("l1", "sftp", List.of("email", "fax"), "rules", "channel@x", List.of("SFTP base"));
		assertThat(this.legs.switchToFallback("l1", "host key")).isEqualTo("email");
		assertThat(this.legs.switchToFallback("l1", "mailbox full")).isEqualTo("fax");
		assertThat(this.legs.switchToFallback("l1", "busy")).isNull();
		assertThat(this.legs.find("l1").orElseThrow().channel()).isEqualTo("fax");
		assertThat(this.events.forRequest("r1")).filteredOn((e) -> e.type().equals("CHANNEL_SWITCHED"))
			.extracting(TimelineEvent::detail)
			.containsExactly("sftp failed (host key); trying email", "email failed (mailbox full); trying fax");
	}

}
