package org.recordhub.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Tells a requester organisation something through its notice routes (email-notice,
 * webhook-notice in {@code routes/}): a delivery, or a leg that needs its answer or went
 * overdue. Notices carry ids and words, never patient data.
 */
@Component
public class RequesterNotices {

	private final DeliveryRoutes routes;

	RequesterNotices(DeliveryRoutes routes) {
		this.routes = routes;
	}

	/**
	 * Sends the notice ({@code event}, {@code subject}, {@code message}, ids) to every
	 * notice route of the requester.
	 * @return where it went (none when the requester has no notice route)
	 */
	public List<String> send(String requesterId, String legId, Map<String, Object> notice) {
		List<String> sent = new ArrayList<>();
		for (DeliveryRoutes.Target target : List.of(DeliveryRoutes.Target.EMAIL, DeliveryRoutes.Target.WEBHOOK)) {
			String destination = this.routes.send(target, requesterId, legId, notice);
			if (destination != null) {
				sent.add(destination);
			}
		}
		return sent;
	}

}
