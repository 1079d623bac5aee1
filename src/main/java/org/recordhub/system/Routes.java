package org.recordhub.system;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.util.URISupport;

/**
 * Which routes there are: a channel or delivery target exists when a route consumes its
 * endpoint.
 */
public final class Routes {

	private Routes() {
	}

	/** Whether a route (started or not) consumes the endpoint. */
	public static boolean consume(CamelContext camel, String uri) {
		String normalized;
		try {
			normalized = URISupport.normalizeUri(uri);
		}
		catch (Exception ex) {
			return false;
		}
		for (Route route : camel.getRoutes()) {
			if (route.getEndpoint().getEndpointUri().equals(normalized)) {
				return true;
			}
		}
		return false;
	}

}
