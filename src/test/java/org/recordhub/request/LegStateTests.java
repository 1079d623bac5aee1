package org.recordhub.request;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LegStateTests {

	@Test
	void shouldFollowTheHappyPathOfARetrieval() {
		List<LegState> path = List.of(LegState.NEW, LegState.AUTHORIZATION_CHECK, LegState.READY, LegState.SUBMITTED,
				LegState.ACKNOWLEDGED, LegState.IN_PROGRESS, LegState.RECORDS_RECEIVED, LegState.PROCESSING,
				LegState.COMPLETE, LegState.DELIVERED);
		for (int i = 1; i < path.size(); i++) {
			assertThat(path.get(i - 1).canMoveTo(path.get(i))).as(path.get(i - 1) + " > " + path.get(i)).isTrue();
		}
	}

	@Test
	void shouldNeverSendBeforeTheAuthorizationIsChecked() {
		assertThat(LegState.NEW.canMoveTo(LegState.SUBMITTED)).isFalse();
		assertThat(LegState.NEW.canMoveTo(LegState.READY)).isFalse();
		assertThat(LegState.AUTHORIZATION_CHECK.canMoveTo(LegState.SUBMITTED)).isFalse();
		assertThat(LegState.AUTHORIZATION_REJECTED.canMoveTo(LegState.READY)).isFalse();
	}

	@Test
	void shouldNeverDeliverWhatWasNotProcessed() {
		assertThat(LegState.leadingTo(LegState.DELIVERED)).containsExactlyInAnyOrder(LegState.COMPLETE,
				LegState.INCOMPLETE);
		assertThat(LegState.RECORDS_RECEIVED.canMoveTo(LegState.DELIVERED)).isFalse();
	}

	@Test
	void shouldKeepCancelledLegsClosed() {
		for (LegState next : LegState.values()) {
			assertThat(LegState.CANCELLED.canMoveTo(next)).as("CANCELLED > " + next).isFalse();
		}
	}

	@Test
	void shouldLetARejectedLegOnlyBeCheckedAgainOrCancelled() {
		assertThat(LegState.values()).filteredOn(LegState.AUTHORIZATION_REJECTED::canMoveTo)
			.containsExactlyInAnyOrder(LegState.AUTHORIZATION_CHECK, LegState.CANCELLED);
	}

	@Test
	void shouldLetStaffRetryAFailedLeg() {
		assertThat(LegState.FAILED.canMoveTo(LegState.READY)).isTrue();
	}

	@Test
	void shouldAcceptLateRecordsAfterDelivery() {
		assertThat(LegState.DELIVERED.acceptsRecords()).isTrue();
		assertThat(LegState.NO_RECORDS.acceptsRecords()).isTrue();
		assertThat(LegState.CANCELLED.acceptsRecords()).isFalse();
	}

	@Test
	void shouldDeriveTheRequestStatusFromItsLegs() {
		assertThat(RequestStatus.of(List.of(LegState.DELIVERED, LegState.SUBMITTED)))
			.isEqualTo(RequestStatus.IN_PROGRESS);
		assertThat(RequestStatus.of(List.of(LegState.DELIVERED, LegState.DELIVERED)))
			.isEqualTo(RequestStatus.DELIVERED);
		assertThat(RequestStatus.of(List.of(LegState.DELIVERED, LegState.NO_RECORDS)))
			.isEqualTo(RequestStatus.PARTIALLY_DELIVERED);
		assertThat(RequestStatus.of(List.of(LegState.FAILED, LegState.AUTHORIZATION_REJECTED)))
			.isEqualTo(RequestStatus.CLOSED);
		assertThat(RequestStatus.of(List.of(LegState.CANCELLED))).isEqualTo(RequestStatus.CANCELLED);
	}

}
