package org.recordhub.dashboard;

import org.recordhub.request.IllegalTransitionException;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A form's action, then back to the page with what happened: a person who clicked twice,
 * or on a leg that moved meanwhile, reads why nothing changed.
 */
@Component
class Actions {

	String run(RedirectAttributes redirect, String to, String done, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("notice", done);
		}
		catch (RuntimeException ex) {
			if (ex instanceof org.springframework.security.access.AccessDeniedException denied) {
				throw denied;
			}
			redirect.addFlashAttribute("problem", message(ex));
		}
		return "redirect:" + to;
	}

	static String message(RuntimeException ex) {
		if (ex instanceof IllegalTransitionException) {
			return "Nothing changed: the leg has moved on since the page was shown (" + ex.getMessage() + ").";
		}
		return ex.getMessage();
	}

	/** Back to a dashboard page the form names, else to the default. */
	static String back(String requested, String fallback) {
		return (requested != null && requested.startsWith("/dashboard/") && !requested.contains("//")) ? requested
				: fallback;
	}

}
